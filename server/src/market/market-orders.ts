import { getAddress, zeroAddress, type Address, type Hex } from "viem";
import type { MarketOrder } from "../../../lib/market/order.ts";

export type OrderStatus = "open" | "filled" | "cancelled" | "expired" | "unfillable";
/** As the API shows an order: an open one that cannot fill for now is `suspended` (out of the book, with why). */
export type OrderViewStatus = OrderStatus | "suspended";
export type TradeStatus = "pending" | "confirmed" | "failed";

/** Largest signed amount and price the intake accepts (2**128 - 1): far above any real order, far below overflow. */
export const MAX_ORDER_VALUE = 2n ** 128n - 1n;
/** The contract's expiry is a uint64. */
export const MAX_EXPIRY = 2n ** 64n - 1n;

export interface OrderRow {
  hash: Hex;
  settlement: Address;
  maker: Address;
  side: number;
  token: Address;
  cash_token: Address;
  amount: string;
  price: string;
  nonce: string;
  expiry: string;
  taker: Address;
  signature: Hex;
  status: OrderStatus;
  filled: string;
  reserved: string;
  sequence: string;
  created_at: Date | string;
  booked: boolean;
  /** Why the open order cannot fill now (out of the book), or null. */
  suspended: string | null;
  /** Filled on chain outside the engine (a direct fill). */
  external_filled: string;
}

/** A stored order as the API shows it. */
export interface OrderView {
  hash: Hex;
  maker: Address;
  side: "BUY" | "SELL";
  token: Address;
  cashToken: Address;
  amount: bigint;
  price: bigint;
  nonce: bigint;
  expiry: bigint;
  taker: Address | null;
  status: OrderViewStatus;
  /** Why a suspended order cannot fill now; null otherwise. */
  suspendedReason: string | null;
  /** Settled on chain: through the engine and by direct fills. */
  filled: bigint;
  reserved: bigint;
  /** What may still be matched: amount less filled and reserved (0 once the order is no longer open). */
  remaining: bigint;
  sequence: number;
  createdAt: string;
}

export interface TradeRow {
  id: string;
  token: Address;
  cash_token: Address;
  maker_hash: Hex;
  taker_hash: Hex;
  buy_hash: Hex;
  sell_hash: Hex;
  price: string;
  amount: string;
  cash: string;
  status: TradeStatus;
  outbox_entry_id: string | null;
  tx_hash: Hex | null;
  block_number: string | null;
  failure: string | null;
  created_at: Date | string;
}

export interface TradeView {
  id: string;
  token: Address;
  cashToken: Address;
  makerOrder: Hex;
  takerOrder: Hex;
  buyOrder: Hex;
  sellOrder: Hex;
  price: bigint;
  amount: bigint;
  cash: bigint;
  status: TradeStatus;
  outboxEntryId: string | null;
  txHash: Hex | null;
  blockNumber: number | null;
  failure: string | null;
  createdAt: string;
}

/** The order exactly as signed (the contract's `Order` struct) from its stored row. */
export const signedOrderOf = (row: OrderRow): MarketOrder => ({
  maker: row.maker,
  side: row.side === 0 ? 0 : 1,
  token: row.token,
  cashToken: row.cash_token,
  amount: BigInt(row.amount),
  price: BigInt(row.price),
  nonce: BigInt(row.nonce),
  expiry: BigInt(row.expiry),
  taker: row.taker,
});

/** What is filled on chain: through the engine's trades and outside it. */
export const filledOf = (row: OrderRow): bigint => BigInt(row.filled) + BigInt(row.external_filled ?? 0);

export const openRemaining = (row: OrderRow): bigint => BigInt(row.amount) - filledOf(row) - BigInt(row.reserved);

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export const orderView = (row: OrderRow): OrderView => ({
  hash: row.hash,
  maker: getAddress(row.maker),
  side: row.side === 0 ? "BUY" : "SELL",
  token: getAddress(row.token),
  cashToken: getAddress(row.cash_token),
  amount: BigInt(row.amount),
  price: BigInt(row.price),
  nonce: BigInt(row.nonce),
  expiry: BigInt(row.expiry),
  taker: row.taker === zeroAddress ? null : getAddress(row.taker),
  status: row.status === "open" && row.suspended ? "suspended" : row.status,
  suspendedReason: row.status === "open" ? (row.suspended ?? null) : null,
  filled: filledOf(row),
  reserved: BigInt(row.reserved),
  remaining: row.status === "open" ? openRemaining(row) : 0n,
  sequence: Number(row.sequence),
  createdAt: iso(row.created_at),
});

export const tradeView = (row: TradeRow): TradeView => ({
  id: String(row.id),
  token: getAddress(row.token),
  cashToken: getAddress(row.cash_token),
  makerOrder: row.maker_hash,
  takerOrder: row.taker_hash,
  buyOrder: row.buy_hash,
  sellOrder: row.sell_hash,
  price: BigInt(row.price),
  amount: BigInt(row.amount),
  cash: BigInt(row.cash),
  status: row.status,
  outboxEntryId: row.outbox_entry_id === null ? null : String(row.outbox_entry_id),
  txHash: row.tx_hash,
  blockNumber: row.block_number === null ? null : Number(row.block_number),
  failure: row.failure,
  createdAt: iso(row.created_at),
});
