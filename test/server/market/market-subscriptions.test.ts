import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { getAddress, type Address } from "viem";
import { openDatabase } from "../../../server/src/db/database.ts";
import { migrate } from "../../../server/src/db/migrate.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { attachGraphQLWebSocket, type GraphQLWebSocket } from "../../../server/src/graphql/websocket.ts";
import { marketTopic } from "../../../server/src/market/market-events.ts";
import type { TradeView } from "../../../server/src/market/market-orders.ts";
import type { DatabaseKind } from "../../support/databases.ts";
import { signIn } from "../../support/sign-in.ts";
import { BUYER, E18, SELLER, startMarketPlatform, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 2_500_000n;
const BOOK_SUB = `subscription($t: Address!, $c: Address!) { orderBookUpdated(token: $t, cashToken: $c) {
  token asks { price amount orders } bids { price amount orders } bestAsks { hash remaining }
} }`;
const TRADE_SUB = `subscription($t: Address!) { tradeExecuted(token: $t) { id token status price amount cash buyOrder sellOrder } }`;
/** The transport does not depend on the database: one embedded database is enough for this suite. */
const PGLITE: DatabaseKind = {
  name: "PGlite",
  async open() {
    const db = await openDatabase({ memory: true });
    await migrate(db);
    return db;
  },
};
const LIMITS = { maxConnections: 6, maxConnectionsPerAddress: 3, maxPayloadBytes: 16 * 1024, sessionCheckMs: 200 };

type Result = { data?: any; errors?: any[] };

/** Pulls results of one subscription with a deadline, so a missing message fails the test instead of hanging it. */
function subscription(client: Client, query: string, variables: Record<string, unknown>) {
  const iterator = client.iterate({ query, variables });
  // One pull at a time: a pull that timed out stays pending and gets the next message.
  let pending: Promise<IteratorResult<Result>> | null = null;
  const pull = () => (pending ??= (iterator.next() as Promise<IteratorResult<Result>>).finally(() => (pending = null)));
  const within = <T>(ms: number, onTimeout: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(onTimeout()), ms));
  return {
    next: async (ms = 5_000): Promise<Result> => {
      const r = await Promise.race([pull(), within(ms, () => null)]);
      if (!r) throw new Error(`no message within ${ms} ms`);
      if (r.done) throw new Error("subscription completed");
      return r.value;
    },
    /** Resolves with null when no message arrives within `ms`. */
    quiet: async (ms: number): Promise<Result | null> => {
      const r = await Promise.race([pull(), within(ms, () => null)]);
      return r && !r.done ? r.value : null;
    },
    /** The error the subscription ends with (a list of GraphQL errors, or the socket's close event); "completed" if it just ends. */
    failure: async (ms = 5_000): Promise<any> => {
      const r = await Promise.race([pull().then((v) => ({ ok: v }), (error) => ({ error })), within(ms, () => null)]);
      if (!r) throw new Error(`no failure within ${ms} ms`);
      if ("error" in r) return r.error;
      if (r.ok.done) return "completed";
      throw new Error(`expected a failure, got ${JSON.stringify(r.ok.value)}`);
    },
    stop: () => iterator.return?.(),
  };
}

const trade = (token: Address, id: string): TradeView => ({
  id, token, cashToken: token, makerOrder: "0x01", takerOrder: "0x02", buyOrder: "0x02", sellOrder: "0x01",
  price: PRICE, amount: E18, cash: 2_500_000n, status: "pending", outboxEntryId: null, txHash: null, blockNumber: null, failure: null,
  createdAt: new Date(0).toISOString(),
});

describe("market: live book and trades over graphql-ws", () => {
  let f: MarketPlatform;
  let server: http.Server;
  let ws: GraphQLWebSocket;
  let url: string;
  const clients: Client[] = [];
  /** Close events seen by the clients, newest last. */
  const closes: { code: number; reason: string }[] = [];

  /** A graphql-ws client that never retries, signed in as dev account `index` (null: no session). */
  async function connect(index: number | null, params?: Record<string, unknown>) {
    const session = index === null ? undefined : (await f.as(index)).authorization;
    const client = createClient({
      url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
      connectionParams: params ?? (session ? { authorization: session } : {}),
      on: { closed: (event) => void closes.push(event as { code: number; reason: string }) },
    });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    f = await startMarketPlatform(PGLITE);
    server = http.createServer(f.platform.app.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ws = attachGraphQLWebSocket({
      server, yoga: f.platform.app.yoga, services: f.platform.app.services, logger: createLogger("silent"),
      origins: f.platform.config.corsOrigins, production: false, limits: LIMITS,
    });
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }, 240_000);

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await ws?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await f?.close();
  });

  it("sends the book at once, then after each change, folding a burst of changes into one or two books", async () => {
    const events = f.platform.app.services.marketEvents;
    const sub = subscription(await connect(SELLER), BOOK_SUB, { t: f.token, c: f.cash });
    const first = await sub.next();
    expect(first.errors).toBeUndefined();
    expect(first.data.orderBookUpdated).toMatchObject({ token: f.token, asks: [], bids: [] });

    const sell = await f.placeOk(await f.order(SELLER, "sell", 2n * E18, PRICE));
    events.publish("market:book", marketTopic(f.token), { token: f.token });
    const second = (await sub.next()).data.orderBookUpdated;
    expect(second.asks).toEqual([{ price: PRICE.toString(), amount: (2n * E18).toString(), orders: 1 }]);
    expect(second.bestAsks).toEqual([{ hash: sell.order.hash, remaining: (2n * E18).toString() }]);

    // A burst: two more orders and fifty notices (in lower case, as another replica's NOTIFY may carry the address).
    await f.placeOk(await f.order(SELLER, "sell", E18, PRICE));
    await f.placeOk(await f.order(BUYER, "buy", E18, PRICE - 10_000n));
    // The engine announces each placement itself (one book each, as they come apart in time): those first.
    while (await sub.quiet(500));
    for (let i = 0; i < 50; i++) events.publish("market:book", marketTopic(f.token.toLowerCase()), { token: f.token });
    const books = [(await sub.next()).data.orderBookUpdated];
    for (let extra = await sub.quiet(500); extra; extra = await sub.quiet(500)) books.push(extra.data.orderBookUpdated);
    expect(books.length).toBeLessThanOrEqual(2);
    expect(books.at(-1)).toMatchObject({
      asks: [{ price: PRICE.toString(), amount: (3n * E18).toString(), orders: 2 }],
      bids: [{ price: (PRICE - 10_000n).toString(), amount: E18.toString(), orders: 1 }],
    });

    // Another token's changes are not this book's.
    events.publish("market:book", marketTopic(f.cash), { token: f.cash });
    expect(await sub.quiet(300)).toBeNull();
    await sub.stop();
    await f.cancelAll();
  }, 60_000);

  it("delivers each trade of the token, and none of another token", async () => {
    const events = f.platform.app.services.marketEvents;
    const sub = subscription(await connect(BUYER), TRADE_SUB, { t: f.token.toLowerCase() });
    // The subscription is registered once the server acknowledged it; a quiet moment makes sure of that.
    expect(await sub.quiet(300)).toBeNull();
    const other = getAddress("0x00000000000000000000000000000000000000aa");
    events.publish("market:trade", marketTopic(other), trade(other, "1"));
    events.publish("market:trade", marketTopic(f.token), trade(f.token, "2"));
    events.publish("market:trade", marketTopic(f.token), { ...trade(f.token, "2"), status: "confirmed" });
    expect((await sub.next()).data.tradeExecuted).toEqual({
      id: "2", token: f.token, status: "PENDING", price: PRICE.toString(), amount: E18.toString(), cash: "2500000", buyOrder: "0x02", sellOrder: "0x01",
    });
    expect((await sub.next()).data.tradeExecuted).toMatchObject({ id: "2", status: "CONFIRMED" });
    expect(await sub.quiet(300)).toBeNull();
    await sub.stop();
  });

  it("refuses a connection without a session, or with a dead one, with 4401 and the reason", async () => {
    const anonymous = await subscription(await connect(null), TRADE_SUB, { t: f.token }).failure();
    expect(anonymous.code).toBe(4401);
    expect(anonymous.reason).toMatch(/^UNAUTHENTICATED: sign in first/);
    const forged = await subscription(await connect(null, { authorization: "Bearer not-a-session" }), TRADE_SUB, { t: f.token }).failure();
    expect(forged.code).toBe(4401);
    expect(forged.reason).toMatch(/session token is not valid/);
  });

  it("closes a socket whose session ends while it is open (signed out), with 4401", async () => {
    const { token } = await signIn(f.platform, BUYER);
    const client = await connect(null, { authorization: `Bearer ${token}` });
    const sub = subscription(client, TRADE_SUB, { t: f.token });
    expect(await sub.quiet(300)).toBeNull();
    const out = await f.platform.gql(`mutation { signOut }`, {}, { authorization: `Bearer ${token}` });
    expect(out.errors).toBeUndefined();
    const closed = await sub.failure();
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/^UNAUTHENTICATED: the session token is not valid/);
  });

  it("applies the operation limits to subscription documents: too deep, too many tokens, too many aliases", async () => {
    const client = await connect(SELLER);
    const nested = (depth: number): string => (depth === 0 ? "token" : `... on OrderBook { ${nested(depth - 1)} }`);
    const deep = await subscription(client, `subscription($t: Address!, $c: Address!) { orderBookUpdated(token: $t, cashToken: $c) { ${nested(9)} } }`, { t: f.token, c: f.cash }).failure();
    expect(deep[0].extensions.code).toBe("QUERY_TOO_DEEP");
    const padded = `subscription($t: Address!, $c: Address!) { orderBookUpdated(token: $t, cashToken: $c) { ${"token ".repeat(2100)} } }`;
    const tokens = await subscription(client, padded, { t: f.token, c: f.cash }).failure();
    expect(tokens[0].extensions.code).toBe("TOO_MANY_TOKENS");
    const aliases = await subscription(client, `subscription($t: Address!) { tradeExecuted(token: $t) { ${[...Array(11).keys()].map((i) => `a${i}: id`).join(" ")} } }`, { t: f.token }).failure();
    expect(aliases[0].extensions.code).toBe("TOO_MANY_ALIASES");
    // The socket survives refused documents: a good subscription still runs on it.
    const good = subscription(client, BOOK_SUB, { t: f.token, c: f.cash });
    expect((await good.next()).data.orderBookUpdated.token).toBe(f.token);
    await good.stop();
  });

  it("refuses a message over the size limit by closing the socket (1009)", async () => {
    const huge = `subscription { tradeExecuted(token: "${f.token}") { id } } # ${"x".repeat(LIMITS.maxPayloadBytes)}`;
    const closed = await subscription(await connect(SELLER), huge, {}).failure();
    expect(closed.code).toBe(1009);
  });

  it("serves only subscriptions over the WebSocket, and subscriptions only over it", async () => {
    const query = await subscription(await connect(SELLER), `query($t: Address!) { lastPrice(token: $t) }`, { t: f.token }).failure();
    expect(query[0]).toMatchObject({ extensions: { code: "SUBSCRIPTIONS_ONLY" } });
    const overHttp = await f.platform.gql(TRADE_SUB, { t: f.token }, await f.as(SELLER));
    expect(overHttp.errors?.[0]).toMatchObject({ extensions: { code: "SUBSCRIPTIONS_OVER_WEBSOCKET" } });
  });

  it("refuses a browser page of a foreign origin (403) and connections over the caps (4429 per account, 503 per server)", async () => {
    const status = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(url, "graphql-transport-ws", { origin });
        socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        socket.on("open", () => {
          socket.close();
          resolve(101);
        });
        socket.on("error", reject);
      });
    expect(await status("https://elsewhere.example")).toBe(403);
    expect(await status(f.platform.config.publicUrl)).toBe(101);

    // Every earlier client has let its socket go (lazy clients close when their last subscription ends).
    for (const c of clients.splice(0)) await c.dispose();
    await until(() => ws.connections === 0);
    const open = [];
    for (let i = 0; i < LIMITS.maxConnectionsPerAddress; i++) {
      const sub = subscription(await connect(SELLER), TRADE_SUB, { t: f.token });
      expect(await sub.quiet(200)).toBeNull();
      open.push(sub);
    }
    const fourth = await subscription(await connect(SELLER), TRADE_SUB, { t: f.token }).failure();
    expect(fourth.code).toBe(4429);
    expect(fourth.reason).toMatch(/^TOO_MANY_CONNECTIONS/);
    for (let i = 0; i < LIMITS.maxConnections - LIMITS.maxConnectionsPerAddress; i++) {
      const sub = subscription(await connect(BUYER), TRADE_SUB, { t: f.token });
      expect(await sub.quiet(200)).toBeNull();
      open.push(sub);
    }
    expect(ws.connections).toBe(LIMITS.maxConnections);
    expect(await status(f.platform.config.publicUrl)).toBe(503);
    for (const sub of open) await sub.stop();
  }, 30_000);

  it("closes every socket when the server shuts its WebSocket down (1001)", async () => {
    await until(() => ws.connections === 0);
    const sub = subscription(await connect(SELLER), TRADE_SUB, { t: f.token });
    expect(await sub.quiet(200)).toBeNull();
    await ws.close();
    // The client ends its subscriptions when the server goes away (1001) rather than failing them.
    expect(await sub.failure()).toBe("completed");
    expect(closes.at(-1)).toMatchObject({ code: 1001, reason: "Server shutting down" });
  });
});

async function until(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
