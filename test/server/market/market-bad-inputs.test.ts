import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hex } from "viem";
import { securityTokenAbi, settlementAbi } from "../../../deployments/abi/index.ts";
import { AgentPermission } from "../../../lib/agent-permissions.ts";
import type { MarketOrder } from "../../../lib/market/order.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import { BUYER, E18, LOT, NO_ALLOWANCE, PLACE, SELLER, SET_SETTINGS, startMarketPlatform, TICK, TOKEN_OWNER, UNVERIFIED, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 2_500_000n;

describeEachDatabase("market: every bad order is refused with its code and changes nothing", (kind) => {
  let f: MarketPlatform;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
  }, 240_000);
  afterAll(() => f?.close());

  /** Places a signed order as `as` and expects `code`, with the same rows in every market table before and after. */
  async function refused(code: string, order: MarketOrder, options: { as?: number; signature?: Hex } = {}) {
    const before = await f.counts();
    const booked = await f.book();
    const signature = options.signature ?? (await f.sign(order));
    const as = options.as ?? [...Array(20).keys()].find((i) => devAccount(i).address === order.maker)!;
    const result = await f.gql(as, PLACE, f.input(order, signature));
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(code);
    expect(await f.counts()).toEqual(before);
    expect(await f.book()).toEqual(booked);
  }

  it("refuses a forged signature (another wallet signed for the maker)", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE);
    await refused("MARKET_INVALID_SIGNATURE", order, { signature: await f.sign(order, devAccount(BUYER).address) });
  });

  it("refuses a signature for another order (the amount changed after signing)", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE);
    const signature = await f.sign(order);
    await refused("MARKET_INVALID_SIGNATURE", { ...order, amount: 2n * E18 }, { signature });
  });

  it("refuses a signature over another chain or another contract in the domain", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE);
    await refused("MARKET_INVALID_SIGNATURE", order, { signature: await f.sign(order, order.maker, { chainId: 1 }) });
    await refused("MARKET_INVALID_SIGNATURE", order, { signature: await f.sign(order, order.maker, { settlement: f.token }) });
  });

  it("refuses a malleable (high-s) twin of a valid signature", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE);
    const signature = await f.sign(order);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(`0x${signature.slice(66, 130)}`);
    const v = parseInt(signature.slice(130, 132), 16);
    const twin = `${signature.slice(0, 66)}${(n - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    await refused("MARKET_INVALID_SIGNATURE", order, { signature: twin });
  });

  it("refuses a signature whose v is 0 or 1: the contract's ECDSA takes 27 or 28 only, so such an order could never settle", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE);
    const signature = await f.sign(order);
    const v = parseInt(signature.slice(130, 132), 16);
    await refused("MARKET_INVALID_SIGNATURE", order, { signature: `${signature.slice(0, 130)}${(v - 27).toString(16).padStart(2, "0")}` as Hex });
  });

  it("refuses a replayed signature: the same signed order placed twice", async () => {
    const order = await f.order(SELLER, "sell", E18, 90_000_000n);
    const signature = await f.sign(order);
    expect((await f.gql(SELLER, PLACE, f.input(order, signature))).errors).toBeUndefined();
    await refused("MARKET_ORDER_EXISTS", order, { signature });
    // Another order with the same nonce could void the first on chain.
    await refused("MARKET_NONCE_USED", { ...order, price: 91_000_000n });
  });

  it("refuses an order whose nonce the maker cancelled on chain", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE);
    await f.write(SELLER, f.settlement, settlementAbi, "cancel", [order.nonce]);
    await refused("MARKET_NONCE_USED", order);
  });

  it("reads a cancelled nonce from its bitmap word: the nonce is refused, its neighbours in the word and the next word are not", async () => {
    const nonce = 2n ** 255n + 300n;
    await f.write(SELLER, f.settlement, settlementAbi, "cancel", [nonce]);
    await refused("MARKET_NONCE_USED", await f.order(SELLER, "sell", E18, PRICE, { nonce }));
    for (const free of [nonce + 1n, nonce - 1n, nonce + 256n]) {
      const order = await f.order(SELLER, "sell", E18, PRICE, { nonce: free });
      expect((await f.gql(SELLER, PLACE, f.input(order, await f.sign(order)))).errors, `nonce ${free}`).toBeUndefined();
    }
  });

  it("refuses an expired order", async () => {
    const order = await f.order(SELLER, "sell", E18, PRICE, { expiry: (await f.chainTime()) - 1n });
    await refused("MARKET_ORDER_EXPIRED", order);
  });

  it("refuses an amount or price of zero or beyond the limits", async () => {
    await refused("MARKET_INVALID_AMOUNT", await f.order(SELLER, "sell", 0n, PRICE));
    await refused("MARKET_INVALID_AMOUNT", await f.order(SELLER, "sell", 2n ** 128n, PRICE));
    await refused("MARKET_INVALID_PRICE", await f.order(SELLER, "sell", E18, 0n));
    await refused("MARKET_INVALID_PRICE", await f.order(SELLER, "sell", E18, 2n ** 128n));
  });

  it("refuses a price off the tick and an amount off the lot", async () => {
    await refused("MARKET_PRICE_OFF_TICK", await f.order(SELLER, "sell", E18, PRICE + TICK / 2n));
    await refused("MARKET_AMOUNT_OFF_LOT", await f.order(SELLER, "sell", E18 + LOT / 3n, PRICE));
  });

  it("refuses an unverified maker and a maker that is not the signed-in wallet", async () => {
    await refused("INVESTOR_NOT_VERIFIED", await f.order(UNVERIFIED, "buy", E18, PRICE));
    await refused("MARKET_MAKER_NOT_SIGNED_IN", await f.order(BUYER, "buy", E18, PRICE), { as: SELLER });
    const anonymous = await f.gql(null, PLACE, f.input(await f.order(BUYER, "buy", E18, PRICE), "0x00"));
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an order the maker cannot fund: balance, allowance, or tokens it cannot move", async () => {
    await refused("MARKET_INSUFFICIENT_BALANCE", await f.order(SELLER, "sell", 101n * E18, PRICE));
    await refused("MARKET_INSUFFICIENT_BALANCE", await f.order(BUYER, "buy", 1000n * E18, 2_000_000n));
    await refused("MARKET_INSUFFICIENT_ALLOWANCE", await f.order(NO_ALLOWANCE, "sell", E18, PRICE));
    await refused("MARKET_INSUFFICIENT_ALLOWANCE", await f.order(NO_ALLOWANCE, "buy", E18, PRICE));
    // Frozen tokens and open orders count: the seller's spendable balance is what is left for a new order.
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setFrozenTokens", [f.wallet(SELLER), 50n * E18]);
    try {
      const { rows } = await f.platform.db.query<{ left: string }>(
        `select (100 * 10^18 - 50 * 10^18 - coalesce(sum(amount - filled), 0))::numeric(78, 0)::text as left from market_orders where maker = $1 and side = 1 and status = 'open'`,
        [f.wallet(SELLER)],
      );
      await refused("MARKET_INSUFFICIENT_BALANCE", await f.order(SELLER, "sell", BigInt(rows[0]!.left) + LOT, PRICE));
    } finally {
      await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setFrozenTokens", [f.wallet(SELLER), 0n]);
    }
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAddressFrozen", [f.wallet(BUYER), true]);
    try {
      await refused("MARKET_TRANSFER_NOT_ALLOWED", await f.order(BUYER, "buy", E18, PRICE));
    } finally {
      await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAddressFrozen", [f.wallet(BUYER), false]);
    }
  });

  it("refuses another cash token than the market's, and any order while the market is closed", async () => {
    await refused("MARKET_WRONG_CASH_TOKEN", await f.order(SELLER, "sell", E18, PRICE, { cashToken: f.settlement }));
    const close = await f.gql(TOKEN_OWNER, SET_SETTINGS, { t: f.token, s: { cashToken: f.cash, tickSize: TICK.toString(), lotSize: LOT.toString(), enabled: false } });
    expect(close.errors).toBeUndefined();
    await refused("MARKET_NOT_OPEN", await f.order(SELLER, "sell", E18, PRICE));
    await f.gql(TOKEN_OWNER, SET_SETTINGS, { t: f.token, s: { cashToken: f.cash, tickSize: TICK.toString(), lotSize: LOT.toString(), enabled: true } });
  });

  it("refuses market settings whose lot does not cost whole cash units, and settings from anyone but the token's owner or agents", async () => {
    const before = (await f.gql(null, `query($t: Address!) { marketSettings(token: $t) { tickSize lotSize enabled } }`, { t: f.token })).data.marketSettings;
    const offLot = await f.gql(TOKEN_OWNER, SET_SETTINGS, { t: f.token, s: { cashToken: f.cash, tickSize: "3", lotSize: "1000", enabled: true } });
    expect(offLot.errors?.[0]?.extensions?.code).toBe("MARKET_LOT_NOT_WHOLE_CASH");
    // An open order trades against the current cash token: another one only once none is open.
    expect((await f.gql(SELLER, `{ myOrders { status } }`)).data.myOrders.map((o: { status: string }) => o.status)).toContain("OPEN");
    const otherCash = await f.gql(TOKEN_OWNER, SET_SETTINGS, { t: f.token, s: { cashToken: f.settlement, tickSize: TICK.toString(), lotSize: LOT.toString(), enabled: true } });
    expect(otherCash.errors?.[0]?.extensions?.code).toBe("MARKET_OPEN_ORDERS");
    const notOwner = await f.gql(SELLER, SET_SETTINGS, { t: f.token, s: { cashToken: f.cash, tickSize: "1", lotSize: (10n ** 18n).toString(), enabled: true } });
    expect(notOwner.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await f.gql(null, `query($t: Address!) { marketSettings(token: $t) { tickSize lotSize enabled } }`, { t: f.token })).data.marketSettings).toEqual(before);
    expect(before).toEqual({ tickSize: TICK.toString(), lotSize: LOT.toString(), enabled: true });
  });

  it("refuses market settings from an agent without the RULES permission, changing nothing, and takes them from one with it", async () => {
    const SETTINGS = `query($t: Address!) { marketSettings(token: $t) { cashToken tickSize lotSize enabled updatedBy updatedAt } }`;
    const [withoutRules, withRules] = [6, 7];
    // Every power but RULES, against RULES alone: the bit, not the agent role, decides.
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAgentPermissions", [f.wallet(withoutRules), AgentPermission.ALL & ~AgentPermission.RULES]);
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "setAgentPermissions", [f.wallet(withRules), AgentPermission.RULES]);
    const before = (await f.gql(null, SETTINGS, { t: f.token })).data.marketSettings;
    const wider = { cashToken: f.cash, tickSize: (TICK * 10n).toString(), lotSize: (LOT * 10n).toString(), enabled: true };

    const refusedAgent = await f.gql(withoutRules, SET_SETTINGS, { t: f.token, s: { ...wider, enabled: false } });
    expect(refusedAgent.data).toBeNull();
    expect(refusedAgent.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refusedAgent.errors?.[0]?.message).toMatch(/agent of it with the RULES permission/);
    expect((await f.gql(null, SETTINGS, { t: f.token })).data.marketSettings).toEqual(before);

    const allowed = await f.gql(withRules, SET_SETTINGS, { t: f.token, s: wider });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.setMarketSettings).toEqual({ token: f.token, ...wider });
    expect((await f.gql(null, SETTINGS, { t: f.token })).data.marketSettings).toMatchObject({ ...wider, updatedBy: f.wallet(withRules) });

    const restored = await f.gql(TOKEN_OWNER, SET_SETTINGS, { t: f.token, s: { ...wider, tickSize: TICK.toString(), lotSize: LOT.toString() } });
    expect(restored.errors).toBeUndefined();
  });
});
