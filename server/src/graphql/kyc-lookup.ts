import type { Address } from "viem";
import { requireRole } from "../auth/authorize.ts";
import type { GraphQLContext } from "./context.ts";

export const kycLookupTypeDefs = /* GraphQL */ `
  extend type Query {
    "The application any of whose wallets is \`wallet\`, whatever its status (null when none). Compliance officers and platform admins."
    kycApplicationByWallet(wallet: Address!): KycApplication
  }
`;

export const kycLookupResolvers = {
  Query: {
    kycApplicationByWallet: async (_: unknown, args: { wallet: Address }, ctx: GraphQLContext) => {
      await requireRole(ctx, "COMPLIANCE_OFFICER", "PLATFORM_ADMIN");
      return ctx.services.kyc.myApplication(args.wallet);
    },
  },
};
