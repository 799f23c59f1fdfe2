import { createRequire } from "node:module";
import type BTreeType from "sorted-btree";
import type { Address } from "viem";
import type { BookOrder, Match, PairCheck, Side, SkippedPair } from "./book-order.ts";
import { PriceLevel } from "./price-level.ts";

export interface IncomingOrder {
  hash: BookOrder["hash"];
  maker: Address;
  side: Side;
  price: bigint;
  /** What the order may still fill (its signed amount less what is already filled). */
  remaining: bigint;
  taker?: Address | null;
  /** Keep an order's place when it comes back (rebuild from the database); new orders get the next one. */
  sequence?: number;
}

export interface Placement {
  order: BookOrder;
  matches: Match[];
  skipped: SkippedPair[];
}

export interface DepthLevel {
  price: bigint;
  amount: bigint;
  orders: number;
}

// sorted-btree is CommonJS with its class on `exports.default`, which Node's ESM loader and Vite's interop resolve
// differently; require() gives the same module in both.
const BTree = (createRequire(import.meta.url)("sorted-btree") as typeof import("sorted-btree")).default;
type BTree<K, V> = BTreeType.default<K, V>;

/** How many refused pairs one incoming order may step over before it simply rests (bounds the work per order). */
export const MAX_SKIPPED_PER_ORDER = 64;

/**
 * One market's limit order book with price-time priority: bids best (highest) first, asks best (lowest) first, each
 * price level first come first served. An incoming order trades with resting ones at the resting order's price
 * while it crosses; what is left rests. Pairs that may not trade (same maker, reserved for another taker, or refused
 * by `check`) are stepped over and reported, so the book can stay crossed between orders that may never meet.
 * Matching reserves the amounts (`remaining` drops at once): a settlement that fails gives them back with `release`.
 */
export class OrderBook {
  private readonly bids = new BTree<bigint, PriceLevel>(undefined, (a, b) => (a > b ? -1 : a < b ? 1 : 0));
  private readonly asks = new BTree<bigint, PriceLevel>(undefined, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  private readonly orders = new Map<BookOrder["hash"], BookOrder>();
  private nextSequence = 0;
  /** Reused by every tree step of `match`, so walking the price levels allocates nothing. */
  private readonly pair = [0n, null] as unknown as [bigint, PriceLevel];

  get size(): number {
    return this.orders.size;
  }

  get(hash: BookOrder["hash"]): BookOrder | undefined {
    return this.orders.get(hash);
  }

  /** Matches an incoming order against the book and rests what is left. */
  place(incoming: IncomingOrder, check?: PairCheck): Placement {
    if (this.orders.has(incoming.hash)) throw new Error(`Order ${incoming.hash} is already in the book`);
    if (incoming.price <= 0n || incoming.remaining <= 0n) throw new Error("An order needs a positive price and amount");
    const order: BookOrder = {
      hash: incoming.hash,
      maker: incoming.maker,
      side: incoming.side,
      price: incoming.price,
      remaining: incoming.remaining,
      taker: incoming.taker ?? null,
      sequence: incoming.sequence ?? this.nextSequence,
    };
    this.nextSequence = Math.max(this.nextSequence, order.sequence + 1);
    const matches: Match[] = [];
    const skipped: SkippedPair[] = [];
    this.match(order, check, matches, skipped);
    if (order.remaining > 0n) this.rest(order);
    return { order, matches, skipped };
  }

  /** Takes an order out of the book (cancelled, filled elsewhere, or unable to fill for now); null if absent. */
  remove(hash: BookOrder["hash"]): BookOrder | null {
    const order = this.orders.get(hash);
    if (!order) return null;
    const side = this.side(order.side);
    const level = side.get(order.price)!;
    level.remove(order);
    if (level.size === 0) side.delete(order.price);
    this.orders.delete(hash);
    return order;
  }

  /**
   * Gives `amount` back to an order (its settlement failed): added to it if it rests, or the order returns at its
   * old place in time priority. The caller makes sure one amount is given back once.
   */
  release(order: Omit<IncomingOrder, "remaining" | "sequence"> & { sequence: number }, amount: bigint): BookOrder {
    if (amount <= 0n) throw new Error("Only a positive amount can be given back");
    const resting = this.orders.get(order.hash);
    if (resting) {
      this.side(resting.side).get(resting.price)!.restore(resting, amount);
      return resting;
    }
    const back: BookOrder = { ...order, taker: order.taker ?? null, remaining: amount };
    this.rest(back);
    return back;
  }

  /** Aggregated depth, best price first. */
  depth(side: Side, levels = 20): DepthLevel[] {
    const out: DepthLevel[] = [];
    for (const [price, level] of this.side(side).entries()) {
      if (out.length >= levels) break;
      out.push({ price, amount: level.open, orders: level.size });
    }
    return out;
  }

  /** The best price on a side, if any. */
  best(side: Side): bigint | undefined {
    return this.side(side).minKey();
  }

  /** Resting orders of a side in priority order, up to `limit`. */
  ordersOf(side: Side, limit = 50): BookOrder[] {
    const out: BookOrder[] = [];
    for (const level of this.side(side).values()) {
      out.push(...level.first(limit - out.length));
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * The hot path: one tree step per price level (the pair array is reused), the front of a level taken without a
   * search, and the book's own refusals tested inline before any call (most pairs have neither the same maker nor a
   * reserved taker).
   */
  private match(order: BookOrder, check: PairCheck | undefined, matches: Match[], skipped: SkippedPair[]): void {
    const buying = order.side === "buy";
    const opposite = buying ? this.asks : this.bids;
    const pair = this.pair;
    let entry = opposite.nextHigherPair(undefined, pair);
    while (entry !== undefined && order.remaining > 0n && skipped.length < MAX_SKIPPED_PER_ORDER) {
      const price = entry[0];
      const level = entry[1];
      if (buying ? order.price < price : order.price > price) break;
      for (let i = 0; order.remaining > 0n && skipped.length < MAX_SKIPPED_PER_ORDER; ) {
        const resting = level.at(i);
        if (resting === undefined) break;
        const reason = resting.maker === order.maker || resting.taker !== null || order.taker !== null
          ? refusal(resting, order) ?? check?.(resting, order) ?? null
          : check === undefined ? null : check(resting, order) ?? null;
        if (reason) {
          skipped.push({ resting, incoming: order, reason });
          i++;
          continue;
        }
        const filled = resting.remaining <= order.remaining;
        const amount = filled ? resting.remaining : order.remaining;
        level.reduce(resting, amount);
        order.remaining -= amount;
        matches.push(buying
          ? { buy: order, sell: resting, resting, price, amount }
          : { buy: resting, sell: order, resting, price, amount });
        if (filled) {
          level.removeAt(i);
          this.orders.delete(resting.hash);
        }
      }
      if (level.size === 0) opposite.delete(price);
      entry = opposite.nextHigherPair(price, pair);
    }
  }

  private rest(order: BookOrder): void {
    const side = this.side(order.side);
    let level = side.get(order.price);
    if (!level) {
      level = new PriceLevel(order.price);
      side.set(order.price, level);
    }
    level.insert(order);
    this.orders.set(order.hash, order);
  }

  private side(side: Side): BTree<bigint, PriceLevel> {
    return side === "buy" ? this.bids : this.asks;
  }
}

/** The book's own reasons two orders may not trade (addresses compare as given: the intake checksums them). */
function refusal(resting: BookOrder, incoming: BookOrder): string | null {
  if (resting.maker === incoming.maker) return "self-trade: the same maker on both sides";
  if (resting.taker !== null && resting.taker !== incoming.maker) return "the resting order is reserved for another taker";
  if (incoming.taker !== null && incoming.taker !== resting.maker) return "the incoming order is reserved for another taker";
  return null;
}
