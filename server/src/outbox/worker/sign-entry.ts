import type { OutboxRow } from "../outbox-entry.ts";
import { feesOf, recordAttempt, transactionOf } from "./entry-rows.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Signs with the entry's nonce and fees and records the bytes and hash before anything is broadcast. */
export async function signEntry(ctx: WorkerContext, row: OutboxRow): Promise<OutboxRow | null> {
  const signed = await ctx.signer.sign(transactionOf(row, feesOf(row)));
  const persisted = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<OutboxRow>(
      `update outbox_entries set raw_tx = $2, tx_hash = $3, attempts = attempts + 1, updated_at = now()
       where id = $1 and status = 'sending' and raw_tx is null returning *`,
      [row.id, signed.raw, signed.hash],
    );
    if (!rows[0]) return null; // another worker signed it first: these bytes are dropped unsent
    await recordAttempt(tx, { row: rows[0], signed, fees: feesOf(row) });
    return rows[0];
  });
  if (persisted) ctx.step("signed", Number(row.id));
  return persisted;
}
