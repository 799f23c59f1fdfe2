import type { Address } from "viem";
import type { Holder, IndexedToken, TransferRow } from "../tokens/token-index.ts";
import type { TokenRules } from "../tokens/token-views.ts";
import { readPageArgs, toConnection, type PageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";
import { countryCodeOf } from "./scalars.ts";

export const tokenTypeDefs = /* GraphQL */ `
  type Token {
    address: Address!
    name: String!
    symbol: String!
    decimals: Int!
    "Total supply at the latest indexed block."
    totalSupply: BigInt!
    "Block the token was deployed or issued in."
    block: Int!
    "Null for tokens without these views (a plain ERC-20)."
    owner: Address
    paused: Boolean
    identityRegistry: Address
    "Investors holding the token, read at the block totalSupply is at (the latest indexed block)."
    investorCount: BigInt
    rules: TokenRules
    "ERC-1643 documents, read from the token."
    documents: [TokenDocument!]!
    "Agents and their permission bits, from the token's own events."
    agents: [TokenAgent!]!
  }

  type TokenRules {
    "0 none, 1 allow-list, 2 deny-list of countries."
    countryMode: Int!
    "ISO 3166-1 numeric country codes of the list."
    countries: [Int!]!
    "The same countries as ISO 3166-1 alpha-2 codes, in the same order (null for a number no country has)."
    countryCodes: [String]!
    accreditedOnly: Boolean!
    "0 means no limit."
    maxInvestors: Int!
    "Per investor, in the token's smallest unit; 0 means no limit."
    maxBalance: BigInt!
  }

  type TokenDocument {
    name: String!
    nameHex: String!
    uri: String!
    documentHash: String!
    lastModified: Int!
  }

  type TokenAgent {
    address: Address!
    "Permission bits; null for an ERC-3643 agent added without Folio permissions."
    permissions: Int
  }

  type WalletBalance {
    address: Address!
    balance: BigInt!
  }

  "One line of the cap table: an investor (all their wallets), or a wallet linked to no investor."
  type Holder {
    "Null for a wallet linked to no investor."
    investorId: String
    balance: BigInt!
    wallets: [WalletBalance!]!
  }

  type HolderEdge {
    node: Holder!
    cursor: String!
  }

  type HolderConnection {
    edges: [HolderEdge!]!
    pageInfo: PageInfo!
    "The block this cap table is at (the latest indexed block when atBlock was omitted)."
    atBlock: Int!
  }

  type Transfer {
    txHash: String!
    logIndex: Int!
    blockNumber: Int!
    from: Address!
    to: Address!
    amount: BigInt!
  }

  type TransferEdge {
    node: Transfer!
    cursor: String!
  }

  type TransferConnection {
    edges: [TransferEdge!]!
    pageInfo: PageInfo!
  }

  type TransferRestriction {
    "ERC-1404 code: 0 means the transfer would succeed."
    code: Int!
    message: String!
    allowed: Boolean!
  }

  extend type Query {
    "Folio security tokens on this chain, from the index."
    tokens: [Token!]!
    "One token; NOT_FOUND when this server does not index it."
    token(address: Address!): Token!
    "The cap table per investor, in investor-id order, at the latest indexed block or at the end of block atBlock."
    holders(token: Address!, atBlock: Int, first: Int, after: String): HolderConnection!
    "Transfers of a token (mints and burns included), newest first."
    transfers(token: Address!, first: Int, after: String): TransferConnection!
    "Would this transfer succeed? The token's own ERC-1404 answer. From the zero address: would this mint succeed?"
    transferRestriction(token: Address!, from: Address!, to: Address!, amount: BigInt!): TransferRestriction!
  }
`;

type TokenParent = IndexedToken;

export const tokenResolvers = {
  Query: {
    tokens: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.tokens.listTokens(),
    token: (_: unknown, args: { address: Address }, ctx: GraphQLContext) => ctx.services.tokens.getToken(args.address),
    async holders(_: unknown, args: { token: Address; atBlock?: number | null } & PageArgs, ctx: GraphQLContext) {
      const { limit, afterKey } = readPageArgs(args);
      const { rows, atBlock } = await ctx.services.tokens.holders({ token: args.token, atBlock: args.atBlock ?? null, afterKey, limit });
      return { ...toConnection(rows, limit, (h: Holder) => h.key), atBlock };
    },
    async transfers(_: unknown, args: { token: Address } & PageArgs, ctx: GraphQLContext) {
      const { limit, afterKey } = readPageArgs(args);
      const rows = await ctx.services.tokens.transfers({ token: args.token, afterKey, limit });
      return toConnection(rows, limit, (t: TransferRow) => `${t.blockNumber}:${t.logIndex}`);
    },
    transferRestriction: (_: unknown, args: { token: Address; from: Address; to: Address; amount: bigint }, ctx: GraphQLContext) =>
      ctx.services.tokens.transferRestriction(args),
  },
  Token: {
    owner: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.tokenState(t).then((s) => s.owner),
    paused: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.tokenState(t).then((s) => s.paused),
    identityRegistry: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.tokenState(t).then((s) => s.identityRegistry),
    investorCount: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.tokenState(t).then((s) => s.investorCount),
    rules: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.tokenState(t).then((s) => s.rules),
    documents: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.documents(t.address),
    agents: (t: TokenParent, _: unknown, ctx: GraphQLContext) => ctx.services.tokens.agents(t.address),
  },
  TokenRules: {
    countryCodes: (r: TokenRules) => r.countries.map(countryCodeOf),
  },
};
