import { hexToBytes, type Hex } from "viem";

/** Intrinsic gas of a transaction: the 21,000 base plus its calldata (EIP-2028: 4 per zero byte, 16 per other byte).
 * Two calls that run the same code can differ by this alone, when their arguments hold different counts of zero bytes. */
export function intrinsicGas(data: string): bigint {
  return 21_000n + hexToBytes(data as Hex).reduce((sum, b) => sum + (b === 0 ? 4n : 16n), 0n);
}
