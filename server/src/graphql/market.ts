import type { Address } from "viem";
import { requireSignedIn, requireTokenPermission } from "../auth/authorize.ts";
import { requireVerifiedInvestor } from "../auth/require-verified.ts";
import { FolioError } from "../errors.ts";
import type { OrderInput } from "../market/market-service.ts";
import type { GraphQLContext } from "./context.ts";

export const marketTypeDefs = /* GraphQL */ `
  enum OrderSide {
    BUY
    SELL
  }

  enum MarketOrderStatus {
    OPEN
    FILLED
    CANCELLED
    EXPIRED
    "Its maker can no longer fund it (balance or allowance gone): out of the book until placed again."
    UNFILLABLE
    "Open, but it cannot fill now (see suspendedReason): out of the book until it can again."
    SUSPENDED
  }

  enum MarketTradeStatus {
    "Matched; its settlement is in the outbox."
    PENDING
    CONFIRMED
    "The settlement failed: both orders got the amount back."
    FAILED
  }

  "An order exactly as its maker signs it (EIP-712 type Order of the Settlement contract)."
  input MarketOrderInput {
    maker: Address!
    side: OrderSide!
    token: Address!
    cashToken: Address!
    "Security-token units (smallest units)."
    amount: BigInt!
    "Limit price: cash-token units per whole security token."
    price: BigInt!
    nonce: BigInt!
    "Unix seconds, inclusive."
    expiry: BigInt!
    "The only counterparty allowed; omit for anyone."
    taker: Address
  }

  input MarketSettingsInput {
    cashToken: Address!
    "Prices are multiples of this (cash units per whole token)."
    tickSize: BigInt!
    "Amounts are multiples of this (token units); lotSize × tickSize must be a multiple of 10^decimals."
    lotSize: BigInt!
    enabled: Boolean!
  }

  type MarketSettings {
    token: Address!
    cashToken: Address!
    tickSize: BigInt!
    lotSize: BigInt!
    enabled: Boolean!
    updatedBy: Address!
    updatedAt: String!
  }

  type MarketOrder {
    hash: String!
    maker: Address!
    side: OrderSide!
    token: Address!
    cashToken: Address!
    amount: BigInt!
    price: BigInt!
    nonce: BigInt!
    expiry: BigInt!
    taker: Address
    status: MarketOrderStatus!
    "Settled on chain."
    filled: BigInt!
    "Matched, settlement pending."
    reserved: BigInt!
    "What may still be matched."
    remaining: BigInt!
    createdAt: String!
    "Why a SUSPENDED order cannot fill now (trading halted, wallet frozen, KYC lapsed, investor suspended, funds gone)."
    suspendedReason: String
  }

  type MarketTrade {
    id: ID!
    token: Address!
    cashToken: Address!
    "The resting order, whose price the trade takes."
    makerOrder: String!
    takerOrder: String!
    buyOrder: String!
    sellOrder: String!
    price: BigInt!
    amount: BigInt!
    "Cash paid by the buyer (before any platform fee)."
    cash: BigInt!
    status: MarketTradeStatus!
    outboxEntryId: ID
    txHash: String
    blockNumber: Int
    failure: String
    createdAt: String!
  }

  type DepthLevel {
    price: BigInt!
    "Security-token units open at this price."
    amount: BigInt!
    orders: Int!
  }

  type OrderBook {
    token: Address!
    cashToken: Address!
    "Best (highest) first."
    bids: [DepthLevel!]!
    "Best (lowest) first."
    asks: [DepthLevel!]!
    bestBids: [MarketOrder!]!
    bestAsks: [MarketOrder!]!
  }

  "A resting order the placed one crossed but may not trade with, and why."
  type SkippedPair {
    resting: String!
    reason: String!
  }

  type PlaceOrderResult {
    order: MarketOrder!
    "The trades it made at once (pending until settled on chain)."
    trades: [MarketTrade!]!
    skipped: [SkippedPair!]!
  }

  "One order of a placeOrders batch and the order it was signed with."
  input SignedOrderInput {
    order: MarketOrderInput!
    signature: String!
  }

  "Why an order of a batch was refused: the code and message placeOrder would have answered. It stored nothing."
  type OrderRefusal {
    code: String!
    message: String!
    hint: String
  }

  "One order of a batch, in the batch's order: placed (as placeOrder answers) or refused."
  type OrderPlacement {
    placed: PlaceOrderResult
    refused: OrderRefusal
  }

  type CancelOrderResult {
    order: MarketOrder!
    "Settlement.cancel(nonce): sign and send it so the signed order can never fill, even elsewhere."
    cancelTransaction: UnsignedTransaction!
  }

  extend type Query {
    "Depth per price level on both sides and the best orders."
    orderBook(token: Address!, cashToken: Address!): OrderBook!
    "The signed-in wallet's orders, newest first (at most 100)."
    myOrders: [MarketOrder!]!
    "The token's trades, newest first (at most 100)."
    trades(token: Address!): [MarketTrade!]!
    "The price of the token's latest confirmed trade."
    lastPrice(token: Address!): BigInt
    marketSettings(token: Address!): MarketSettings
  }

  extend type Mutation {
    "Places a signed order (verified investors only; the maker must be the signed-in wallet). It matches at once; trades settle through the outbox."
    placeOrder(order: MarketOrderInput!, signature: String!): PlaceOrderResult!
    """
    Places up to 100 signed orders of the signed-in wallet at once (a market maker's quotes; verified investors only),
    in the list's order: each is checked as placeOrder checks it, and a refused one (its reason in \`refused\`) stores
    nothing while the others go on. A bad batch (empty, too long) is refused whole.
    """
    placeOrders(orders: [SignedOrderInput!]!): [OrderPlacement!]!
    "Takes the caller's open order off the book and returns the on-chain cancel to sign."
    cancelOrder(hash: String!): CancelOrderResult!
    "Opens, changes or closes a token's market. The token's owner, and its agents holding the RULES permission."
    setMarketSettings(token: Address!, settings: MarketSettingsInput!): MarketSettings!
  }
`;

type OrderArgs = Omit<OrderInput, "side"> & { side: "BUY" | "SELL" };

const upper = <T extends { status: string }>(v: T) => ({ ...v, status: v.status.toUpperCase() });

export const marketResolvers = {
  Query: {
    orderBook: async (_: unknown, args: { token: Address; cashToken: Address }, ctx: GraphQLContext) => {
      const book = await ctx.services.market.orderBook(args.token, args.cashToken);
      return { ...book, bestBids: book.bestBids.map(upper), bestAsks: book.bestAsks.map(upper) };
    },
    myOrders: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      const viewer = requireSignedIn(ctx);
      return (await ctx.services.market.myOrders(viewer.address)).map(upper);
    },
    trades: async (_: unknown, args: { token: Address }, ctx: GraphQLContext) => (await ctx.services.market.trades(args.token)).map(upper),
    lastPrice: (_: unknown, args: { token: Address }, ctx: GraphQLContext) => ctx.services.market.lastPrice(args.token),
    marketSettings: (_: unknown, args: { token: Address }, ctx: GraphQLContext) => ctx.services.market.settings.get(args.token),
  },

  Mutation: {
    async placeOrder(_: unknown, args: { order: OrderArgs; signature: string }, ctx: GraphQLContext) {
      // The registry's isVerified read travels with the placement's other views (the market's shared multicalls).
      const viewer = await requireVerifiedInvestor({ viewer: ctx.viewer, services: { kyc: { isVerified: ctx.services.market.isVerified } } });
      const result = await ctx.services.market.placeOrder(viewer.address, { ...args.order, side: args.order.side === "BUY" ? 0 : 1 }, args.signature);
      return { order: upper(result.order), trades: result.trades.map(upper), skipped: result.skipped };
    },

    async placeOrders(_: unknown, args: { orders: { order: OrderArgs; signature: string }[] }, ctx: GraphQLContext) {
      const viewer = await requireVerifiedInvestor({ viewer: ctx.viewer, services: { kyc: { isVerified: ctx.services.market.isVerified } } });
      const outcomes = await ctx.services.market.placeOrders(viewer.address, args.orders.map(({ order, signature }) => ({ order: { ...order, side: order.side === "BUY" ? 0 : 1 }, signature })));
      return outcomes.map((o) =>
        o instanceof FolioError
          ? { placed: null, refused: { code: o.code, message: o.message, hint: o.hint ?? null } }
          : { placed: { order: upper(o.order), trades: o.trades.map(upper), skipped: o.skipped }, refused: null },
      );
    },

    async cancelOrder(_: unknown, args: { hash: string }, ctx: GraphQLContext) {
      const viewer = requireSignedIn(ctx);
      // Checked before the database sees it: a NUL byte is not valid text for PostgreSQL, and the hash is echoed back.
      if (!/^0x[0-9a-fA-F]{64}$/.test(args.hash)) throw new FolioError("MARKET_ORDER_NOT_FOUND", "An order hash is 0x followed by 64 hex digits");
      const result = await ctx.services.market.cancelOrder(viewer.address, args.hash);
      return { ...result, order: upper(result.order) };
    },

    async setMarketSettings(_: unknown, args: { token: Address; settings: { cashToken: Address; tickSize: bigint; lotSize: bigint; enabled: boolean } }, ctx: GraphQLContext) {
      requireSignedIn(ctx);
      await ctx.services.tokens.getToken(args.token);
      // Tick, lot and opening are the token's trading rules: the same RULES power its own rule setters ask of agents.
      const viewer = await requireTokenPermission(ctx, args.token, "RULES");
      return ctx.services.market.settings.set(viewer.address, args.token, args.settings);
    },
  },
};
