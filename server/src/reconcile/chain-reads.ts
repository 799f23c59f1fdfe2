import type { Abi, AbiEvent, Address, ContractFunctionParameters, Hex, Log } from "viem";
import type { ReconcileContext } from "./types.ts";

/** Calldata bytes per multicall chunk: a few hundred view calls per eth_call, far below any node's gas cap. */
const MULTICALL_BYTES = 16_000;

/**
 * Many view calls at one block through Multicall3's aggregate3, deployless (the contract's bytecode travels in the
 * eth_call), so it works on any node, a fresh local chain included, and every read sees the same block.
 * Any failed call fails the whole read: a reconciliation never guesses a value.
 */
export async function readMany<T = unknown>(ctx: ReconcileContext, calls: ContractFunctionParameters[], blockNumber: bigint): Promise<T[]> {
  if (calls.length === 0) return [];
  const results = await ctx.client.multicall({
    contracts: calls as ContractFunctionParameters<Abi>[],
    blockNumber,
    deployless: true,
    allowFailure: false,
    batchSize: MULTICALL_BYTES,
  });
  return results as T[];
}

/** One call per item, read with `readMany`. */
export function readEach<I, T>(ctx: ReconcileContext, items: readonly I[], call: (item: I) => ContractFunctionParameters, blockNumber: bigint): Promise<T[]> {
  return readMany<T>(ctx, items.map(call), blockNumber);
}

export type DecodedLog = Log<bigint, number, false, AbiEvent, true> & { args: Record<string, unknown>; eventName: string };

/** Every log of `events` emitted by `address` in [fromBlock, toBlock], in chain order, in chunks of `ctx.logChunk` blocks. */
export async function logsOf(ctx: ReconcileContext, address: Address | Address[], events: readonly AbiEvent[], fromBlock: bigint, toBlock: bigint): Promise<DecodedLog[]> {
  const out: DecodedLog[] = [];
  const step = BigInt(Math.max(1, ctx.logChunk));
  for (let from = fromBlock; from <= toBlock; from += step) {
    const to = from + step - 1n < toBlock ? from + step - 1n : toBlock;
    const logs = await ctx.client.getLogs({ address, events, fromBlock: from, toBlock: to, strict: true });
    out.push(...(logs as unknown as DecodedLog[]));
  }
  return out;
}

export const lower = (value: unknown) => String(value).toLowerCase();
export const logKey = (log: { transactionHash: Hex | null; logIndex: number | null }) => `${lower(log.transactionHash)}:${log.logIndex}`;
