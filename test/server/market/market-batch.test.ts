import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hex } from "viem";
import { cashTokenAbi } from "../../../deployments/abi/index.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { BUYER, E18, NO_ALLOWANCE, SELLER, startMarketPlatform, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 2_500_000n;

describeEachDatabase("market: matched trades settle in batches through the outbox", (kind) => {
  let f: MarketPlatform;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
  }, 240_000);
  afterAll(() => f?.close());

  const entryOf = async (id: string) => f.platform.app.services.outbox.waitForOutboxEntry(Number(id), { timeoutMs: 30_000 });
  const gasOf = async (txHash: Hex) => (await f.publicClient.getTransactionReceipt({ hash: txHash })).gasUsed;
  const orderRow = async (hash: string) =>
    (await f.platform.db.query<{ status: string; filled: string; reserved: string }>(`select status, filled::text, reserved::text from market_orders where hash = $1`, [hash])).rows[0];

  it("settles the ten trades of one incoming order in one settle transaction (gas per trade measured)", async () => {
    // One trade alone, for comparison.
    await f.placeOk(await f.order(BUYER, "buy", E18, PRICE));
    const single = (await f.placeOk(await f.order(SELLER, "sell", E18, PRICE))).trades;
    expect(single).toHaveLength(1);
    const singleEntry = await entryOf(single[0].outboxEntryId);
    expect(singleEntry.status).toBe("confirmed");
    const singleGas = await gasOf(singleEntry.txHash as Hex);

    for (let i = 0; i < 10; i++) await f.placeOk(await f.order(BUYER, "buy", E18, PRICE));
    const sellerTokens = await f.tokenOf(f.wallet(SELLER));
    const { trades } = await f.placeOk(await f.order(SELLER, "sell", 10n * E18, PRICE));
    expect(trades).toHaveLength(10);
    expect(new Set(trades.map((t: { outboxEntryId: string }) => t.outboxEntryId)).size).toBe(1);
    const entry = await entryOf(trades[0].outboxEntryId);
    expect(entry.status).toBe("confirmed");
    expect((await f.market().reconcile()).confirmed).toBe(11);
    expect(await f.tokenOf(f.wallet(SELLER))).toBe(sellerTokens - 10n * E18);
    const batchGas = await gasOf(entry.txHash as Hex);
    // The first settlement of the token was estimated; the batch asks for what that one used per trade, times 1.5,
    // plus 100,000 (settle-batches), is run once with it instead of estimated, and is signed with it.
    expect(singleEntry.requestedGas).toBeNull();
    expect(entry.requestedGas).toBe((singleGas * 10n * 150n) / 100n + 100_000n);
    expect(entry.gasLimit).toBe(entry.requestedGas);
    const perTrade = batchGas / 10n;
    console.info(`[${kind.name}] settle gas: one trade alone ${singleGas}; batch of 10 ${batchGas} (${perTrade} per trade)`);
    expect(perTrade).toBeLessThan(singleGas);
  }, 120_000);

  it("a batch in which one trade fails is split: the valid trade settles alone, the bad one fails with its reason, each amount comes back once", async () => {
    await f.cancelAll();
    // #3 funds one resting buy, then withdraws the allowance after the match, before the batch is sent.
    await f.write(NO_ALLOWANCE, f.cash, cashTokenAbi, "approve", [f.settlement, 1_000_000_000n]);
    const good = await f.placeOk(await f.order(BUYER, "buy", E18, PRICE));
    const bad = await f.placeOk(await f.order(NO_ALLOWANCE, "buy", E18, PRICE));
    const worker = f.platform.app.outboxWorker;
    await worker.close();
    const sellerTokens = await f.tokenOf(f.wallet(SELLER));
    const badCash = await f.cashOf(f.wallet(NO_ALLOWANCE));
    const sell = await f.placeOk(await f.order(SELLER, "sell", 2n * E18, PRICE));
    expect(sell.trades).toHaveLength(2);
    const batchId = sell.trades[0].outboxEntryId;
    expect(sell.trades[1].outboxEntryId).toBe(batchId);
    await f.write(NO_ALLOWANCE, f.cash, cashTokenAbi, "approve", [f.settlement, 0n]);
    worker.start();
    expect((await entryOf(batchId)).status).toBe("failed");

    // The failed batch gives nothing back: its trades stay pending, each in a settle of its own.
    expect(await f.market().reconcile()).toMatchObject({ confirmed: 0, failed: 0 });
    const { rows: retried } = await f.platform.db.query<{ id: string; buy_hash: string; status: string; outbox_entry_id: string }>(
      `select id::text, buy_hash, status, outbox_entry_id::text from market_trades where taker_hash = $1 order by id`, [sell.order.hash]);
    expect(retried.map((t) => t.status)).toEqual(["pending", "pending"]);
    expect(new Set(retried.map((t) => t.outbox_entry_id)).size).toBe(2);
    expect(retried.some((t) => t.outbox_entry_id === batchId)).toBe(false);
    expect(await orderRow(sell.order.hash)).toEqual({ status: "open", filled: "0", reserved: (2n * E18).toString() });

    for (const t of retried) await entryOf(t.outbox_entry_id);
    expect(await f.market().reconcile()).toMatchObject({ confirmed: 1, failed: 1 });
    const trades = (await f.gql(null, `query($t: Address!) { trades(token: $t) { id status failure buyOrder } }`, { t: f.token })).data.trades;
    const byBuy = (hash: string) => trades.find((t: { buyOrder: string }) => t.buyOrder === hash);
    expect(byBuy(good.order.hash)).toMatchObject({ status: "CONFIRMED", failure: null });
    expect(byBuy(bad.order.hash).status).toBe("FAILED");
    expect(byBuy(bad.order.hash).failure).toBeTruthy();

    // Exactly once, however many passes follow: the seller's order has one token filled and one back in the book.
    for (let i = 0; i < 3; i++) expect(await f.market().reconcile()).toMatchObject({ confirmed: 0, failed: 0 });
    expect(await orderRow(sell.order.hash)).toEqual({ status: "open", filled: E18.toString(), reserved: "0" });
    expect(await orderRow(good.order.hash)).toEqual({ status: "filled", filled: E18.toString(), reserved: "0" });
    expect(await orderRow(bad.order.hash)).toEqual({ status: "unfillable", filled: "0", reserved: "0" });
    const book = await f.book();
    expect(book.bestAsks).toEqual([{ hash: sell.order.hash, remaining: E18.toString(), price: PRICE.toString() }]);
    expect(book.bestBids.find((o: { hash: string }) => o.hash === bad.order.hash)).toBeUndefined();
    expect(await f.tokenOf(f.wallet(SELLER))).toBe(sellerTokens - E18);
    expect(await f.cashOf(f.wallet(NO_ALLOWANCE))).toBe(badCash);
  }, 120_000);
});
