import { TransactionReceiptNotFoundError, type Hex, type TransactionReceipt } from "viem";
import type { OutboxRow } from "../outbox-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** The receipt of whichever attempt of this entry was mined, if any (attempts share a nonce: at most one is). */
export async function findReceipt(ctx: WorkerContext, row: OutboxRow): Promise<TransactionReceipt | null> {
  const { rows } = await ctx.db.query<{ tx_hash: Hex }>(`select tx_hash from outbox_attempts where entry_id = $1 order by created_at desc`, [row.id]);
  for (const { tx_hash: hash } of rows) {
    try {
      return await ctx.client.getTransactionReceipt({ hash });
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
    }
  }
  return null;
}

/**
 * The chain has mined this nonce but none of our attempts: the key was used outside the outbox. None of our
 * bytes can be mined any more, so the entry goes back to pending for a new nonce (it is not lost).
 */
export async function nonceTakenElsewhere(ctx: WorkerContext, row: OutboxRow): Promise<boolean> {
  const mined = await ctx.client.getTransactionCount({ address: ctx.sender, blockTag: "latest" });
  if (mined <= Number(row.nonce) || (await findReceipt(ctx, row))) return false;
  ctx.log.error({ msg: "outbox nonce used outside the outbox; entry requeued", entryId: Number(row.id), nonce: Number(row.nonce) });
  await ctx.db.query(
    `update outbox_entries set status = 'pending', nonce = null, raw_tx = null, tx_hash = null, sent_at = null,
       last_error = 'nonce used outside the outbox: requeued', updated_at = now()
     where id = $1 and status in ('sending', 'sent')`,
    [row.id],
  );
  return true;
}
