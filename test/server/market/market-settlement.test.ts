import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, http } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { devAccount } from "../../support/sign-in.ts";
import { createApp } from "../../../server/src/app.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { BOOK, BUYER, CANCEL, E18, PLACE, SELLER, startMarketPlatform, TOKEN_OWNER, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 2_500_000n; // 2.50 cash per token

describeEachDatabase("market: matching and settlement through the outbox", (kind) => {
  let f: MarketPlatform;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
  }, 240_000);
  afterAll(() => f?.close());

  it("settles a crossing pair on chain at the resting price and moves tokens and cash exactly", async () => {
    const [seller, buyer] = [f.wallet(SELLER), f.wallet(BUYER)];
    const before = { sellerTok: await f.tokenOf(seller), buyerTok: await f.tokenOf(buyer), sellerCash: await f.cashOf(seller), buyerCash: await f.cashOf(buyer) };
    const sell = await f.order(SELLER, "sell", 10n * E18, PRICE);
    const resting = await f.place(sell);
    expect(resting.errors).toBeUndefined();
    expect(resting.data.placeOrder.trades).toEqual([]);
    expect((await f.book()).asks).toEqual([{ price: PRICE.toString(), amount: (10n * E18).toString(), orders: 1 }]);

    // The buyer's limit is higher; the trade takes the resting (maker) order's price.
    const buy = await f.order(BUYER, "buy", 10n * E18, 3_000_000n);
    const placed = await f.place(buy);
    expect(placed.errors).toBeUndefined();
    const [trade] = placed.data.placeOrder.trades;
    expect(placed.data.placeOrder.trades).toHaveLength(1);
    expect(trade).toMatchObject({ status: "PENDING", price: PRICE.toString(), amount: (10n * E18).toString(), cash: "25000000" });
    expect(trade.makerOrder).toBe(resting.data.placeOrder.order.hash);
    expect(placed.data.placeOrder.order).toMatchObject({ status: "OPEN", reserved: (10n * E18).toString(), remaining: "0" });
    expect((await f.book()).asks).toEqual([]);

    const moved = await f.settle([trade]);
    expect(moved.confirmed).toBe(1);
    expect(await f.tokenOf(seller)).toBe(before.sellerTok - 10n * E18);
    expect(await f.tokenOf(buyer)).toBe(before.buyerTok + 10n * E18);
    expect(await f.cashOf(seller)).toBe(before.sellerCash + 25_000_000n);
    expect(await f.cashOf(buyer)).toBe(before.buyerCash - 25_000_000n);
    const trades = (await f.gql(null, `query($t: Address!) { trades(token: $t) { id status txHash blockNumber } lastPrice(token: $t) }`, { t: f.token })).data;
    expect(trades.trades[0]).toMatchObject({ id: trade.id, status: "CONFIRMED" });
    expect(trades.trades[0].txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(trades.lastPrice).toBe(PRICE.toString());
    const mine = (await f.gql(SELLER, `{ myOrders { hash status filled reserved remaining } }`)).data.myOrders;
    expect(mine.find((o: { hash: string }) => o.hash === resting.data.placeOrder.order.hash)).toMatchObject({ status: "FILLED", filled: (10n * E18).toString(), reserved: "0", remaining: "0" });
    expect(await f.remainingOnChain(sell)).toBe(0n);
  }, 120_000);

  it("fills a resting order in parts, in time priority, each part settled for its exact cash", async () => {
    const sellerCash = await f.cashOf(f.wallet(SELLER));
    const first = await f.order(SELLER, "sell", 5n * E18, PRICE);
    const second = await f.order(SELLER, "sell", 5n * E18, PRICE);
    const firstHash = (await f.place(first)).data.placeOrder.order.hash;
    const secondHash = (await f.place(second)).data.placeOrder.order.hash;

    // 2 then 4 tokens: the first order fills 2 + 3, the second 1 (time priority within the price level).
    const a = (await f.place(await f.order(BUYER, "buy", 2n * E18, PRICE))).data.placeOrder;
    expect(a.trades.map((t: { sellOrder: string; amount: string }) => [t.sellOrder, t.amount])).toEqual([[firstHash, (2n * E18).toString()]]);
    const b = (await f.place(await f.order(BUYER, "buy", 4n * E18, PRICE))).data.placeOrder;
    expect(b.trades.map((t: { sellOrder: string; amount: string }) => [t.sellOrder, t.amount])).toEqual([[firstHash, (3n * E18).toString()], [secondHash, (1n * E18).toString()]]);
    await f.settle([...a.trades, ...b.trades]);

    expect(await f.remainingOnChain(first)).toBe(0n);
    expect(await f.remainingOnChain(second)).toBe(4n * E18);
    expect(await f.cashOf(f.wallet(SELLER))).toBe(sellerCash + 6n * 2_500_000n);
    const book = await f.book();
    expect(book.asks).toEqual([{ price: PRICE.toString(), amount: (4n * E18).toString(), orders: 1 }]);
    expect(book.bestAsks).toEqual([{ hash: secondHash, remaining: (4n * E18).toString(), price: PRICE.toString() }]);
    const { rows } = await f.platform.db.query<{ status: string; filled: string; reserved: string }>(`select status, filled::text, reserved::text from market_orders where hash = $1`, [secondHash]);
    expect(rows[0]).toEqual({ status: "open", filled: (1n * E18).toString(), reserved: "0" });
  }, 120_000);

  it("rebuilds the same book from the database after a restart (a new app on the same database)", async () => {
    await f.place(await f.order(BUYER, "buy", 3n * E18, 2_000_000n));
    await f.place(await f.order(BUYER, "buy", 1n * E18, 2_100_000n));
    const before = await f.book();
    expect(before.bids.length).toBe(2);
    const app = createApp({ config: f.platform.config, logger: createLogger("silent"), db: f.platform.db, chain: await connectChain(f.platform.config) });
    const response = await app.yoga.fetch("http://folio.test/graphql", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: BOOK, variables: { t: f.token, c: f.cash } }),
    });
    const after = (await response.json()).data.orderBook;
    expect(after).toEqual(before);
    await app.services.market.stop();
  }, 120_000);

  it("checks a resting order before matching it (its seller is frozen): it leaves the book with why, nothing is sent, and it returns once unfrozen", async () => {
    await f.cancelAll();
    const sell = await f.order(SELLER, "sell", 1n * E18, 1_000_000n);
    const sellHash = (await f.placeOk(sell)).order.hash;
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAddressFrozen", [f.wallet(SELLER), true]);
    const outbox = await f.count("outbox_entries");
    const placed = await f.placeOk(await f.order(BUYER, "buy", 1n * E18, 1_000_000n));
    expect(placed.trades).toEqual([]);
    expect(await f.count("outbox_entries")).toBe(outbox);
    const suspended = (await f.gql(SELLER, `{ myOrders { hash status suspendedReason } }`)).data.myOrders.find((o: { hash: string }) => o.hash === sellHash);
    expect(suspended).toMatchObject({ status: "SUSPENDED", suspendedReason: expect.stringMatching(/frozen/) });
    expect((await f.book()).bestAsks.map((o: { hash: string }) => o.hash)).not.toContain(sellHash);
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAddressFrozen", [f.wallet(SELLER), false]);
    expect((await f.market().reviewSuspended()).restored).toBe(1);
    // Both are in the book again, crossed but unmatched (a return does not match); their makers take them off.
    const book = await f.book();
    expect(book.bestAsks.map((o: { hash: string }) => o.hash)).toContain(sellHash);
    expect(book.bestBids.map((o: { hash: string }) => o.hash)).toContain(placed.order.hash);
    expect((await f.gql(SELLER, CANCEL, { hash: sellHash })).errors).toBeUndefined();
    expect((await f.gql(BUYER, CANCEL, { hash: placed.order.hash })).errors).toBeUndefined();
  }, 120_000);

  it("gives the amounts of a failed settlement back to the book exactly once (the seller withdrew the allowance)", async () => {
    await f.cancelAll();
    const sell = await f.order(SELLER, "sell", 2n * E18, 1_500_000n);
    const sellHash = (await f.placeOk(sell)).order.hash;
    // The allowance goes after the match (checked then) and before the settlement is sent.
    await f.platform.app.outboxWorker.close();
    const buy = await f.order(BUYER, "buy", 2n * E18, 1_500_000n);
    const placed = await f.placeOk(buy);
    expect(placed.trades).toHaveLength(1);
    await f.write(SELLER, f.token, securityTokenAbi, "approve", [f.settlement, 0n]);
    f.platform.app.outboxWorker.start();
    const tokens = await f.tokenOf(f.wallet(BUYER));
    const cash = await f.cashOf(f.wallet(BUYER));
    const entry = await f.platform.app.services.outbox.waitForOutboxEntry(Number(placed.trades[0].outboxEntryId), { timeoutMs: 30_000 });
    expect(entry.status).toBe("failed");

    // Two replicas reconcile at once: the trade's status change from pending lets only one give the amounts back.
    const other = createApp({ config: f.platform.config, logger: createLogger("silent"), db: f.platform.db, chain: await connectChain(f.platform.config) });
    const results = await Promise.all([f.market().reconcile(), other.services.market.reconcile(), f.market().reconcile()]);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(1);
    await other.services.market.stop();

    const { rows } = await f.platform.db.query<{ hash: string; status: string; reserved: string; filled: string }>(
      `select hash, status, reserved::text, filled::text from market_orders where hash = any($1::text[])`, [[sellHash, placed.order.hash]],
    );
    const byHash = Object.fromEntries(rows.map((r) => [r.hash, r]));
    expect(byHash[placed.order.hash]).toMatchObject({ status: "open", reserved: "0", filled: "0" });
    // The seller can no longer deliver: its order leaves the book instead of failing again.
    expect(byHash[sellHash]).toMatchObject({ status: "unfillable", reserved: "0", filled: "0" });
    const book = await f.book();
    const bid = book.bestBids.find((o: { hash: string }) => o.hash === placed.order.hash);
    expect(bid.remaining).toBe((2n * E18).toString());
    expect(book.bestAsks.find((o: { hash: string }) => o.hash === sellHash)).toBeUndefined();
    expect(await f.tokenOf(f.wallet(BUYER))).toBe(tokens);
    expect(await f.cashOf(f.wallet(BUYER))).toBe(cash);
    const trade = (await f.gql(null, `query($t: Address!) { trades(token: $t) { id status failure } }`, { t: f.token })).data.trades.find((t: { id: string }) => t.id === placed.trades[0].id);
    expect(trade.status).toBe("FAILED");
    // Again: nothing more comes back.
    await f.market().reconcile();
    expect((await f.book()).bestBids.find((o: { hash: string }) => o.hash === placed.order.hash).remaining).toBe((2n * E18).toString());
    await f.write(SELLER, f.token, securityTokenAbi, "approve", [f.settlement, 100n * E18]);
  }, 120_000);

  it("one engine leads per database: another replica stores orders for it, and a replica that takes over matches them once", async () => {
    await f.cancelAll();
    const replica = createApp({ config: f.platform.config, logger: createLogger("silent"), db: f.platform.db, chain: await connectChain(f.platform.config) });
    const other = replica.services.market;
    expect(f.market().leading).toBe(true);
    const sell = await f.placeOk(await f.order(SELLER, "sell", 3n * E18, 4_000_000n));
    // Placed on the replica that does not lead: stored, not matched there.
    const buy = await f.order(BUYER, "buy", 3n * E18, 4_000_000n);
    const viaReplica = await (await replica.yoga.fetch("http://folio.test/graphql", {
      method: "POST", headers: { "content-type": "application/json", ...(await f.as(BUYER)) }, body: JSON.stringify({ query: PLACE, variables: f.input(buy, await f.sign(buy)) }),
    })).json();
    expect(viaReplica.errors).toBeUndefined();
    expect(viaReplica.data.placeOrder.trades).toEqual([]);
    expect(other.leading).toBe(false);
    expect(await other.ingest()).toBe(0);
    // The leader stops before taking the order in (killed mid-flow): the replica takes over, rebuilds and matches it.
    await f.market().stop();
    expect(await other.ingest()).toBe(1);
    expect(other.leading).toBe(true);
    expect(await other.ingest()).toBe(0);
    const { rows } = await f.platform.db.query<{ id: string; outbox_entry_id: string }>(`select id, outbox_entry_id::text from market_trades where buy_hash = $1`, [viaReplica.data.placeOrder.order.hash]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toBeDefined();
    const sellerTokens = await f.tokenOf(f.wallet(SELLER));
    await f.platform.app.services.outbox.waitForOutboxEntry(Number(rows[0]!.outbox_entry_id), { timeoutMs: 30_000 });
    expect((await other.reconcile()).confirmed).toBe(1);
    expect(await f.tokenOf(f.wallet(SELLER))).toBe(sellerTokens - 3n * E18);
    const { rows: orders } = await f.platform.db.query<{ status: string }>(`select status from market_orders where hash = any($1::text[])`, [[sell.order.hash, viaReplica.data.placeOrder.order.hash]]);
    expect(orders.map((o) => o.status)).toEqual(["filled", "filled"]);
    // The first engine comes back as a follower of the new leader.
    expect(await f.market().ingest()).toBe(0);
    expect(f.market().leading).toBe(false);
    await other.stop();
  }, 120_000);

  it("a server stopped between matching and settlement loses no trade and settles none twice: the next one rebuilds with the amounts reserved", async () => {
    await f.cancelAll();
    await f.market().reconcile();
    const sell = await f.placeOk(await f.order(SELLER, "sell", 5n * E18, 6_000_000n));
    const buy = await f.placeOk(await f.order(BUYER, "buy", 2n * E18, 6_000_000n));
    expect(buy.trades).toHaveLength(1);
    const sellerCash = await f.cashOf(f.wallet(SELLER));
    // The engine stops with the trade pending; a new app on the same database takes over.
    await f.market().stop();
    const next = createApp({ config: f.platform.config, logger: createLogger("silent"), db: f.platform.db, chain: await connectChain(f.platform.config) });
    await f.platform.app.services.outbox.waitForOutboxEntry(Number(buy.trades[0].outboxEntryId), { timeoutMs: 30_000 });
    const book = await next.services.market.orderBook(f.token, f.cash);
    expect(book.asks).toEqual([{ price: 6_000_000n, amount: 3n * E18, orders: 1 }]);
    expect(book.bids).toEqual([]);
    expect((await next.services.market.reconcile()).confirmed).toBe(1);
    expect((await next.services.market.reconcile()).confirmed).toBe(0);
    expect(await f.cashOf(f.wallet(SELLER))).toBe(sellerCash + 12_000_000n);
    const { rows } = await f.platform.db.query<{ hash: string; filled: string; reserved: string; status: string }>(
      `select hash, filled::text, reserved::text, status from market_orders where hash = any($1::text[]) order by side`, [[sell.order.hash, buy.order.hash]]);
    expect(rows).toEqual([
      { hash: buy.order.hash, filled: (2n * E18).toString(), reserved: "0", status: "filled" },
      { hash: sell.order.hash, filled: (2n * E18).toString(), reserved: "0", status: "open" },
    ]);
    // Every trade has its settlement (trades of one placement share a batch); the cash above moved once.
    expect(Number((await f.platform.db.query<{ n: string }>(`select count(*)::text as n from market_trades where outbox_entry_id is null`)).rows[0]!.n)).toBe(0);
    expect((await next.services.market.orderBook(f.token, f.cash)).asks).toEqual([{ price: 6_000_000n, amount: 3n * E18, orders: 1 }]);
    await next.services.market.stop();
  }, 120_000);

  it("cancels an order for its maker only: off the book, stored as cancelled, with the on-chain cancel to sign", async () => {
    const order = await f.order(SELLER, "sell", 1n * E18, 9_000_000n);
    const hash = (await f.placeOk(order)).order.hash;
    expect((await f.gql(BUYER, CANCEL, { hash })).errors?.[0]?.extensions?.code).toBe("MARKET_NOT_MAKER");
    const cancelled = (await f.gql(SELLER, CANCEL, { hash })).data.cancelOrder;
    expect(cancelled.order.status).toBe("CANCELLED");
    expect(cancelled.cancelTransaction.to).toBe(f.settlement);
    expect((await f.book()).bestAsks.find((o: { hash: string }) => o.hash === hash)).toBeUndefined();
    expect((await f.gql(SELLER, CANCEL, { hash })).errors?.[0]?.extensions?.code).toBe("MARKET_ORDER_NOT_OPEN");
    // The maker sends it: the nonce is used on chain and the signed order can never be placed again.
    const client = createWalletClient({ account: devAccount(SELLER), transport: http(f.platform.chain.rpcUrl) });
    const tx = await client.sendTransaction({ to: cancelled.cancelTransaction.to, data: cancelled.cancelTransaction.data, chain: null });
    await f.publicClient.waitForTransactionReceipt({ hash: tx });
    expect(await f.remainingOnChain(order)).toBe(0n);
  }, 120_000);
});
