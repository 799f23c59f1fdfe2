import type { Address } from "viem";
import { requireRole } from "../auth/authorize.ts";
import { clearedSessionCookie, sessionCookie } from "../auth/session-cookie.ts";
import type { PlatformRole } from "../auth/roles.ts";
import type { GraphQLContext } from "./context.ts";

export const authTypeDefs = /* GraphQL */ `
  "Roles read from the chain (REGISTRY_OWNER, KYC_AGENT, TOKEN_OWNER, TOKEN_AGENT) or kept by the platform."
  enum Role {
    PLATFORM_ADMIN
    COMPLIANCE_OFFICER
    AUDITOR
    REGISTRY_OWNER
    KYC_AGENT
    TOKEN_OWNER
    TOKEN_AGENT
    "An authorised issuer of an artwork-certificate collection (isIssuer); token is the collection."
    ARTWORK_ISSUER
  }

  "The off-chain roles platform admins grant and revoke."
  enum PlatformRole {
    PLATFORM_ADMIN
    COMPLIANCE_OFFICER
    AUDITOR
  }

  type RoleAssignment {
    role: Role!
    "The token a TOKEN_OWNER or TOKEN_AGENT role applies to, the collection of an ARTWORK_ISSUER; null for platform-wide roles."
    token: Address
  }

  type Session {
    address: Address!
    "Send as Authorization: Bearer <token>. Browsers also get it as an HttpOnly cookie."
    token: String!
    expiresAt: String!
  }

  type Me {
    address: Address!
    roles: [RoleAssignment!]!
  }

  extend type Query {
    "The signed-in caller and its roles, or null."
    me: Me
  }

  extend type Mutation {
    "A single-use nonce for a Sign-In with Ethereum message; it expires after 5 minutes."
    siweNonce: String!
    "Signs in with an EIP-4361 message and its signature; opens a session."
    signIn(message: String!, signature: String!): Session!
    "Ends the current session; false when there was none."
    signOut: Boolean!
    "Platform admins only. False when the address already held the role."
    grantRole(address: Address!, role: PlatformRole!): Boolean!
    "Platform admins only. False when the address did not hold the role. The last admin cannot be revoked."
    revokeRole(address: Address!, role: PlatformRole!): Boolean!
  }
`;

type RoleArgs = { address: Address; role: PlatformRole };

export const authResolvers = {
  Query: {
    me: async (_: unknown, __: unknown, ctx: GraphQLContext) =>
      ctx.viewer ? { address: ctx.viewer.address, roles: await ctx.viewer.roles() } : null,
  },
  Mutation: {
    siweNonce: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.auth.issueNonce(),
    signIn: async (_: unknown, args: { message: string; signature: string }, ctx: GraphQLContext) => {
      const session = await ctx.services.auth.signIn(args.message, args.signature, ctx.clientIp);
      ctx.setCookie(sessionCookie(session.token, ctx.sessionTtlSeconds, ctx.secureCookies));
      return { ...session, expiresAt: session.expiresAt.toISOString() };
    },
    signOut: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      ctx.setCookie(clearedSessionCookie(ctx.secureCookies));
      return ctx.services.auth.signOut(ctx.viewer);
    },
    grantRole: async (_: unknown, args: RoleArgs, ctx: GraphQLContext) => {
      const admin = await requireRole(ctx, "PLATFORM_ADMIN");
      return ctx.services.auth.grantRole(admin.address, args.address, args.role);
    },
    revokeRole: async (_: unknown, args: RoleArgs, ctx: GraphQLContext) => {
      const admin = await requireRole(ctx, "PLATFORM_ADMIN");
      return ctx.services.auth.revokeRole(admin.address, args.address, args.role);
    },
  },
};

