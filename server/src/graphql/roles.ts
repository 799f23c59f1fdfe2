import { requireRole } from "../auth/authorize.ts";
import type { PlatformRoleHolder } from "../auth/role-store.ts";
import type { GraphQLContext } from "./context.ts";

export const roleTypeDefs = /* GraphQL */ `
  "One off-chain role held by one address."
  type PlatformRoleHolder {
    address: Address!
    role: PlatformRole!
    "The admin who granted it; null for configured admins."
    grantedBy: Address
    grantedAt: String
    "An admin by FOLIO_ADMIN_ADDRESSES: not revocable through the API."
    configured: Boolean!
  }

  extend type Query {
    "Who holds which off-chain role: configured admins first, then grants by role and address. Platform admins only."
    platformRoleHolders: [PlatformRoleHolder!]!
  }
`;

export const roleResolvers = {
  Query: {
    platformRoleHolders: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      await requireRole(ctx, "PLATFORM_ADMIN");
      return (await ctx.services.auth.roleHolders()).map((h: PlatformRoleHolder) => ({ ...h, grantedAt: h.grantedAt?.toISOString() ?? null }));
    },
  },
};
