import type { Abi, AbiEvent, Address, ContractFunctionParameters, Hex, Log } from "viem";
import type { ReconcileContext } from "./types.ts";

/**
 * View calls per eth_call. A deployless multicall travels as contract creation code and returns its results as the
 * created contract's code, capped at 24,576 bytes (EIP-170): a one-word result takes 160 bytes of it, an investor
 * record 288, so 50 calls stay well below the cap.
 */
const CALLS_PER_MULTICALL = 50;
/** Multicalls in flight at once. */
const PARALLEL = 4;

/**
 * Many view calls at one block through Multicall3's aggregate3, deployless (the contract's bytecode travels in the
 * eth_call), so it works on any node, a fresh local chain included, and every read sees the same block.
 * Any failed call fails the whole read: a reconciliation never guesses a value.
 */
export async function readMany<T = unknown>(ctx: ReconcileContext, calls: ContractFunctionParameters[], blockNumber: bigint): Promise<T[]> {
  const chunks: ContractFunctionParameters[][] = [];
  for (let i = 0; i < calls.length; i += CALLS_PER_MULTICALL) chunks.push(calls.slice(i, i + CALLS_PER_MULTICALL));
  const results: T[][] = [];
  for (let i = 0; i < chunks.length; i += PARALLEL) {
    results.push(...(await Promise.all(chunks.slice(i, i + PARALLEL).map(async (chunk) =>
      (await ctx.client.multicall({ contracts: chunk as ContractFunctionParameters<Abi>[], blockNumber, deployless: true, allowFailure: false, batchSize: 0 })) as T[]))));
  }
  return results.flat();
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
