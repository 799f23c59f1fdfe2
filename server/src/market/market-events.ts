import { createPubSub } from "graphql-yoga";
import type { Address } from "viem";
import type { TradeView } from "./market-orders.ts";

/**
 * The market's change feed inside one process: the matching engine publishes here, and the GraphQL subscriptions
 * (book and trade updates over graphql-ws) listen. Topics are keyed by the security token's lower-case address.
 * Changes made on another replica arrive through PostgreSQL LISTEN/NOTIFY and are published here too.
 */
export function createMarketEvents() {
  return createPubSub<{
    /** The visible book of `token` changed (an order placed, filled, cancelled, or left or re-entered the book). */
    "market:book": [token: string, change: { token: Address }];
    /** A trade of `token` was matched, or its settlement was confirmed or failed. */
    "market:trade": [token: string, trade: TradeView];
  }>();
}

export type MarketEvents = ReturnType<typeof createMarketEvents>;

/** The topic key of a token: its address in lower case. */
export const marketTopic = (token: string): string => token.toLowerCase();
