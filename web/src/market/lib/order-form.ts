import { cashFor } from "../../../../lib/market/order.ts";
import { formatAmount } from "../../lib/format.ts";
import { parseAmount } from "../../ui/amount.ts";
import { formatCash, type Asset } from "./order-words.ts";

export type Side = "buy" | "sell";

export interface MarketRules {
  /** Prices are multiples of this (cash units per whole token). */
  tickSize: bigint;
  /** Amounts are multiples of this (token units). */
  lotSize: bigint;
}

export interface OrderFormErrors {
  amount?: string;
  price?: string;
}

export type OrderForm =
  | { ok: true; side: Side; amount: bigint; price: bigint; cash: bigint }
  | { ok: false; errors: OrderFormErrors };

/**
 * Cash for `amount` at `price` as the Settlement contract computes it, rounded in the maker's favour: a buyer pays at
 * most this (rounded up, what must be approved), a seller receives at least this (rounded down).
 */
export const orderCash = (side: Side, amount: bigint, price: bigint, tokenDecimals: number) => cashFor(amount, price, tokenDecimals, side === "buy");

/**
 * Reads the order form: an amount in token units that is a whole number of lots, and a limit price in cash per whole
 * token that is a whole number of ticks. Never rounds: what is typed is what is signed, or it is an error.
 */
export function readOrderForm(input: { side: Side; amount: string; price: string; token: Asset; cash: Asset; rules: MarketRules }): OrderForm {
  const { token, cash, rules } = input;
  const errors: OrderFormErrors = {};
  const amount = parseAmount(input.amount, token.decimals);
  if (!amount.ok) errors.amount = amount.error;
  else if (amount.value % rules.lotSize !== 0n) {
    errors.amount = `Amounts are in lots of ${formatAmount(rules.lotSize, token.decimals)} ${token.symbol}: enter a multiple of it`;
  }
  const price = parseAmount(input.price, cash.decimals);
  if (!price.ok) errors.price = price.error === "Enter an amount" ? "Enter a limit price" : price.error === "Enter an amount above zero" ? "Enter a price above zero" : price.error;
  else if (price.value % rules.tickSize !== 0n) {
    errors.price = `Prices move in steps of ${formatCash(rules.tickSize, cash)} ${cash.symbol}: enter a multiple of it`;
  }
  if (!amount.ok || !price.ok || errors.amount || errors.price) return { ok: false, errors };
  return { ok: true, side: input.side, amount: amount.value, price: price.value, cash: orderCash(input.side, amount.value, price.value, token.decimals) };
}

/**
 * What the wallet must allow the Settlement for this order to be accepted: the server counts the maker's other open
 * orders on the same side too (tokens for sells, cash at their limit prices for buys).
 */
export function allowanceNeeded(side: Side, order: { amount: bigint; price: bigint }, open: readonly { amount: bigint; filled: bigint; price: bigint }[], tokenDecimals: number): bigint {
  const unfilled = (o: { amount: bigint; filled: bigint }) => o.amount - o.filled;
  if (side === "sell") return open.reduce((sum, o) => sum + unfilled(o), order.amount);
  return open.reduce((sum, o) => sum + orderCash("buy", unfilled(o), o.price, tokenDecimals), orderCash("buy", order.amount, order.price, tokenDecimals));
}

/**
 * A fresh order nonce: milliseconds since 1970 times 1000 plus a random part, so nonces grow with time (a maker's
 * "cancel everything below" keeps later orders) and two orders in the same millisecond differ.
 */
export const newNonce = (nowMs = Date.now(), random = Math.random()) => BigInt(nowMs) * 1000n + BigInt(Math.floor(random * 1000));

/** How long an order may rest, offered in the form. */
export const VALIDITY = [
  { label: "1 hour", seconds: 3_600 },
  { label: "1 day", seconds: 86_400 },
  { label: "7 days", seconds: 7 * 86_400 },
  { label: "30 days", seconds: 30 * 86_400 },
] as const;
