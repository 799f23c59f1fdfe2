import type { Address } from "viem";
import { requireTokenRole } from "../auth/authorize.ts";
import type { Role } from "../auth/roles.ts";
import { FolioError } from "../errors.ts";
import { MAX_TOP_HOLDERS, type CapTableAt, type CapTableHolder, type CapTableSummary } from "../tokens/cap-table.ts";
import { readPageArgs, toConnection, type PageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";
import { countryCodeOf } from "./scalars.ts";

/** Who may read a token's cap table with countries and its CSV export: its issuers, compliance officers, auditors. */
export const CAP_TABLE_READERS: Role[] = ["TOKEN_OWNER", "TOKEN_AGENT", "COMPLIANCE_OFFICER", "AUDITOR"];

export const capTableTypeDefs = /* GraphQL */ `
  "A token's cap table at one block, for its issuer: pages by investor, a summary for charts, the CSV export."
  type CapTable {
    token: Address!
    "The block the cap table is at: the latest indexed block, atBlock, or the last block at or before recordTime."
    atBlock: Int!
    "Timestamp of atBlock (Unix seconds)."
    blockTime: BigInt!
    decimals: Int!
    symbol: String!
    "Total supply at the end of atBlock."
    totalSupply: BigInt!
    "Holders with a balance: investors, and wallets linked to no investor."
    holderCount: Int!
    "The cap table by investor, in investor-id order."
    holders(first: Int, after: String): CapTableHolderConnection!
    "The largest holders, largest first (first: 1 to 50, default 10)."
    topHolders(first: Int): [CapTableTopHolder!]!
    "Holdings per investor country, largest first; country null for wallets linked to no investor."
    countries: [CapTableCountry!]!
    "Path of this cap table's CSV export on this server (GET with the session cookie or a bearer token)."
    csvPath: String!
  }

  "One investor (with their wallets), or a wallet linked to no investor."
  type CapTableHolder {
    "Null for a wallet linked to no investor."
    investorId: String
    "ISO 3166-1 numeric country of the investor at atBlock; null for a wallet linked to no investor."
    country: Int
    countryCode: String
    balance: BigInt!
    wallets: [WalletBalance!]!
  }

  type CapTableHolderEdge {
    node: CapTableHolder!
    cursor: String!
  }

  type CapTableHolderConnection {
    edges: [CapTableHolderEdge!]!
    pageInfo: PageInfo!
  }

  type CapTableTopHolder {
    "Null for a wallet linked to no investor (then wallet is set)."
    investorId: String
    wallet: Address
    country: Int
    countryCode: String
    balance: BigInt!
  }

  type CapTableCountry {
    "ISO 3166-1 numeric code; null for wallets linked to no investor."
    country: Int
    countryCode: String
    holders: Int!
    balance: BigInt!
  }

  extend type Query {
    """
    A token's cap table at the latest indexed block, at the end of block atBlock, or at the record time recordTime
    (Unix seconds: the last block at or before it). For the token's owner and agents, compliance officers and auditors.
    """
    capTable(token: Address!, atBlock: Int, recordTime: BigInt): CapTable!
  }
`;

interface CapTableParent extends CapTableAt {
  summary?: Promise<CapTableSummary>;
}

const summaryOf = (parent: CapTableParent, ctx: GraphQLContext) =>
  (parent.summary ??= ctx.services.capTable.summary(parent, MAX_TOP_HOLDERS));

export const capTableResolvers = {
  Query: {
    async capTable(_: unknown, args: { token: Address; atBlock?: number | null; recordTime?: bigint | null }, ctx: GraphQLContext): Promise<CapTableParent> {
      await requireTokenRole(ctx, args.token, ...CAP_TABLE_READERS);
      return ctx.services.capTable.resolve(args);
    },
  },
  CapTable: {
    totalSupply: async (p: CapTableParent, _: unknown, ctx: GraphQLContext) => (await summaryOf(p, ctx)).totalSupply,
    holderCount: async (p: CapTableParent, _: unknown, ctx: GraphQLContext) => (await summaryOf(p, ctx)).holderCount,
    countries: async (p: CapTableParent, _: unknown, ctx: GraphQLContext) => (await summaryOf(p, ctx)).countries,
    async topHolders(p: CapTableParent, args: { first?: number | null }, ctx: GraphQLContext) {
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > MAX_TOP_HOLDERS) {
        throw new FolioError("BAD_USER_INPUT", `first must be an integer from 1 to ${MAX_TOP_HOLDERS}`);
      }
      return (await summaryOf(p, ctx)).top.slice(0, first);
    },
    async holders(p: CapTableParent, args: PageArgs, ctx: GraphQLContext) {
      const { limit, afterKey } = readPageArgs(args);
      const rows = await ctx.services.capTable.page(p, afterKey, limit);
      return toConnection(rows, limit, (h: CapTableHolder) => h.key);
    },
    csvPath: (p: CapTableParent) => capTableCsvPath(p.token, p.atBlock),
  },
  CapTableHolder: { countryCode: (h: { country: number | null }) => countryCodeOf(h.country) },
  CapTableTopHolder: { countryCode: (h: { country: number | null }) => countryCodeOf(h.country) },
  CapTableCountry: { countryCode: (c: { country: number | null }) => countryCodeOf(c.country) },
};

/** The CSV export's path (server/src/http/cap-table-csv.ts), pinned to the block so it matches the page. */
export const capTableCsvPath = (token: Address, atBlock: number) => `/tokens/${token}/cap-table.csv?atBlock=${atBlock}`;
