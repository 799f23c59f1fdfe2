import fs from "node:fs";
import path from "node:path";
import { createPublicClient, createWalletClient, getAddress, http, keccak256, toHex, zeroAddress, type Abi, type Address, type Hex } from "viem";
import { cashTokenAbi, identityRegistryAbi, securityTokenAbi, settlementAbi } from "../../../deployments/abi/index.ts";
import { orderTypedData, type MarketOrder } from "../../../lib/market/order.ts";
import type { DatabaseKind } from "../../support/databases.ts";
import { startTestPlatform } from "../../support/platform.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

export const E18 = 10n ** 18n;
/** Market settings of the tests: prices in steps of 0.01 cash (6 decimals), amounts in lots of 0.0001 token. */
export const TICK = 10_000n;
export const LOT = 10n ** 14n;
export const TOKEN_OWNER = 0;
export const SELLER = 1;
export const BUYER = 2;
/** Verified, holds tokens and cash but approves nothing. */
export const NO_ALLOWANCE = 3;
/** Never verified. */
export const UNVERIFIED = 5;

export const PLACE = `mutation($order: MarketOrderInput!, $signature: String!) {
  placeOrder(order: $order, signature: $signature) {
    order { hash status amount filled reserved remaining side price }
    trades { id status price amount cash outboxEntryId buyOrder sellOrder makerOrder takerOrder }
    skipped { resting reason }
  }
}`;
export const CANCEL = `mutation($hash: String!) { cancelOrder(hash: $hash) { order { hash status } cancelTransaction { to data value description } } }`;
export const BOOK = `query($t: Address!, $c: Address!) { orderBook(token: $t, cashToken: $c) {
  bids { price amount orders } asks { price amount orders }
  bestBids { hash remaining price } bestAsks { hash remaining price }
} }`;
export const SET_SETTINGS = `mutation($t: Address!, $s: MarketSettingsInput!) { setMarketSettings(token: $t, settings: $s) { token cashToken tickSize lotSize enabled } }`;

let nextNonce = 1n;

/**
 * A platform with an open market for the demo token against the demo cash: the seller (#1) and buyer (#2) are
 * verified investors holding tokens and cash, both approved to the Settlement; the outbox worker runs.
 */
export async function startMarketPlatform(kind: DatabaseKind) {
  const platform = await startTestPlatform(kind);
  platform.app.outboxWorker.start();
  const transport = http(platform.chain.rpcUrl, { batch: false });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const deployment = JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8"));
  const registry = deployment.contracts.IdentityRegistry.address as Address;
  const settlement = getAddress(deployment.contracts.Settlement.address);
  const cash = getAddress(deployment.contracts.CashToken.address);
  const token = getAddress(deployment.tokens[0]);
  const sessions = new Map<number, Record<string, string>>();

  const f = {
    platform,
    publicClient,
    registry,
    settlement,
    cash,
    token,
    market: () => platform.app.services.market,
    wallet: (index: number) => devAccount(index).address,
    async as(index: number) {
      if (!sessions.has(index)) sessions.set(index, (await signIn(platform, index)).headers);
      return sessions.get(index)!;
    },
    async gql(index: number | null, query: string, variables?: Record<string, unknown>) {
      return platform.gql(query, variables, index === null ? {} : await f.as(index));
    },
    async write(index: number, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
      const client = createWalletClient({ account: devAccount(index), transport });
      const hash = await client.writeContract({ address, abi, functionName, args, chain: null } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${functionName} from #${index} reverted`);
      return receipt;
    },
    async chainTime() {
      return (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
    },
    /** An order of dev account `index` with a fresh nonce, valid for a day. */
    async order(index: number, side: "buy" | "sell", amount: bigint, price: bigint, overrides: Partial<MarketOrder> = {}): Promise<MarketOrder> {
      return {
        maker: devAccount(index).address, side: side === "buy" ? 0 : 1, token, cashToken: cash, amount, price,
        nonce: nextNonce++, expiry: (await f.chainTime()) + 86_400n, taker: zeroAddress, ...overrides,
      };
    },
    /** EIP-712 signature of dev account `signer` (the maker unless given), over the given chain and contract. */
    sign(order: MarketOrder, signer = order.maker, domain: { chainId?: number; settlement?: Address } = {}) {
      const index = [...Array(20).keys()].find((i) => devAccount(i).address === signer)!;
      return devAccount(index).signTypedData(orderTypedData(order, domain.chainId ?? 31337, domain.settlement ?? settlement));
    },
    /** The GraphQL variables of placeOrder. */
    input(order: MarketOrder, signature: Hex) {
      return {
        order: {
          maker: order.maker, side: order.side === 0 ? "BUY" : "SELL", token: order.token, cashToken: order.cashToken,
          amount: order.amount.toString(), price: order.price.toString(), nonce: order.nonce.toString(), expiry: order.expiry.toString(),
          ...(order.taker !== zeroAddress ? { taker: order.taker } : {}),
        },
        signature,
      };
    },
    /** Signs and places `order` as its maker (or `as`). */
    async place(order: MarketOrder, as?: number) {
      const index = as ?? [...Array(20).keys()].find((i) => devAccount(i).address === order.maker)!;
      return f.gql(index, PLACE, f.input(order, await f.sign(order)));
    },
    /** Places `order` and fails on any error. */
    async placeOk(order: MarketOrder) {
      const result = await f.place(order);
      if (result.errors) throw new Error(`placeOrder failed: ${JSON.stringify(result.errors)}`);
      return result.data.placeOrder;
    },
    /** Cancels every open order of the investors, so a test starts from an empty book. */
    async cancelAll() {
      const { rows } = await platform.db.query<{ hash: string; maker: Address }>(`select hash, maker from market_orders where status = 'open'`);
      for (const row of rows) {
        const index = [...Array(20).keys()].find((i) => devAccount(i).address === row.maker)!;
        const result = await f.gql(index, CANCEL, { hash: row.hash });
        if (result.errors) throw new Error(`cancelOrder failed: ${JSON.stringify(result.errors)}`);
      }
    },
    /** Waits for every trade's settlement in the outbox, then lets the market follow. */
    async settle(trades: { outboxEntryId: string }[]) {
      for (const t of trades) await platform.app.services.outbox.waitForOutboxEntry(Number(t.outboxEntryId), { timeoutMs: 30_000 });
      return f.market().reconcile();
    },
    book: async () => (await f.gql(null, BOOK, { t: token, c: cash })).data.orderBook,
    tokenOf: (wallet: Address) => publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "balanceOf", args: [wallet] }),
    cashOf: (wallet: Address) => publicClient.readContract({ address: cash, abi: cashTokenAbi, functionName: "balanceOf", args: [wallet] }),
    remainingOnChain: (order: MarketOrder) => publicClient.readContract({ address: settlement, abi: settlementAbi, functionName: "remainingAmount", args: [order] }),
    async count(table: string) {
      const { rows } = await platform.db.query<{ n: string }>(`select count(*)::text as n from ${table}`);
      return Number(rows[0]!.n);
    },
    /** Rows of every table the market writes, to show that a refusal changes nothing. */
    async counts() {
      return {
        orders: await f.count("market_orders"),
        trades: await f.count("market_trades"),
        skipped: await f.count("market_skipped_pairs"),
        outbox: await f.count("outbox_entries"),
      };
    },
    async close() {
      await platform.app.services.market.stop();
      await platform.app.outboxWorker.close();
      await platform.close();
    },
  };

  // A set-up step that fails (a loaded machine timing a transaction out) stops the chain and the workers it started.
  try {
    // Investors: #1 sells, #2 buys, #3 holds both assets but approves nothing; all verified, in Germany.
    const validUntil = (await f.chainTime()) + 3650n * 86_400n;
    for (const index of [SELLER, BUYER, NO_ALLOWANCE]) {
      await f.write(TOKEN_OWNER, registry, identityRegistryAbi, "registerInvestor", [keccak256(toHex(`market-test:${index}`)), f.wallet(index), 276, validUntil, 0]);
      await f.write(TOKEN_OWNER, token, securityTokenAbi, "transfer", [f.wallet(index), 100n * E18]);
      await f.write(TOKEN_OWNER, cash, cashTokenAbi, "mint", [f.wallet(index), 1_000_000_000n]);
    }
    for (const index of [SELLER, BUYER]) {
      await f.write(index, token, securityTokenAbi, "approve", [settlement, 100n * E18]);
      await f.write(index, cash, cashTokenAbi, "approve", [settlement, 1_000_000_000n]);
    }
    const opened = await f.gql(TOKEN_OWNER, SET_SETTINGS, { t: token, s: { cashToken: cash, tickSize: TICK.toString(), lotSize: LOT.toString(), enabled: true } });
    if (opened.errors) throw new Error(`setMarketSettings failed: ${JSON.stringify(opened.errors)}`);
  } catch (error) {
    await f.close();
    throw error;
  }
  return f;
}

export type MarketPlatform = Awaited<ReturnType<typeof startMarketPlatform>>;
