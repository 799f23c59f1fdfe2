import type { Database } from "../../server/src/db/database.ts";

/**
 * After the load: waits (up to `timeoutMs`) until the outbox has nothing in flight, then counts what the soak's writes
 * became: trades settled on chain, KYC approvals registered, outbox entries confirmed or failed.
 */
export async function waitForSettlement(db: Database, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const count = async (sql: string) => Number((await db.query<{ n: string }>(`select count(*)::text as n from ${sql}`)).rows[0]!.n);
  while (Date.now() < deadline && (await count(`outbox_entries where status in ('pending', 'sending', 'sent')`)) > 0) {
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    outboxInFlight: await count(`outbox_entries where status in ('pending', 'sending', 'sent')`),
    outboxConfirmed: await count(`outbox_entries where status = 'confirmed'`),
    outboxFailed: await count(`outbox_entries where status = 'failed'`),
    tradesConfirmed: await count(`market_trades where status = 'confirmed'`),
    tradesPendingOrFailed: await count(`market_trades where status <> 'confirmed'`),
    kycApproved: await count(`kyc_applications where status = 'approved'`),
    ordersOpen: await count(`market_orders where status = 'open'`),
  };
}
