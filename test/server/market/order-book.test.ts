import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Address, Hex } from "viem";
import type { BookOrder, PairCheck, Side } from "../../../server/src/market/engine/book-order.ts";
import { MAX_SKIPPED_PER_ORDER, OrderBook, type IncomingOrder } from "../../../server/src/market/engine/order-book.ts";

const maker = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
let counter = 0;
const order = (side: Side, price: bigint, amount: bigint, who = ++counter, extra: Partial<IncomingOrder> = {}): IncomingOrder => ({
  hash: `0x${(++counter).toString(16).padStart(64, "0")}` as Hex, maker: maker(who), side, price, remaining: amount, ...extra,
});
const trades = (book: OrderBook, incoming: IncomingOrder, check?: PairCheck) =>
  book.place(incoming, check).matches.map((m) => ({ buy: m.buy.hash, sell: m.sell.hash, price: m.price, amount: m.amount }));

describe("order book: price-time priority", () => {
  it("fills at the resting order's price, best price first, then first come first served", () => {
    const book = new OrderBook();
    const a = order("sell", 101n, 5n);
    const b = order("sell", 100n, 5n);
    const c = order("sell", 100n, 5n);
    for (const o of [a, b, c]) book.place(o);
    const buy = order("buy", 105n, 12n);
    expect(trades(book, buy)).toEqual([
      { buy: buy.hash, sell: b.hash, price: 100n, amount: 5n },
      { buy: buy.hash, sell: c.hash, price: 100n, amount: 5n },
      { buy: buy.hash, sell: a.hash, price: 101n, amount: 2n },
    ]);
    expect(book.depth("sell")).toEqual([{ price: 101n, amount: 3n, orders: 1 }]);
    expect(book.depth("buy")).toEqual([]);
  });

  it("rests what does not cross, and never trades above a buyer's or below a seller's limit", () => {
    const book = new OrderBook();
    book.place(order("sell", 100n, 5n));
    expect(trades(book, order("buy", 99n, 5n))).toEqual([]);
    expect(book.depth("buy")).toEqual([{ price: 99n, amount: 5n, orders: 1 }]);
    expect(trades(book, order("sell", 100n, 1n))).toEqual([]);
    expect(book.depth("sell")).toEqual([{ price: 100n, amount: 6n, orders: 2 }]);
  });

  it("steps over a self-trade, orders reserved for another taker and pairs the check refuses, and says why", () => {
    const book = new OrderBook();
    const own = order("sell", 100n, 1n, 7);
    const reserved = order("sell", 100n, 1n, 8, { taker: maker(99) });
    const refused = order("sell", 100n, 1n, 9);
    const fine = order("sell", 100n, 1n, 10);
    for (const o of [own, reserved, refused, fine]) book.place(o);
    const check: PairCheck = (resting) => (resting.hash === refused.hash ? "recipient not eligible" : null);
    const placed = book.place(order("buy", 100n, 2n, 7), check);
    expect(placed.matches.map((m) => m.sell.hash)).toEqual([fine.hash]);
    expect(placed.skipped.map((s) => s.reason)).toEqual([
      "self-trade: the same maker on both sides", "the resting order is reserved for another taker", "recipient not eligible",
    ]);
    // The skipped orders stay where they were; the buyer's remainder rests.
    expect(book.depth("sell")).toEqual([{ price: 100n, amount: 3n, orders: 3 }]);
    expect(book.depth("buy")).toEqual([{ price: 100n, amount: 1n, orders: 1 }]);
  });

  it("bounds the refused pairs one order steps over", () => {
    const book = new OrderBook();
    for (let i = 0; i < MAX_SKIPPED_PER_ORDER + 10; i++) book.place(order("sell", 100n, 1n));
    const placed = book.place(order("buy", 100n, 1n), () => "refused");
    expect(placed.skipped).toHaveLength(MAX_SKIPPED_PER_ORDER);
    expect(book.size).toBe(MAX_SKIPPED_PER_ORDER + 11);
  });

  it("removes a cancelled order, and gives a failed settlement's amount back at the order's old place", () => {
    const book = new OrderBook();
    const first = order("sell", 100n, 5n);
    const second = order("sell", 100n, 5n);
    book.place(first);
    book.place(second);
    const placed = book.place(order("buy", 100n, 5n));
    expect(placed.matches).toHaveLength(1);
    expect(book.get(first.hash)).toBeUndefined();
    // The settlement of the trade with `first` failed: it returns ahead of `second`.
    const matched = placed.matches[0]!.sell;
    book.release(matched, 5n);
    expect(book.ordersOf("sell").map((o) => o.hash)).toEqual([first.hash, second.hash]);
    expect(book.remove(second.hash)?.hash).toBe(second.hash);
    expect(book.remove(second.hash)).toBeNull();
    expect(book.depth("sell")).toEqual([{ price: 100n, amount: 5n, orders: 1 }]);
  });

  it("refuses an order twice, a zero price or a zero amount", () => {
    const book = new OrderBook();
    const o = order("buy", 1n, 1n);
    book.place(o);
    expect(() => book.place(o)).toThrow(/already in the book/);
    expect(() => book.place(order("buy", 0n, 1n))).toThrow(/positive/);
    expect(() => book.place(order("sell", 1n, 0n))).toThrow(/positive/);
    expect(book.size).toBe(1);
  });
});

/** The same matching rules over a plain array, to compare with: slow, obvious. */
function referenceMatch(resting: BookOrder[], incoming: BookOrder, check: PairCheck) {
  const better = (a: BookOrder, b: BookOrder) =>
    a.price === b.price ? a.sequence - b.sequence : (a.side === "sell" ? (a.price < b.price ? -1 : 1) : a.price > b.price ? -1 : 1);
  const opposite = resting.filter((o) => o.side !== incoming.side).sort(better);
  const out: { buy: Hex; sell: Hex; price: bigint; amount: bigint }[] = [];
  let skipped = 0;
  for (const r of opposite) {
    if (incoming.remaining === 0n || skipped >= MAX_SKIPPED_PER_ORDER) break;
    if (incoming.side === "buy" ? incoming.price < r.price : incoming.price > r.price) break;
    if (r.maker === incoming.maker || check(r, incoming)) {
      skipped++;
      continue;
    }
    const amount = r.remaining < incoming.remaining ? r.remaining : incoming.remaining;
    r.remaining -= amount;
    incoming.remaining -= amount;
    out.push(incoming.side === "buy" ? { buy: incoming.hash, sell: r.hash, price: r.price, amount } : { buy: r.hash, sell: incoming.hash, price: r.price, amount });
  }
  const left = resting.filter((o) => o.remaining > 0n);
  if (incoming.remaining > 0n) left.push(incoming);
  return { trades: out, resting: left };
}

describe("order book against a reference model", () => {
  it("matches exactly as the obvious array model does, never overfills, and keeps every amount", () => {
    const flow = fc.array(
      fc.record({ side: fc.constantFrom<Side>("buy", "sell"), price: fc.integer({ min: 95, max: 105 }), amount: fc.integer({ min: 1, max: 20 }),
        maker: fc.integer({ min: 1, max: 6 }), refuse: fc.boolean(), cancel: fc.nat({ max: 9 }) }),
      { maxLength: 80 },
    );
    fc.assert(fc.property(flow, (steps) => {
      const book = new OrderBook();
      let model: BookOrder[] = [];
      const signed = new Map<Hex, bigint>();
      const filled = new Map<Hex, bigint>();
      // Makers 5 and 6 may not trade with each other (as if the token refused the pair).
      const check: PairCheck = (r, i) => (new Set([r.maker, i.maker]).size === 2 && [r.maker, i.maker].every((m) => m === maker(5) || m === maker(6)) ? "refused" : null);
      steps.forEach((step, n) => {
        if (step.cancel === 0 && model.length > 0) {
          const victim = model[n % model.length]!;
          expect(book.remove(victim.hash)?.hash).toBe(victim.hash);
          model = model.filter((o) => o !== victim);
          return;
        }
        const hash = `0x${(n + 1).toString(16).padStart(64, "0")}` as Hex;
        const incoming = { hash, maker: maker(step.maker), side: step.side, price: BigInt(step.price), remaining: BigInt(step.amount), taker: null, sequence: n };
        signed.set(hash, incoming.remaining);
        const expected = referenceMatch(model.map((o) => ({ ...o })), { ...incoming }, check);
        const actual = book.place(incoming, check).matches.map((m) => ({ buy: m.buy.hash, sell: m.sell.hash, price: m.price, amount: m.amount }));
        expect(actual).toEqual(expected.trades);
        model = expected.resting;
        for (const t of actual) for (const h of [t.buy, t.sell]) filled.set(h, (filled.get(h) ?? 0n) + t.amount);
      });
      for (const [hash, amount] of filled) expect(amount).toBeLessThanOrEqual(signed.get(hash)!);
      for (const side of ["buy", "sell"] as const) {
        const open = model.filter((o) => o.side === side).reduce((sum, o) => sum + o.remaining, 0n);
        expect(book.depth(side, 1_000).reduce((sum, l) => sum + l.amount, 0n)).toBe(open);
      }
      // Each resting order: signed = filled + still open, or it was cancelled.
      for (const o of model) expect((filled.get(o.hash) ?? 0n) + o.remaining).toBe(signed.get(o.hash));
    }), { numRuns: 300 });
  });
});
