import type { Address } from "viem";
import { requireInvestorAccess } from "../auth/authorize.ts";
import type { GraphQLContext } from "./context.ts";
import { countryCodeOf } from "./scalars.ts";

export const investorTypeDefs = /* GraphQL */ `
  enum InvestorStatus {
    NONE
    ACTIVE
    LIQUIDATE_ONLY
    SUSPENDED
  }

  type InvestorFlags {
    accredited: Boolean!
    qualified: Boolean!
    usPerson: Boolean!
    institution: Boolean!
  }

  "An investor as the IdentityRegistry records it: an opaque id, never personal data."
  type Investor {
    investorId: String!
    "ISO 3166-1 numeric country code, as the registry stores it."
    country: Int!
    "The same country as its ISO 3166-1 alpha-2 code (null for a number no country has)."
    countryCode: String
    "KYC is valid up to and including this Unix time (seconds)."
    validUntil: BigInt!
    flags: InvestorFlags!
    status: InvestorStatus!
    "Whether the wallet asked about may hold tokens now (ERC-3643 isVerified)."
    verified: Boolean!
    wallets: [Address!]!
  }

  extend type Query {
    "The investor a wallet is linked to (null when none). For the investor themself, platform admins, compliance officers and KYC agents."
    investor(wallet: Address!): Investor
  }
`;

export const investorResolvers = {
  Query: {
    investor: async (_: unknown, args: { wallet: Address }, ctx: GraphQLContext) => {
      await requireInvestorAccess(ctx, args.wallet, ctx.services.investors.investorIdOf);
      const record = await ctx.services.investors.investorOfWallet(args.wallet);
      return record && { ...record, validUntil: record.kycValidUntil };
    },
  },
  Investor: {
    countryCode: (i: { country: number }) => countryCodeOf(i.country),
  },
};
