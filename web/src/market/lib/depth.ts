/** One price level of the book as the server sends it (amounts as decimal strings). */
export interface Level {
  price: string;
  amount: string;
  orders: number;
}

export interface DepthRow {
  price: bigint;
  amount: bigint;
  orders: number;
  /** Amount open at this price and every better one: what a market order would sweep to reach it. */
  cumulative: bigint;
  /** cumulative as a share of the deeper side's total, 0 to 100 (the width of the depth bar). */
  percent: number;
}

/**
 * Depth rows of both sides, best price first, each bar scaled against the larger side's total so the two sides
 * compare at a glance.
 */
export function depthRows(bids: readonly Level[], asks: readonly Level[]): { bids: DepthRow[]; asks: DepthRow[] } {
  const accumulate = (levels: readonly Level[]) => {
    let sum = 0n;
    return levels.map((l) => {
      sum += BigInt(l.amount);
      return { price: BigInt(l.price), amount: BigInt(l.amount), orders: l.orders, cumulative: sum };
    });
  };
  const b = accumulate(bids);
  const a = accumulate(asks);
  const max = [b.at(-1)?.cumulative ?? 0n, a.at(-1)?.cumulative ?? 0n].reduce((x, y) => (x > y ? x : y));
  const percent = (v: bigint) => (max === 0n ? 0 : Number((v * 10_000n) / max) / 100);
  return {
    bids: b.map((r) => ({ ...r, percent: percent(r.cumulative) })),
    asks: a.map((r) => ({ ...r, percent: percent(r.cumulative) })),
  };
}

/** Best ask minus best bid, or null while a side is empty. */
export function spread(bids: readonly Level[], asks: readonly Level[]): bigint | null {
  if (!bids[0] || !asks[0]) return null;
  return BigInt(asks[0].price) - BigInt(bids[0].price);
}
