import { getAddress, type Address } from "viem";
import type { Logger } from "../logger.ts";
import { marketTopic, type MarketEvents } from "./market-events.ts";
import type { TradeView } from "./market-orders.ts";

/**
 * Where the engine announces changes: the process's market events (GraphQL subscriptions), when given. Each
 * announcement is made after the change is committed, so a listener that reads back sees it.
 */
export function createMarketFeed(options: { events?: MarketEvents; logger: Logger }) {
  const { events, logger } = options;
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
  const publishTrade = (trade: TradeView) => {
    if (events) safely(() => events.publish("market:trade", marketTopic(trade.token), trade));
  };
  return {
    /** The visible book of `token` changed. */
    book(token: Address | string) {
      publishBook(token);
    },
    /** A trade was matched, confirmed or failed. */
    trade(trade: TradeView) {
      publishTrade(trade);
    },
    /** Several tokens' books changed (each announced once). */
    books(tokens: Iterable<Address | string>) {
      for (const token of new Set([...tokens].map((t) => getAddress(t)))) this.book(token);
    },
  };
}

export type MarketFeed = ReturnType<typeof createMarketFeed>;
