import type { Hex } from "viem";
import { capFees, type Fees } from "../../chain/fees.ts";
import { revertReasonOf } from "../../chain/revert-reason.ts";
import { errorAbiOf, type OutboxRow } from "../outbox-entry.ts";
import { deferPending, shortError } from "./entry-rows.ts";
import { failEntry } from "./settle-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Gas and fees for an entry that passed simulation. */
export interface PreparedEntry {
  gas: bigint;
  fees: Fees;
}

/**
 * Estimates gas against the pending state. A revert fails the entry without using a nonce, unless earlier writes
 * of ours are still in flight: it may depend on them, so it waits until they are mined.
 */
export async function simulateEntry(ctx: WorkerContext, row: OutboxRow, inFlight: number): Promise<PreparedEntry | "failed" | "deferred"> {
  const { client, config, sender } = ctx;
  const id = Number(row.id);
  try {
    const [estimate, suggested] = await Promise.all([
      client.estimateGas({ account: sender, to: row.to_address as Hex, data: row.data as Hex, value: BigInt(String(row.value)), blockTag: "pending" }),
      client.estimateFeesPerGas(),
    ]);
    const gas = (estimate * BigInt(100 + config.gasMarginPercent)) / 100n;
    return { gas, fees: capFees(suggested, ctx.maxFeePerGas) };
  } catch (error) {
    const reason = revertReasonOf(error, errorAbiOf(row));
    if (reason && inFlight === 0) {
      await failEntry(ctx, { row, code: "OUTBOX_SIMULATION_REVERTED", reason });
      return "failed";
    }
    const note = reason ? `simulation reverted (${reason.message}) while earlier writes are in flight: retrying after them` : shortError(error);
    await deferPending(ctx, id, note);
    if (!reason) throw error;
    return "deferred";
  }
}
