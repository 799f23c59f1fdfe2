import type { Hash } from "viem";
import { lower } from "./chain-reads.ts";
import { areaReport, type AreaReport, type ReconcileContext } from "./types.ts";

/** Writes meant to happen once per intent: the same call confirmed twice is a duplicate, never a repeat decision. */
const ONCE = ["kyc.registerInvestor", "kyc.batchRegisterInvestors", "kyc.addWallets", "market.settle", "distribution.pushClaims"];
/** Receipts asked for at a time (one JSON-RPC request each). */
const RECEIPTS_AT_ONCE = 32;

interface EntryRow { id: string; purpose: string; tx_hash: string; block_number: string | null; block_hash: string | null }

/**
 * The outbox's writes: nothing lost (every entry confirmed in the database has a successful receipt on chain, in the
 * block the database recorded) and nothing written twice (no two confirmed entries carry the same once-only call;
 * one entry per nonce and per idempotency key the schema already guarantees). Entries still pending, sending or sent
 * are counted as in flight.
 */
export async function reconcileOutbox(ctx: ReconcileContext): Promise<AreaReport> {
  const a = areaReport("outbox writes", ctx.head);
  const { rows } = await ctx.db.query<EntryRow>(
    `select id::text as id, purpose, lower(tx_hash) as tx_hash, block_number::text as block_number, lower(block_hash) as block_hash
     from outbox_entries where chain_id = $1 and status = 'confirmed' order by id`, [ctx.chainId]);
  for (let i = 0; i < rows.length; i += RECEIPTS_AT_ONCE) {
    const slice = rows.slice(i, i + RECEIPTS_AT_ONCE);
    const receipts = await Promise.all(slice.map((r) => ctx.client.getTransactionReceipt({ hash: r.tx_hash as Hash }).catch(() => null)));
    slice.forEach((r, j) => compareReceipt(a, r, receipts[j] ?? null));
  }
  const { rows: twice } = await ctx.db.query<{ purpose: string; ids: string[] }>(
    `select min(purpose) as purpose, array_agg(id::text order by id) as ids from outbox_entries
     where chain_id = $1 and status = 'confirmed' and purpose = any($2::text[]) group by to_address, data, value having count(*) > 1`,
    [ctx.chainId, ONCE]);
  for (const d of twice) a.differ("outbox.duplicate", `entries ${d.ids.join(", ")}`, `the same ${d.purpose} call confirmed ${d.ids.length} times`);
  const { rows: open } = await ctx.db.query<{ status: string; n: string }>(
    `select status, count(*)::text as n from outbox_entries where chain_id = $1 and status in ('pending', 'sending', 'sent') group by status order by status`, [ctx.chainId]);
  for (const o of open) a.later("outbox.open", `${o.n} entr${o.n === "1" ? "y" : "ies"}`, `still ${o.status}`);
  return a.done();
}

function compareReceipt(a: ReturnType<typeof areaReport>, r: EntryRow, receipt: { status: string; blockNumber: bigint; blockHash: string } | null) {
  a.check();
  const subject = `entry ${r.id} (${r.purpose})`;
  if (!receipt) return a.differ("outbox.lost", subject, `confirmed in the database (tx ${r.tx_hash}), no such transaction mined on chain`);
  if (receipt.status !== "success") return a.differ("outbox.reverted", subject, `confirmed in the database, reverted on chain (tx ${r.tx_hash})`);
  if (r.block_hash && lower(receipt.blockHash) !== r.block_hash) {
    a.differ("outbox.block", subject, `mined in block ${r.block_number} (${r.block_hash}) says the database, in block ${receipt.blockNumber} (${receipt.blockHash}) on chain`);
  }
}
