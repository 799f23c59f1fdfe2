import { blockGasLimit } from "../../chain/chain.ts";
import { bumpEntry } from "./bump-entry.ts";
import { openRows } from "./entry-rows.ts";
import { findReceipt, nonceTakenElsewhere } from "./receipts.ts";
import { isReleaseEntry, releaseNonce } from "./release-nonce.ts";
import { settleEntry } from "./settle-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/**
 * Settles mined entries once they have enough confirmations, drops those that can never be mined (their gas is
 * above the block gas limit, which fell after they were signed) and frees their nonce, and replaces stuck ones
 * with higher fees. Returns how many it settled or dropped.
 */
export async function trackSent(ctx: WorkerContext): Promise<number> {
  const sent = await openRows(ctx, { status: "sent", order: "nonce" });
  if (!sent.length) return 0;
  let moved = 0;
  const head = await ctx.client.getBlockNumber();
  let limit: bigint | null = null;
  for (const row of sent) {
    const receipt = await findReceipt(ctx, row);
    if (receipt) {
      if (head - receipt.blockNumber + 1n >= BigInt(ctx.config.confirmations)) {
        await settleEntry(ctx, row, receipt);
        moved += 1;
      }
      continue;
    }
    limit ??= await blockGasLimit(ctx.client);
    const gas = BigInt(String(row.gas_limit));
    if (gas > limit && !isReleaseEntry(row)) {
      await releaseNonce(ctx, row, {
        code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT",
        name: "GasAboveBlockLimit",
        args: [gas.toString(), limit.toString()],
        message: `signed with ${gas} gas, above the block gas limit of ${limit}: it can never be mined`,
      });
      moved += 1;
      continue;
    }
    const sentAt = row.sent_at ? new Date(row.sent_at as Date).getTime() : 0;
    if (Date.now() - sentAt >= ctx.config.bumpAfterMs && !(await nonceTakenElsewhere(ctx, row))) await bumpEntry(ctx, row);
  }
  return moved;
}
