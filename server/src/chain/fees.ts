/** EIP-1559 fee caps of one transaction, in wei per gas. */
export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** The network's suggestion, capped at `ceiling` (the priority fee never exceeds the max fee). */
export function capFees(suggested: Fees, ceiling: bigint): Fees {
  const maxFeePerGas = suggested.maxFeePerGas > ceiling ? ceiling : suggested.maxFeePerGas;
  const maxPriorityFeePerGas = suggested.maxPriorityFeePerGas > maxFeePerGas ? maxFeePerGas : suggested.maxPriorityFeePerGas;
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/**
 * Fees for a replacement of a transaction sent with `previous`: both caps raised by at least `percent` (rounded up,
 * since nodes compare against an exact +10 % and more), or to the network's current suggestion when that is higher,
 * and never above `ceiling`. Returns null when the ceiling leaves no room for a valid replacement.
 */
export function bumpFees(previous: Fees, suggested: Fees, percent: number, ceiling: bigint): Fees | null {
  // Percent in basis points, so 12.5 % stays exact in integer arithmetic.
  const bps = BigInt(Math.round(percent * 100));
  const raise = (value: bigint) => value + (value * bps + 9_999n) / 10_000n;
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  const maxFeePerGas = max(raise(previous.maxFeePerGas), suggested.maxFeePerGas);
  const maxPriorityFeePerGas = max(raise(previous.maxPriorityFeePerGas), suggested.maxPriorityFeePerGas);
  if (maxFeePerGas > ceiling) {
    // The cap still has to be a valid replacement: both fields must rise by the required step.
    if (ceiling < raise(previous.maxFeePerGas)) return null;
    const priority = maxPriorityFeePerGas > ceiling ? ceiling : maxPriorityFeePerGas;
    if (priority < raise(previous.maxPriorityFeePerGas)) return null;
    return { maxFeePerGas: ceiling, maxPriorityFeePerGas: priority };
  }
  return { maxFeePerGas, maxPriorityFeePerGas: maxPriorityFeePerGas > maxFeePerGas ? maxFeePerGas : maxPriorityFeePerGas };
}
