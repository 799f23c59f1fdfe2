import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFunctionData, type Hex } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { pglite } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import { differences, reconcilePlatform } from "../reconcile/reconcile-fixture.ts";
import { BUYER, E18, LOT, SELLER, startMarketPlatform, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 3_000_000n;

/**
 * A reorganisation deeper than the confirmations takes a confirmed settlement off the chain; the outbox sends the
 * same signed bytes again, and by then the seller no longer holds the tokens, so it reverts. The market must not keep
 * the trade: both orders get their amounts back, and the reconciliation finds the database equal to the chain.
 */
describe("market: a settlement reorganised out of the chain, then reverted when sent again", () => {
  let f: MarketPlatform;
  beforeAll(async () => {
    f = await startMarketPlatform(pglite);
  }, 240_000);
  afterAll(() => f?.close());

  const rpc = (method: string, params: unknown[]) =>
    fetch(f.platform.chain.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })
      .then((r) => r.json() as Promise<{ result?: unknown; error?: { message: string } }>)
      .then((r) => {
        if (r.error) throw new Error(`${method}: ${r.error.message}`);
        return r.result;
      });
  const orderRow = async (hash: Hex) =>
    (await f.platform.db.query<{ status: string; filled: string; reserved: string }>(`select status, filled::text, reserved::text from market_orders where hash = $1`, [hash])).rows[0]!;
  const tradeRows = async (ids: string[]) =>
    (await f.platform.db.query<{ status: string; failure: string | null }>(`select status, failure from market_trades where id = any($1::bigint[]) order by id`, [ids])).rows;

  /** Places a crossing pair and waits for its settlement: the buy order, its trade and the outbox entry. */
  async function confirmedTrade() {
    const sell = await f.placeOk(await f.order(SELLER, "sell", LOT, PRICE));
    const buy = await f.placeOk(await f.order(BUYER, "buy", LOT, PRICE));
    expect(await f.settle(buy.trades)).toMatchObject({ confirmed: 1 });
    expect(await orderRow(buy.order.hash)).toMatchObject({ status: "filled", filled: LOT.toString() });
    const entry = (await f.platform.app.services.outbox.getOutboxEntry(Number(buy.trades[0].outboxEntryId)))!;
    return { sell, buy, entry, tradeIds: buy.trades.map((t: { id: string }) => t.id) as string[] };
  }
  const entryStatus = async (id: number) => (await f.platform.app.services.outbox.getOutboxEntry(id))!.status;

  it("holds the trade pending while its settlement is off the chain, and confirms it once when it is mined again", async () => {
    const buyerTokens = await f.tokenOf(f.wallet(BUYER));
    const { sell, buy, entry, tradeIds } = await confirmedTrade();
    await rpc("evm_setAutomine", [false]);
    try {
      const head = await f.publicClient.getBlockNumber();
      await rpc("anvil_reorg", [Number(head - entry.blockNumber! + 1n), []]);
      await expect.poll(() => entryStatus(entry.id), { timeout: 30_000, interval: 100 }).toBe("sent");
      await f.market().reconcile();
      expect(await tradeRows(tradeIds)).toEqual([{ status: "pending", failure: null }]);
      // Back in the orders' reserved amounts, out of the book, as while any settlement is on its way.
      for (const hash of [buy.order.hash, sell.order.hash]) expect(await orderRow(hash)).toMatchObject({ status: "open", filled: "0", reserved: LOT.toString() });
      expect(await f.book()).toMatchObject({ bids: [], asks: [] });
      await rpc("evm_mine", []);
    } finally {
      await rpc("evm_setAutomine", [true]);
    }
    await expect.poll(() => entryStatus(entry.id), { timeout: 30_000, interval: 100 }).toBe("confirmed");
    await f.market().reconcile();
    expect(await tradeRows(tradeIds)).toEqual([{ status: "confirmed", failure: null }]);
    for (const hash of [buy.order.hash, sell.order.hash]) expect(await orderRow(hash)).toMatchObject({ status: "filled", filled: LOT.toString(), reserved: "0" });
    expect(await f.tokenOf(f.wallet(BUYER))).toBe(buyerTokens + LOT);
    expect(differences(await reconcilePlatform(f.platform, ["trades", "outbox"]))).toEqual([]);
  });

  it("fails the trade, gives both orders their amounts back, and leaves nothing for the reconciliation to find", async () => {
    const buyerCash = await f.cashOf(f.wallet(BUYER));
    const sellerTokens = await f.tokenOf(f.wallet(SELLER));
    const { sell, buy, entry, tradeIds } = await confirmedTrade();

    // The blocks from the settlement's on are replaced: the new first one holds the seller sending every token away.
    const seller = devAccount(SELLER);
    const sendAway = await seller.signTransaction({
      chainId: 31337, type: "eip1559", to: f.token, nonce: await f.publicClient.getTransactionCount({ address: seller.address }),
      gas: 300_000n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n,
      data: encodeFunctionData({ abi: securityTokenAbi, functionName: "transfer", args: [f.wallet(BUYER), sellerTokens] }),
    });
    const head = await f.publicClient.getBlockNumber();
    await rpc("anvil_reorg", [Number(head - entry.blockNumber! + 1n), [[sendAway, 0]]]);
    expect(await f.tokenOf(seller.address)).toBe(0n);

    // The outbox worker sees the reorganisation, sends the settlement again, and it reverts.
    await expect.poll(() => entryStatus(entry.id), { timeout: 30_000, interval: 100 }).toBe("failed");
    expect(await f.platform.app.services.outbox.getOutboxEntry(entry.id)).toMatchObject({ txHash: entry.txHash, nonce: entry.nonce });
    await f.market().reconcile();

    expect(await tradeRows(tradeIds)).toEqual([{ status: "failed", failure: expect.any(String) }]);
    expect(await orderRow(buy.order.hash)).toMatchObject({ status: "open", filled: "0", reserved: "0" });
    // The seller can no longer deliver: its order leaves the book; the buyer's bid rests again, whole.
    expect(await orderRow(sell.order.hash)).toMatchObject({ status: "unfillable", filled: "0", reserved: "0" });
    const book = await f.book();
    expect(book.bids).toEqual([{ price: PRICE.toString(), amount: LOT.toString(), orders: 1 }]);
    expect(book.asks).toEqual([]);
    expect(await f.cashOf(f.wallet(BUYER))).toBe(buyerCash);
    expect(differences(await reconcilePlatform(f.platform, ["trades", "outbox"]))).toEqual([]);
  });
});
