import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hex } from "viem";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { createMarketEvents, marketTopic, type MarketEvents } from "../../../server/src/market/market-events.ts";
import type { TradeView } from "../../../server/src/market/market-orders.ts";
import { createMarketService } from "../../../server/src/market/market-service.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { BUYER, E18, SELLER, startMarketPlatform, type MarketPlatform } from "./market-fixture.ts";

/** Far beyond any test's timeout: an order that trades arrived by notification, not by the safety poll. */
const NEVER_POLL_MS = 600_000;

/** The first event on `topic` that `accept` takes, or an error after `ms` (a bound for a hang, not a timing claim). */
function firstEvent<T>(events: MarketEvents, name: "market:trade" | "market:book", topic: string, accept: (value: T) => boolean, ms = 30_000) {
  const iterator = (events.subscribe(name, topic) as AsyncIterable<T>)[Symbol.asyncIterator]();
  const found = (async () => {
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) throw new Error(`${name} closed`);
      if (accept(value)) return value;
    }
  })();
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no matching ${name} within ${ms} ms`)), ms);
  });
  return Promise.race([found, timeout]).finally(() => {
    clearTimeout(timer);
    void iterator.return?.();
  });
}

async function until(condition: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDatabase("market: replicas reach the leader through PostgreSQL LISTEN/NOTIFY", (kind) => {
  let f: MarketPlatform;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
  }, 240_000);
  afterAll(() => f?.close());

  it("an order placed on a follower trades on the leader without waiting for the poll, and the follower's subscribers see the trade", async () => {
    const logger = createLogger("silent");
    const chain = await connectChain(f.platform.config);
    const outbox = f.platform.app.services.outbox;
    const leaderEvents = createMarketEvents();
    const followerEvents = createMarketEvents();
    const leader = createMarketService({ db: f.platform.db, chain, outbox, logger, events: leaderEvents });
    const follower = createMarketService({ db: f.platform.db, chain, outbox, logger, events: followerEvents });
    try {
      expect(await leader.ingest()).toBe(0);
      expect(leader.leading).toBe(true);
      leader.start({ ingestPollMs: NEVER_POLL_MS });
      follower.start({ ingestPollMs: NEVER_POLL_MS });
      if (kind.name === "PostgreSQL") {
        await until(() => leader.listening && follower.listening, "both replicas to LISTEN");
      } else {
        // One process: nothing to listen to; the leader takes the follower's orders in on each quarter-second tick.
        await new Promise((r) => setTimeout(r, 300));
        expect(leader.listening || follower.listening).toBe(false);
      }
      expect(follower.leading).toBe(false);

      const sellOrder = await f.order(SELLER, "sell", 2n * E18, 3_000_000n);
      // The leader's book change reaches the follower's subscribers too (PostgreSQL relays it; on PGlite there is no
      // other process to relay to).
      const booked = kind.name === "PostgreSQL" ? firstEvent<{ token: string }>(followerEvents, "market:book", marketTopic(f.token), () => true) : null;
      const sell = await leader.placeOrder(f.wallet(SELLER), sellOrder, await f.sign(sellOrder));
      if (booked) expect((await booked).token).toBe(f.token);

      const buyOrder = await f.order(BUYER, "buy", 2n * E18, 3_000_000n);
      const onLeader = firstEvent<TradeView>(leaderEvents, "market:trade", marketTopic(f.token), (t) => t.status === "pending");
      const onFollower = kind.name === "PostgreSQL"
        ? firstEvent<TradeView>(followerEvents, "market:trade", marketTopic(f.token), (t) => t.status === "pending")
        : null;
      const placed = await follower.placeOrder(f.wallet(BUYER), buyOrder, await f.sign(buyOrder));
      expect(placed.trades).toEqual([]);
      expect(placed.order.status).toBe("open");

      const trade = await onLeader;
      expect(trade).toMatchObject({ buyOrder: placed.order.hash, sellOrder: sell.order.hash, amount: 2n * E18, price: 3_000_000n, status: "pending" });
      if (onFollower) expect(await onFollower).toEqual(trade);

      // The leader's own tick reconciles the settlement; the follower's subscribers hear the confirmation.
      const confirmed = firstEvent<TradeView>(kind.name === "PostgreSQL" ? followerEvents : leaderEvents, "market:trade", marketTopic(f.token), (t) => t.id === trade.id && t.status !== "pending");
      await outbox.waitForOutboxEntry(Number(trade.outboxEntryId), { timeoutMs: 30_000 });
      expect((await confirmed).status).toBe("confirmed");
      const { rows } = await f.platform.db.query<{ hash: Hex; status: string }>(`select hash, status from market_orders where hash = any($1::text[]) order by side`, [[sell.order.hash, placed.order.hash]]);
      expect(rows.map((r) => r.status)).toEqual(["filled", "filled"]);
    } finally {
      await follower.stop();
      await leader.stop();
    }
  }, 120_000);
});
