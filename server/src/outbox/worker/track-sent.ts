import { bumpEntry } from "./bump-entry.ts";
import { openRows } from "./entry-rows.ts";
import { findReceipt, nonceTakenElsewhere } from "./receipts.ts";
import { settleEntry } from "./settle-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Settles mined entries once they have enough confirmations, replaces stuck ones with higher fees. */
export async function trackSent(ctx: WorkerContext) {
  const sent = await openRows(ctx, { status: "sent", order: "nonce" });
  if (!sent.length) return;
  const head = await ctx.client.getBlockNumber();
  for (const row of sent) {
    const receipt = await findReceipt(ctx, row);
    if (receipt) {
      if (head - receipt.blockNumber + 1n >= BigInt(ctx.config.confirmations)) await settleEntry(ctx, row, receipt);
      continue;
    }
    const sentAt = row.sent_at ? new Date(row.sent_at as Date).getTime() : 0;
    if (Date.now() - sentAt >= ctx.config.bumpAfterMs && !(await nonceTakenElsewhere(ctx, row))) await bumpEntry(ctx, row);
  }
}
