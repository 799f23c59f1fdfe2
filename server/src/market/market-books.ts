import { getAddress, zeroAddress, type Address, type Hex } from "viem";
import { OrderBook } from "./engine/order-book.ts";
import type { OrderRow } from "./market-orders.ts";

const bookKey = (token: Address, cashToken: Address) => `${token}/${cashToken}`;

/** The book entry of a stored order (what priority and matching need). */
export const bookEntry = (row: OrderRow) => ({
  hash: row.hash,
  maker: getAddress(row.maker),
  side: row.side === 0 ? ("buy" as const) : ("sell" as const),
  price: BigInt(row.price),
  taker: row.taker === zeroAddress ? null : getAddress(row.taker),
  sequence: Number(row.sequence),
});

/**
 * The leader's in-memory books, one per (security token, cash token) pair, with the expiry of every order they
 * hold (so a pair check steps over expired resting orders without a read). Only the leader's process changes them,
 * one change at a time (the service's queue).
 */
export function createMarketBooks() {
  const books = new Map<string, OrderBook>();
  const expiries = new Map<Hex, bigint>();

  const bookOf = (token: Address, cashToken: Address): OrderBook => {
    const key = bookKey(token, cashToken);
    let book = books.get(key);
    if (!book) books.set(key, (book = new OrderBook()));
    return book;
  };

  return {
    bookOf,
    /** The book of a pair if it has one (reads never create one). */
    find: (token: Address, cashToken: Address) => books.get(bookKey(getAddress(token), getAddress(cashToken))),
    /** Rests an open order's matchable amount without matching (rebuild, a failed settlement, a return to the book). */
    rest(row: OrderRow, amount: bigint) {
      if (amount <= 0n) return;
      bookOf(getAddress(row.token), getAddress(row.cash_token)).release(bookEntry(row), amount);
      expiries.set(row.hash, BigInt(row.expiry));
    },
    /** Takes a stored order out of its book; true when it was there. */
    drop(row: Pick<OrderRow, "hash" | "token" | "cash_token">): boolean {
      expiries.delete(row.hash);
      return bookOf(getAddress(row.token), getAddress(row.cash_token)).remove(row.hash) !== null;
    },
    expiryOf: (hash: Hex) => expiries.get(hash),
    setExpiry: (hash: Hex, expiry: bigint) => void expiries.set(hash, expiry),
    forgetExpiry: (hash: Hex) => void expiries.delete(hash),
    /** Hashes of every order in a book. */
    hashes: () => [...expiries.keys()],
    get size() {
      return books.size;
    },
    clear() {
      books.clear();
      expiries.clear();
    },
  };
}

export type MarketBooks = ReturnType<typeof createMarketBooks>;
