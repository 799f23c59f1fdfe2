import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { Hex } from "viem";
import type { MarketOrder } from "../../../lib/market/order.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import { BUYER, E18, LOT, SELLER, startMarketPlatform, TICK, UNVERIFIED, type MarketPlatform } from "./market-fixture.ts";

const PLACE_MANY = `mutation($orders: [SignedOrderInput!]!) { placeOrders(orders: $orders) {
  placed { order { hash status amount } trades { id status amount cash outboxEntryId } }
  refused { code message }
} }`;

interface Placement {
  placed: { order: { hash: Hex; status: string }; trades: { id: string; status: string; amount: string; cash: string; outboxEntryId: string }[] } | null;
  refused: { code: string; message: string } | null;
}

describeEachDatabase("market: a batch of signed orders (placeOrders)", (kind) => {
  let f: MarketPlatform;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
  }, 240_000);
  afterAll(() => f?.close());
  beforeEach(() => f.cancelAll());

  /** Signs each order with `signatures[i]` if given, else its maker's, and places them as `as` in one batch. */
  async function placeMany(as: number, orders: MarketOrder[], signatures: (Hex | undefined)[] = []) {
    const inputs = await Promise.all(orders.map(async (o, i) => f.input(o, signatures[i] ?? (await f.sign(o)))));
    return f.gql(as, PLACE_MANY, { orders: inputs });
  }
  const openHashes = async () =>
    (await f.platform.db.query<{ hash: Hex }>(`select hash from market_orders where status = 'open' order by sequence`)).rows.map((r) => r.hash);

  it("places a ladder of quotes in the batch's order: each rests with its time priority, in one call", async () => {
    const asks = await Promise.all([3n, 4n, 5n].map((p) => f.order(SELLER, "sell", 2n * LOT, p * 1_000_000n)));
    const bids = await Promise.all([1n, 2n].map((p) => f.order(SELLER, "buy", LOT, p * 1_000_000n)));
    // The seller also holds cash: a maker may quote both sides.
    const result = await placeMany(SELLER, [...asks, ...bids]);
    expect(result.errors).toBeUndefined();
    const placements = result.data.placeOrders as Placement[];
    expect(placements.map((p) => p.refused)).toEqual([null, null, null, null, null]);
    expect(await openHashes()).toEqual(placements.map((p) => p.placed!.order.hash));
    const book = await f.book();
    expect(book.asks.map((l: { price: string }) => l.price)).toEqual(["3000000", "4000000", "5000000"]);
    expect(book.bids.map((l: { price: string }) => l.price)).toEqual(["2000000", "1000000"]);
  });

  it("refuses each bad order with its reason and stores only the good ones, the maker's funds counted across the batch", async () => {
    const good = await f.order(SELLER, "sell", 10n * E18, 90_000_000n);
    const forged = await f.order(SELLER, "sell", LOT, 90_000_000n);
    const sameNonce = { ...(await f.order(SELLER, "sell", LOT, 91_000_000n)), nonce: good.nonce };
    const offTick = await f.order(SELLER, "sell", LOT, 90_000_000n + TICK / 2n);
    // 100 tokens held: 10 in `good`, 85 more fit, 6 more do not.
    const fits = await f.order(SELLER, "sell", 85n * E18, 92_000_000n);
    const tooMuch = await f.order(SELLER, "sell", 6n * E18, 93_000_000n);
    const before = await f.counts();
    const result = await placeMany(SELLER, [good, forged, good, sameNonce, offTick, fits, tooMuch], [undefined, await f.sign(forged, devAccount(BUYER).address)]);
    expect(result.errors).toBeUndefined();
    const placements = result.data.placeOrders as Placement[];
    expect(placements.map((p) => p.refused?.code ?? "placed")).toEqual([
      "placed", "MARKET_INVALID_SIGNATURE", "MARKET_ORDER_EXISTS", "MARKET_NONCE_USED", "MARKET_PRICE_OFF_TICK", "placed", "MARKET_INSUFFICIENT_BALANCE",
    ]);
    expect(await f.counts()).toEqual({ ...before, orders: before.orders + 2 });
    expect(await openHashes()).toEqual([placements[0]!.placed!.order.hash, placements[5]!.placed!.order.hash]);
  });

  it("matches an order of the batch with the book after the orders before it rested, and settles the trade exactly", async () => {
    const ask = await f.order(SELLER, "sell", 3n * LOT, 2_500_000n);
    expect((await f.place(ask)).errors).toBeUndefined();
    const [token0, cash0] = [await f.tokenOf(f.wallet(BUYER)), await f.cashOf(f.wallet(BUYER))];
    const [sellerToken0, sellerCash0] = [await f.tokenOf(f.wallet(SELLER)), await f.cashOf(f.wallet(SELLER))];
    const low = await f.order(BUYER, "buy", LOT, 1_000_000n);
    const crossing = await f.order(BUYER, "buy", 2n * LOT, 2_500_000n);
    const after = await f.order(BUYER, "buy", LOT, 2_000_000n);
    const result = await placeMany(BUYER, [low, crossing, after]);
    expect(result.errors).toBeUndefined();
    const placements = result.data.placeOrders as Placement[];
    expect(placements.map((p) => p.placed?.trades.length)).toEqual([0, 1, 0]);
    const trade = placements[1]!.placed!.trades[0]!;
    expect(trade.amount).toBe((2n * LOT).toString());
    await f.settle([trade]);
    // 2 lots at 2.5 cash per whole token: 2e14 × 2,500,000 / 1e18 = 500 cash units, both ways.
    const cash = (2n * LOT * 2_500_000n) / E18;
    expect(trade.cash).toBe(cash.toString());
    expect(await f.tokenOf(f.wallet(BUYER))).toBe(token0 + 2n * LOT);
    expect(await f.cashOf(f.wallet(BUYER))).toBe(cash0 - cash);
    expect(await f.tokenOf(f.wallet(SELLER))).toBe(sellerToken0 - 2n * LOT);
    expect(await f.cashOf(f.wallet(SELLER))).toBe(sellerCash0 + cash);
    const book = await f.book();
    expect(book.bids.map((l: { price: string }) => l.price)).toEqual(["2000000", "1000000"]);
    expect(book.asks.map((l: { amount: string }) => l.amount)).toEqual([LOT.toString()]);
  });

  it("places batches sent at once (entered together): two makers' same nonce is no conflict, one maker's batches never share its tokens", async () => {
    // 100 tokens held: each of the seller's two batches asks for 60, so only the first to enter can rest.
    const first = await f.order(SELLER, "sell", 60n * E18, 95_000_000n);
    const second = await f.order(SELLER, "sell", 60n * E18, 96_000_000n);
    const bid = await f.order(BUYER, "buy", LOT, 1_000_000n, { nonce: first.nonce });
    const before = await f.counts();
    const [a, b, c] = await Promise.all([placeMany(SELLER, [first]), placeMany(SELLER, [second]), placeMany(BUYER, [bid])]);
    const outcome = (r: typeof a) => (r.data.placeOrders as Placement[])[0]!;
    expect(outcome(c).placed?.order.status).toBe("OPEN");
    expect([outcome(a), outcome(b)].map((p) => p.refused?.code ?? "placed").sort()).toEqual(["MARKET_INSUFFICIENT_BALANCE", "placed"]);
    expect(await f.counts()).toEqual({ ...before, orders: before.orders + 2 });
    const placedAsk = (outcome(a).placed ?? outcome(b).placed)!.order.hash;
    expect(await openHashes()).toEqual(expect.arrayContaining([placedAsk, outcome(c).placed!.order.hash]));
  });

  it("refuses a whole batch that is empty, too long, or not a verified investor's, and changes nothing", async () => {
    const before = await f.counts();
    expect((await placeMany(SELLER, [])).errors?.[0]?.extensions?.code).toBe("MARKET_BATCH_SIZE");
    const one = await f.order(SELLER, "sell", LOT, 90_000_000n);
    const signature = await f.sign(one);
    const tooMany = Array.from({ length: 101 }, () => f.input(one, signature));
    expect((await f.gql(SELLER, PLACE_MANY, { orders: tooMany })).errors?.[0]?.extensions?.code).toBe("MARKET_BATCH_SIZE");
    const unverified = await f.order(UNVERIFIED, "sell", LOT, 90_000_000n);
    expect((await placeMany(UNVERIFIED, [unverified])).errors?.[0]?.extensions?.code).toBe("INVESTOR_NOT_VERIFIED");
    expect(await f.counts()).toEqual(before);
  });
});
