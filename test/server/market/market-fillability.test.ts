import { afterAll, beforeAll, expect, it } from "vitest";
import { getAddress, keccak256, toHex, type Address } from "viem";
import { cashTokenAbi, identityRegistryAbi, securityTokenAbi, settlementAbi } from "../../../deployments/abi/index.ts";
import type { MarketOrder } from "../../../lib/market/order.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { BUYER, E18, SELLER, startMarketPlatform, TOKEN_OWNER, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 2_000_000n;
const investorId = (index: number) => keccak256(toHex(`market-test:${index}`));

describeEachDatabase("market: the book follows the chain (Settlement events, transfers, freezes, KYC, halts)", (kind) => {
  let f: MarketPlatform;
  let registry: Address;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
    registry = getAddress((await f.platform.db.query<{ contract: string }>(`select contract from contract_events where event = 'InvestorRegistered' limit 1`)).rows[0]!.contract);
    await pass();
  }, 240_000);
  afterAll(() => f?.close());

  /** The indexer catches up, then the leader follows what it indexed. */
  async function pass() {
    await f.platform.app.indexer.syncToHead();
    await f.market().reconcile();
  }
  async function mine(index: number, hash: string) {
    const orders = (await f.gql(index, `{ myOrders { hash status suspendedReason filled remaining } }`)).data.myOrders;
    return orders.find((o: { hash: string }) => o.hash === hash);
  }
  async function inBook(hash: string) {
    const book = await f.book();
    return [...book.bestAsks, ...book.bestBids].some((o: { hash: string }) => o.hash === hash);
  }
  /** Places a resting order and checks it is in the book. */
  async function resting(index: number, side: "buy" | "sell", amount = E18): Promise<{ hash: string; order: MarketOrder }> {
    await f.cancelAll();
    const order = await f.order(index, side, amount, side === "sell" ? PRICE * 5n : PRICE);
    const hash = (await f.placeOk(order)).order.hash;
    expect(await inBook(hash)).toBe(true);
    return { hash, order };
  }
  /** The order leaves the book as SUSPENDED with `reason`, and `restore` brings it back. */
  async function leavesAndReturns(index: number, hash: string, reason: RegExp, restore: () => Promise<void>) {
    expect(await mine(index, hash)).toMatchObject({ status: "SUSPENDED", suspendedReason: expect.stringMatching(reason) });
    expect(await inBook(hash)).toBe(false);
    await restore();
    expect(await mine(index, hash)).toMatchObject({ status: "OPEN", suspendedReason: null });
    expect(await inBook(hash)).toBe(true);
  }

  it("an on-chain cancel (cancel, cancelUpTo) by the maker closes the order in the book", async () => {
    const { hash, order } = await resting(SELLER, "sell");
    await f.write(SELLER, f.settlement, settlementAbi, "cancel", [order.nonce]);
    await pass();
    expect(await mine(SELLER, hash)).toMatchObject({ status: "CANCELLED" });
    expect(await inBook(hash)).toBe(false);

    const a = await resting(SELLER, "sell");
    await f.cancelAll();
    const b = (await f.placeOk(await f.order(SELLER, "sell", E18, PRICE * 5n))).order.hash;
    const c = await f.order(SELLER, "sell", E18, PRICE * 6n);
    const cHash = (await f.placeOk(c)).order.hash;
    await f.write(SELLER, f.settlement, settlementAbi, "cancelUpTo", [c.nonce]);
    await pass();
    expect((await mine(SELLER, b)).status).toBe("CANCELLED");
    expect((await mine(SELLER, a.hash)).status).toBe("CANCELLED");
    // The order at the nonce itself stays open.
    expect(await mine(SELLER, cHash)).toMatchObject({ status: "OPEN" });
    expect(await inBook(cHash)).toBe(true);
  }, 120_000);

  it("an order filled elsewhere (a taker's direct fill) keeps only what is left in the book", async () => {
    const { hash, order } = await resting(SELLER, "sell", 2n * E18);
    await f.write(BUYER, f.settlement, settlementAbi, "fill", [[{ order, signature: await f.sign(order), amount: E18 }], 10_000n]);
    await pass();
    expect(await mine(SELLER, hash)).toMatchObject({ status: "OPEN", filled: E18.toString(), remaining: E18.toString() });
    expect((await f.book()).bestAsks.find((o: { hash: string }) => o.hash === hash).remaining).toBe(E18.toString());
    // Another pass changes nothing.
    await pass();
    expect(await mine(SELLER, hash)).toMatchObject({ filled: E18.toString(), remaining: E18.toString() });
  }, 120_000);

  it("a halt takes the token's orders out of the book and a resume brings them back", async () => {
    const { hash } = await resting(SELLER, "sell");
    await f.write(TOKEN_OWNER, f.settlement, settlementAbi, "haltTrading", [f.token]);
    await pass();
    await leavesAndReturns(SELLER, hash, /halted/, async () => {
      await f.write(TOKEN_OWNER, f.settlement, settlementAbi, "resumeTrading", [f.token]);
      await pass();
    });
  }, 120_000);

  it("the maker's balance gone (a transfer) takes the order out; tokens back bring it back", async () => {
    const { hash } = await resting(SELLER, "sell", 10n * E18);
    const balance = await f.tokenOf(f.wallet(SELLER));
    await f.write(SELLER, f.token, securityTokenAbi, "transfer", [f.wallet(TOKEN_OWNER), balance]);
    await pass();
    await leavesAndReturns(SELLER, hash, /can transfer 0 token units/, async () => {
      await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "transfer", [f.wallet(SELLER), balance]);
      await pass();
    });
  }, 120_000);

  it("the maker's allowance gone is caught before matching; an approval brings the order back", async () => {
    const { hash } = await resting(BUYER, "buy");
    await f.write(BUYER, f.cash, cashTokenAbi, "approve", [f.settlement, 0n]);
    const outbox = await f.count("outbox_entries");
    const sell = await f.placeOk(await f.order(SELLER, "sell", E18, PRICE));
    expect(sell.trades).toEqual([]);
    expect(await f.count("outbox_entries")).toBe(outbox);
    expect((await f.gql(SELLER, `mutation($h: String!) { cancelOrder(hash: $h) { order { status } } }`, { h: sell.order.hash })).errors).toBeUndefined();
    await leavesAndReturns(BUYER, hash, /allows the Settlement 0 cash units/, async () => {
      await f.write(BUYER, f.cash, cashTokenAbi, "approve", [f.settlement, 1_000_000_000n]);
      expect((await f.market().reviewSuspended()).restored).toBe(1);
    });
  }, 120_000);

  it("the buyer's KYC lapsing (chain time passing its end) is caught before matching; a renewal brings the order back", async () => {
    const { hash } = await resting(BUYER, "buy");
    const now = await f.chainTime();
    await f.write(TOKEN_OWNER, registry, identityRegistryAbi, "updateInvestor", [investorId(BUYER), 276, now + 30n, 0]);
    await pass();
    expect(await mine(BUYER, hash)).toMatchObject({ status: "OPEN" });
    // KYC runs out with time, which no event announces: the check before matching finds it.
    await f.publicClient.request({ method: "evm_increaseTime", params: [120] } as never);
    await f.publicClient.request({ method: "evm_mine", params: [] } as never);
    const outbox = await f.count("outbox_entries");
    const sell = await f.placeOk(await f.order(SELLER, "sell", E18, PRICE));
    expect(sell.trades).toEqual([]);
    expect(await f.count("outbox_entries")).toBe(outbox);
    expect((await f.gql(SELLER, `mutation($h: String!) { cancelOrder(hash: $h) { order { status } } }`, { h: sell.order.hash })).errors).toBeUndefined();
    await leavesAndReturns(BUYER, hash, /receive/, async () => {
      await f.write(TOKEN_OWNER, registry, identityRegistryAbi, "updateInvestor", [investorId(BUYER), 276, (await f.chainTime()) + 3650n * 86_400n, 0]);
      await pass();
    });
  }, 120_000);

  it("the seller suspended as an investor takes its order out; reactivated, it comes back", async () => {
    const { hash } = await resting(SELLER, "sell");
    await f.write(TOKEN_OWNER, registry, identityRegistryAbi, "setInvestorStatus", [investorId(SELLER), 3]);
    await pass();
    await leavesAndReturns(SELLER, hash, /send/, async () => {
      await f.write(TOKEN_OWNER, registry, identityRegistryAbi, "setInvestorStatus", [investorId(SELLER), 1]);
      await pass();
    });
  }, 120_000);

  it("the maker's wallet frozen takes its order out; unfrozen, it comes back", async () => {
    const { hash } = await resting(SELLER, "sell");
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAddressFrozen", [f.wallet(SELLER), true]);
    await pass();
    await leavesAndReturns(SELLER, hash, /frozen/, async () => {
      await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAddressFrozen", [f.wallet(SELLER), false]);
      await pass();
    });
  }, 120_000);
});
