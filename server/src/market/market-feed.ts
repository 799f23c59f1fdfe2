import { getAddress, type Address } from "viem";
import type { Logger } from "../logger.ts";
import { marketTopic, type MarketEvents } from "./market-events.ts";
import type { MarketNotice } from "./market-notify.ts";
import type { TradeView } from "./market-orders.ts";

/**
 * Where the engine announces changes: the process's market events (GraphQL subscriptions), when given, and the
 * other replicas (`relay`, PostgreSQL NOTIFY), whose own subscribers hear it through `receive`. Each announcement
 * is made after the change is committed, so a listener that reads back sees it.
 */
export function createMarketFeed(options: { events?: MarketEvents; logger: Logger; relay?: (notice: MarketNotice) => void }) {
  const { events, logger, relay } = options;
  const safely = (publish: () => void) => {
    try {
      publish();
    } catch (error) {
      logger.warn({ msg: "market event not published", err: error });
    }
  };
  const publishBook = (token: Address | string) => {
    if (events) safely(() => events.publish("market:book", marketTopic(token), { token: getAddress(token) }));
  };
  // Book notices to relay, one per token until it goes: a notice only says "this book changed", so the changes of
  // one moment (a burst of placements) share one NOTIFY instead of one each.
  const relaying = new Set<Address>();
  const relayBook = (token: Address) => {
    if (!relay || relaying.has(token)) return;
    relaying.add(token);
    setImmediate(() => {
      relaying.delete(token);
      relay({ kind: "book", token });
    });
  };
  const publishTrade = (trade: TradeView) => {
    if (events) safely(() => events.publish("market:trade", marketTopic(trade.token), trade));
  };
  return {
    /** The visible book of `token` changed. */
    book(token: Address | string) {
      publishBook(token);
      relayBook(getAddress(token));
    },
    /** A trade was matched, confirmed or failed. */
    trade(trade: TradeView) {
      publishTrade(trade);
      relay?.({ kind: "trade", trade });
    },
    /** Several tokens' books changed (each announced once). */
    books(tokens: Iterable<Address | string>) {
      for (const token of new Set([...tokens].map((t) => getAddress(t)))) this.book(token);
    },
    /** Another replica's change: published to this process's subscribers only. */
    receive(notice: MarketNotice) {
      if (notice.kind === "book") publishBook(notice.token);
      if (notice.kind === "trade") publishTrade(notice.trade);
    },
  };
}

export type MarketFeed = ReturnType<typeof createMarketFeed>;
