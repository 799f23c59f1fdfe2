import { formatAmount } from "../../lib/format.ts";

/** What a page needs to show amounts of one asset. */
export interface Asset {
  symbol: string;
  decimals: number;
}

/** A cash amount with at least two decimals, as prices are read ("12.50", "0.125", "1,000.00"). */
export function formatCash(value: bigint, cash: Asset): string {
  const text = formatAmount(value, cash.decimals);
  if (cash.decimals < 2) return text;
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

/** "2026-12-03 11:00 UTC" for Unix seconds. */
export function formatUtc(seconds: bigint | number): string {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export interface OrderWords {
  side: "buy" | "sell";
  amount: bigint;
  price: bigint;
  /** Cash for the whole order at the limit price. */
  cash: bigint;
  expiry: bigint;
  /** The only counterparty allowed, or null for anyone. */
  taker: string | null;
}

/**
 * The order in words, shown before the wallet is asked to sign it: "You sell 10 FDS at 12.50 FCASH each, 125.00 FCASH
 * in total, valid until 2026-12-03 11:00 UTC, to anyone."
 */
export function describeOrder(order: OrderWords, token: Asset, cash: Asset): string {
  const verb = order.side === "buy" ? "buy" : "sell";
  const total = order.side === "buy" ? "at most" : "at least";
  const who = order.taker ? `only with ${order.taker}` : order.side === "buy" ? "from anyone" : "to anyone";
  return (
    `You ${verb} ${formatAmount(order.amount, token.decimals)} ${token.symbol} at ${formatCash(order.price, cash)} ${cash.symbol} each, ` +
    `${formatCash(order.cash, cash)} ${cash.symbol} in total${order.side === "buy" ? ` (${total})` : ""}, valid until ${formatUtc(order.expiry)}, ${who}.`
  );
}
