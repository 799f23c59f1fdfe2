import type { Address } from "viem";
import type { CandleInterval } from "../market/market-stats.ts";
import type { GraphQLContext } from "./context.ts";

export const marketStatsTypeDefs = /* GraphQL */ `
  "Width of a candle (UTC buckets)."
  enum CandleInterval {
    M1
    M5
    H1
    D1
  }

  "Open, high, low and close of the confirmed trades in one time bucket."
  type Candle {
    "Start of the bucket (Unix seconds, UTC)."
    time: Int!
    open: BigInt!
    high: BigInt!
    low: BigInt!
    close: BigInt!
    "Security-token units traded."
    volume: BigInt!
    "Cash-token units paid."
    cashVolume: BigInt!
    trades: Int!
  }

  "The last 24 hours of a token's market (confirmed trades)."
  type MarketStats {
    token: Address!
    lastPrice: BigInt
    volume: BigInt!
    cashVolume: BigInt!
    trades: Int!
    high: BigInt
    low: BigInt
    "The price 24 hours ago: the last trade before the window, else the window's first trade."
    referencePrice: BigInt
    "lastPrice minus referencePrice (cash units, may be negative)."
    change: String
    "The change in basis points of referencePrice."
    changeBps: Int
  }

  "A token whose market is open."
  type MarketSummary {
    token: Address!
    cashToken: Address!
    tickSize: BigInt!
    lotSize: BigInt!
    stats: MarketStats!
  }

  extend type Query {
    "Candles of the token's confirmed trades, oldest first: the newest limit buckets with trades (1 to 1000, default 200)."
    candles(token: Address!, interval: CandleInterval!, limit: Int): [Candle!]!
    "The token's last price and 24-hour volume, range and change."
    marketStats(token: Address!): MarketStats!
    "Tokens whose market is open, with their 24-hour figures."
    markets: [MarketSummary!]!
  }
`;

const INTERVALS: Record<string, CandleInterval> = { M1: "1m", M5: "5m", H1: "1h", D1: "1d" };

// The change may be negative, which the BigInt scalar (unsigned) does not carry: it is sent as a decimal string.
const statsView = <T extends { change: bigint | null }>(s: T) => ({ ...s, change: s.change === null ? null : s.change.toString() });

export const marketStatsResolvers = {
  Query: {
    candles: (_: unknown, args: { token: Address; interval: string; limit?: number | null }, ctx: GraphQLContext) =>
      ctx.services.marketStats.candles(args.token, INTERVALS[args.interval]!, args.limit ?? undefined),
    marketStats: async (_: unknown, args: { token: Address }, ctx: GraphQLContext) => statsView(await ctx.services.marketStats.stats(args.token)),
    markets: async (_: unknown, __: unknown, ctx: GraphQLContext) =>
      (await ctx.services.marketStats.markets()).map((m) => ({ ...m, stats: statsView(m.stats) })),
  },
};
