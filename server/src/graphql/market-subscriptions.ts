import { map, pipe, Repeater } from "graphql-yoga";
import type { Address } from "viem";
import { requireSignedIn } from "../auth/authorize.ts";
import { marketTopic, type MarketEvents } from "../market/market-events.ts";
import type { TradeView } from "../market/market-orders.ts";
import type { GraphQLContext } from "./context.ts";
import { marketResolvers } from "./market.ts";

/**
 * Live market data over graphql-ws (graphql/websocket.ts serves them; HTTP refuses subscriptions). Both need a
 * signed-in session, as checked when the WebSocket connects and again for every subscription.
 */
export const marketSubscriptionTypeDefs = /* GraphQL */ `
  type Subscription {
    "The book as orderBook answers it: once when subscribed, then after every change (a burst of changes is sent as one book)."
    orderBookUpdated(token: Address!, cashToken: Address!): OrderBook!
    "Every trade of the token as it is matched, then again when its settlement is confirmed or fails."
    tradeExecuted(token: Address!): MarketTrade!
  }
`;

type OrderBookAnswer = Awaited<ReturnType<typeof marketResolvers.Query.orderBook>>;

/**
 * The book after each change, read again from the market service. Changes that arrive while a read runs, or while the
 * client has not taken the last book yet, make one more read, not one each: a burst of 1,000 orders costs two reads.
 */
export function coalescedBooks(events: MarketEvents, token: Address, read: () => Promise<OrderBookAnswer>): AsyncIterable<OrderBookAnswer> {
  return new Repeater<OrderBookAnswer>(async (push, stop) => {
    const changes = events.subscribe("market:book", marketTopic(token));
    let dirty = true;
    let reading = false;
    const flush = async () => {
      if (reading) return;
      reading = true;
      try {
        while (dirty) {
          dirty = false;
          // push resolves once the client took the book: changes meanwhile are folded into the next read.
          await push(await read());
        }
      } catch (error) {
        stop(error);
      } finally {
        reading = false;
      }
    };
    void flush();
    void (async () => {
      for await (const _change of changes) {
        dirty = true;
        void flush();
      }
    })();
    await stop;
    await changes.return?.();
  });
}

const upperStatus = (trade: TradeView) => ({ ...trade, status: trade.status.toUpperCase() });

export const marketSubscriptionResolvers = {
  Subscription: {
    orderBookUpdated: {
      subscribe: (_: unknown, args: { token: Address; cashToken: Address }, ctx: GraphQLContext) => {
        requireSignedIn(ctx);
        const events = ctx.services.marketEvents;
        return pipe(
          coalescedBooks(events, args.token, () => marketResolvers.Query.orderBook(undefined, args, ctx)),
          map((book) => ({ orderBookUpdated: book })),
        );
      },
    },
    tradeExecuted: {
      subscribe: (_: unknown, args: { token: Address }, ctx: GraphQLContext) => {
        requireSignedIn(ctx);
        const events = ctx.services.marketEvents;
        return pipe(
          events.subscribe("market:trade", marketTopic(args.token)),
          map((trade) => ({ tradeExecuted: upperStatus(trade) })),
        );
      },
    },
  },
};
