import type { Hex } from "viem";
import type { OutboxRow } from "../outbox-entry.ts";
import { noteError, shortError } from "./entry-rows.ts";
import { findReceipt } from "./receipts.ts";
import { releaseReorganisedNonce } from "./release-nonce.ts";
import { announce } from "./settle-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** How far below the head confirmed entries are checked after a reorganisation: far deeper than any confirmation depth in use. */
export const REORG_WATCH_BLOCKS = 256n;

/**
 * Confirmed is not final: a reorganisation deeper than the confirmation depth can take a confirmed write off the
 * chain. Whenever the head moves, the worker checks the blocks of the entries it confirmed: an entry whose block is
 * no longer on the chain is looked up again. Mined again elsewhere (the network put it back), it takes its new block;
 * gone, it goes back to `sent` and its signed bytes are broadcast again: the same nonce, so the write can never happen
 * twice, and the usual tracking (receipt, confirmations, fee bumps) takes over. Only the blocks above the last
 * verified head are read on each pass, the whole window when that head itself was reorganised (and on taking the
 * lead). An entry that reverted (failed with a receipt) and was reorganised out stays failed; if the chain no longer
 * holds it at all, its nonce goes to a no-op so that the writes after it are not stuck behind a hole.
 */
export function createReorgWatch(ctx: WorkerContext) {
  let verified: { number: bigint; hash: Hex } | null = null;
  const hashAt = async (number: bigint) => (await ctx.client.getBlock({ blockNumber: number }).catch(() => null))?.hash?.toLowerCase() ?? null;

  /** Returns how many entries it found reorganised. */
  return async function watchReorgs(): Promise<number> {
    const head = await ctx.client.getBlock({ blockTag: "latest" });
    const headHash = head.hash!.toLowerCase() as Hex;
    if (verified?.hash === headHash) return 0;
    const intact = verified !== null && verified.number <= head.number && (await hashAt(verified.number)) === verified.hash;
    const from = intact ? verified!.number + 1n : head.number - REORG_WATCH_BLOCKS;
    const { rows } = await ctx.db.query<OutboxRow>(
      `select * from outbox_entries where chain_id = $1 and sender = $2 and status in ('confirmed', 'failed') and block_number >= $3
       order by nonce`,
      [ctx.chainId, ctx.sender, (from < 0n ? 0n : from).toString()],
    );
    const hashes = new Map<string, string | null>();
    let moved = 0;
    for (const row of rows) {
      const block = String(row.block_number);
      if (!hashes.has(block)) hashes.set(block, await hashAt(BigInt(block)));
      if (hashes.get(block) === String(row.block_hash).toLowerCase()) continue;
      await (row.status === "failed" ? revertedAndReorganised(ctx, row) : reorganised(ctx, row));
      moved += 1;
    }
    verified = { number: head.number, hash: headHash };
    return moved;
  };
}

async function reorganised(ctx: WorkerContext, row: OutboxRow) {
  const id = Number(row.id);
  const receipt = await findReceipt(ctx, row);
  if (receipt) {
    const { rows } = await ctx.db.query<OutboxRow>(
      `update outbox_entries set tx_hash = $2, block_number = $3, block_hash = $4, gas_used = $5, effective_gas_price = $6,
         reorgs = reorgs + 1, updated_at = now()
       where id = $1 and status = 'confirmed' returning *`,
      [id, receipt.transactionHash, receipt.blockNumber.toString(), receipt.blockHash, receipt.gasUsed.toString(), receipt.effectiveGasPrice.toString()],
    );
    ctx.log.warn({ msg: "outbox entry reorganised and mined again in another block", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), from: Number(row.block_number), to: Number(receipt.blockNumber) });
    if (rows[0]) announce(ctx, rows[0]);
    return;
  }
  const { rows } = await ctx.db.query<OutboxRow>(
    `update outbox_entries set status = 'sent', block_number = null, block_hash = null, gas_used = null, effective_gas_price = null,
       sent_at = now(), reorgs = reorgs + 1, last_error = 'reorganised out of the chain: its signed transaction was sent again', updated_at = now()
     where id = $1 and status = 'confirmed' returning *`,
    [id],
  );
  if (!rows[0]) return;
  ctx.log.warn({ msg: "outbox entry reorganised out of the chain; sending its signed transaction again", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), block: Number(row.block_number) });
  try {
    await ctx.client.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex });
  } catch (error) {
    // Already pooled again, or the node refuses for now: the next passes track it like any sent entry.
    await noteError(ctx, id, shortError(error));
  }
}

/** A reverted entry whose block is gone: mined again elsewhere, it follows; gone, its freed nonce goes to a no-op. */
async function revertedAndReorganised(ctx: WorkerContext, row: OutboxRow) {
  const receipt = await findReceipt(ctx, row);
  if (!receipt) return releaseReorganisedNonce(ctx, row);
  await ctx.db.query(
    `update outbox_entries set tx_hash = $2, block_number = $3, block_hash = $4, gas_used = $5, effective_gas_price = $6,
       reorgs = reorgs + 1, updated_at = now()
     where id = $1 and status = 'failed'`,
    [Number(row.id), receipt.transactionHash, receipt.blockNumber.toString(), receipt.blockHash, receipt.gasUsed.toString(), receipt.effectiveGasPrice.toString()],
  );
  // Mined again it may even succeed: the entry's record then says less than the chain, which `npm run reconcile` shows.
  const record = { msg: "reverted outbox entry reorganised and mined again in another block", entryId: Number(row.id), purpose: row.purpose, nonce: Number(row.nonce), status: receipt.status };
  if (receipt.status === "reverted") ctx.log.warn(record);
  else ctx.log.error(record);
}
