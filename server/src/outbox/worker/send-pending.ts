import { assignNonce } from "./assign-nonce.ts";
import { broadcastEntry } from "./broadcast-entry.ts";
import { countInFlight, openRows } from "./entry-rows.ts";
import { signEntry } from "./sign-entry.ts";
import { simulateEntry } from "./simulate-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Pending entries simulated and sent per pass, so that receipts of earlier ones are not starved. */
const PENDING_BATCH = 25;

/** Entries with a nonce that the node may not know yet: sign them if needed, then (re)broadcast their bytes. */
export async function resumeSending(ctx: WorkerContext) {
  for (const row of await openRows(ctx, { status: "sending", order: "nonce" })) {
    const signed = row.raw_tx ? row : await signEntry(ctx, row);
    if (signed) await broadcastEntry(ctx, signed);
  }
}

/**
 * Simulates, numbers, signs and broadcasts pending entries in the order they were enqueued, without waiting for
 * the receipts of earlier ones (the nonces are consecutive). Returns how many it sent or failed.
 */
export async function sendPending(ctx: WorkerContext): Promise<number> {
  const pending = await openRows(ctx, { status: "pending", order: "id", limit: PENDING_BATCH });
  if (!pending.length) return 0;
  let inFlight = await countInFlight(ctx);
  let moved = 0;
  for (const row of pending) {
    // Writes go out in the order they were enqueued: a later write may depend on an earlier one (register an
    // investor, then add a wallet), so an entry that has to wait holds back the ones behind it.
    if (!row.due) return moved;
    const simulated = await simulateEntry(ctx, row, inFlight);
    if (simulated === "deferred") return moved;
    moved += 1;
    if (simulated === "failed") continue;
    const assigned = await assignNonce(ctx, row, simulated);
    ctx.step("nonce-assigned", Number(row.id));
    const signed = await signEntry(ctx, assigned);
    if (signed) await broadcastEntry(ctx, signed);
    inFlight += 1;
  }
  return moved;
}
