import type { Address, Hex } from "viem";

export type Side = "buy" | "sell";

/**
 * An order as the matching engine holds it: what priority and matching need, nothing more (the signed order and its
 * signature stay in the database). Amounts are in the security token's smallest unit; `price` is cash units per
 * whole token, the order's signed limit.
 */
export interface BookOrder {
  /** EIP-712 hash of the signed order: its identity everywhere (book, database, Settlement contract). */
  readonly hash: Hex;
  /** Checksummed (viem getAddress), as every address the book compares. */
  readonly maker: Address;
  readonly side: Side;
  readonly price: bigint;
  /** What may still be matched: the signed amount less what is filled or being settled. */
  remaining: bigint;
  /** Only this counterparty may fill it; null for anyone. */
  readonly taker: Address | null;
  /** Arrival order, the tie-break within a price level (time priority); kept when an order leaves and returns. */
  readonly sequence: number;
}

/** One proposed trade: `resting` was in the book and sets the price; `incoming` crossed it. */
export interface Match {
  readonly buy: BookOrder;
  readonly sell: BookOrder;
  readonly resting: BookOrder;
  readonly price: bigint;
  readonly amount: bigint;
}

/** A resting order the incoming one could have met but must not trade with, and why (kept for the record). */
export interface SkippedPair {
  readonly resting: BookOrder;
  readonly incoming: BookOrder;
  readonly reason: string;
}

/**
 * Why two orders may not trade with each other, or null when they may: the caller's checks (e.g. the token's
 * transfer restriction between the two makers) on top of the book's own (self-trade, taker restriction).
 */
export type PairCheck = (resting: BookOrder, incoming: BookOrder) => string | null;
