import type { BookOrder } from "./book-order.ts";

/**
 * The orders resting at one price, in time priority (ascending `sequence`). Fills consume from the front, so the
 * front is an index into the array rather than a shift (O(1)); the consumed prefix is dropped once it is most of it.
 */
export class PriceLevel {
  private orders: BookOrder[] = [];
  private head = 0;
  /** Sum of `remaining` over the level's orders. */
  open = 0n;

  constructor(readonly price: bigint) {}

  get size(): number {
    return this.orders.length - this.head;
  }

  /** Adds an order at its place by sequence: at the back for a new order, earlier for one that comes back. */
  insert(order: BookOrder): void {
    this.open += order.remaining;
    const last = this.orders[this.orders.length - 1];
    if (!last || last.sequence < order.sequence || this.size === 0) {
      this.orders.push(order);
      return;
    }
    let low = this.head;
    let high = this.orders.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.orders[mid]!.sequence < order.sequence) low = mid + 1;
      else high = mid;
    }
    this.orders.splice(low, 0, order);
  }

  /** Takes an order out (filled, cancelled or no longer able to fill). */
  remove(order: BookOrder): void {
    const at = this.orders.indexOf(order, this.head);
    if (at < 0) return;
    this.open -= order.remaining;
    if (at === this.head) {
      this.orders[at] = undefined as unknown as BookOrder;
      this.head++;
    } else {
      this.orders.splice(at, 1);
    }
    this.compact();
  }

  /** The i-th order in priority order (0 is the front). */
  at(i: number): BookOrder | undefined {
    return this.orders[this.head + i];
  }

  /** Takes out the i-th order in priority order: the front (a fill, the usual case) without a search. */
  removeAt(i: number): void {
    const at = this.head + i;
    const order = this.orders[at];
    if (order === undefined) return;
    if (order.remaining !== 0n) this.open -= order.remaining;
    if (i === 0) {
      // Let go of the order now: the slot stays until the next compaction.
      this.orders[at] = undefined as unknown as BookOrder;
      this.head++;
    } else {
      this.orders.splice(at, 1);
    }
    this.compact();
  }

  /** Records that `amount` of a resting order was matched (a full fill sets zero: no bigint to allocate). */
  reduce(order: BookOrder, amount: bigint): void {
    order.remaining = amount === order.remaining ? 0n : order.remaining - amount;
    this.open -= amount;
  }

  /** Gives `amount` back to an order still resting here. */
  restore(order: BookOrder, amount: bigint): void {
    order.remaining += amount;
    this.open += amount;
  }

  /** The level's orders in priority order. */
  *[Symbol.iterator](): IterableIterator<BookOrder> {
    for (let i = this.head; i < this.orders.length; i++) yield this.orders[i]!;
  }

  first(limit: number): BookOrder[] {
    return this.orders.slice(this.head, this.head + limit);
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.orders.length) {
      this.orders = this.orders.slice(this.head);
      this.head = 0;
    }
  }
}
