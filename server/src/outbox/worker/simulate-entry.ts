import type { Hex } from "viem";
import { exceedsBlockGasLimit } from "../../chain/broadcast-refusal.ts";
import { blockGasLimit } from "../../chain/chain.ts";
import { capFees, type Fees } from "../../chain/fees.ts";
import { revertReasonOf, type RevertReason } from "../../chain/revert-reason.ts";
import { errorAbiOf, type OutboxFailureCode, type OutboxRow } from "../outbox-entry.ts";
import { deferPending, shortError } from "./entry-rows.ts";
import { failEntry } from "./settle-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Gas and fees for an entry that passed simulation. */
export interface PreparedEntry {
  gas: bigint;
  fees: Fees;
}

/**
 * Estimates gas against the pending state. A revert, or a need for more gas than a block holds, fails the entry
 * without using a nonce, unless earlier writes of ours are still in flight: it may depend on them, so it waits
 * until they are mined. The margin added to the estimate never takes the gas above the block gas limit.
 */
export async function simulateEntry(ctx: WorkerContext, row: OutboxRow, inFlight: number): Promise<PreparedEntry | "failed" | "deferred"> {
  const { client, config, sender } = ctx;
  const id = Number(row.id);
  let failure: { code: OutboxFailureCode; reason: RevertReason } | null = null;
  const prepared = await runsWithRequestedGas(ctx, row);
  if (prepared) return prepared;
  try {
    const [estimate, suggested, limit] = await Promise.all([
      client.estimateGas({ account: sender, to: row.to_address as Hex, data: row.data as Hex, value: BigInt(String(row.value)), blockTag: "pending" }),
      client.estimateFeesPerGas(),
      blockGasLimit(client),
    ]);
    const requested = row.requested_gas === null || row.requested_gas === undefined ? null : BigInt(String(row.requested_gas));
    if (requested !== null && requested > limit) {
      failure = { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT", reason: gasAboveLimit(`asks for ${requested} gas, more`, limit) };
    } else if (estimate > limit) {
      failure = { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT", reason: gasAboveLimit(`needs ${estimate} gas, more`, limit) };
    } else {
      // A requested gas below the estimate could only fail on chain (out of gas): the estimate's is signed instead.
      const gas = requested !== null && requested >= estimate ? requested : (estimate * BigInt(100 + config.gasMarginPercent)) / 100n;
      return { gas: gas > limit ? limit : gas, fees: capFees(suggested, ctx.maxFeePerGas) };
    }
  } catch (error) {
    if (exceedsBlockGasLimit(error)) {
      failure = { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT", reason: gasAboveLimit("needs more gas", await blockGasLimit(client)) };
    } else {
      const reason = revertReasonOf(error, errorAbiOf(row));
      if (!reason) {
        await deferPending(ctx, id, shortError(error));
        throw error;
      }
      failure = { code: "OUTBOX_SIMULATION_REVERTED", reason };
    }
  }
  if (inFlight === 0) {
    await failEntry(ctx, { row, ...failure });
    return "failed";
  }
  const what = failure.code === "OUTBOX_SIMULATION_REVERTED" ? "simulation reverted" : "simulation failed";
  await deferPending(ctx, id, `${what} (${failure.reason.message}) while earlier writes are in flight: retrying after them`);
  return "deferred";
}

/**
 * An entry that asks for its gas is first run once with exactly that gas (eth_call at the pending state): when it
 * succeeds, that is the simulation, and the node's gas estimate (a binary search of a dozen runs, ten times the
 * cost for a large settle) is not needed. Any failure, out of gas included, leaves the verdict to the estimate below.
 */
async function runsWithRequestedGas(ctx: WorkerContext, row: OutboxRow): Promise<PreparedEntry | null> {
  if (row.requested_gas === null || row.requested_gas === undefined) return null;
  const gas = BigInt(String(row.requested_gas));
  const { client, sender } = ctx;
  const [ran, suggested, limit] = await Promise.all([
    client.call({ account: sender, to: row.to_address as Hex, data: row.data as Hex, value: BigInt(String(row.value)), gas, blockTag: "pending" }).then(() => true, () => false),
    client.estimateFeesPerGas(),
    blockGasLimit(client),
  ]);
  return ran && gas <= limit ? { gas, fees: capFees(suggested, ctx.maxFeePerGas) } : null;
}

function gasAboveLimit(needs: string, limit: bigint): RevertReason {
  return { name: "GasAboveBlockLimit", args: [limit.toString()], message: `${needs} than the block gas limit of ${limit}: it can never be mined` };
}
