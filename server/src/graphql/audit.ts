import { requireRole } from "../auth/authorize.ts";
import type { AuditRecord } from "../audit/audit-log.ts";
import { FolioError } from "../errors.ts";
import { readPageArgs, toConnection, type PageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";

export const auditTypeDefs = /* GraphQL */ `
  enum AuditOutcome {
    SUCCESS
    FAILURE
  }

  "One state-changing action. Details hold ids and codes only, never personal data."
  type AuditEntry {
    id: ID!
    actor: Address
    action: String!
    target: String
    outcome: AuditOutcome!
    "JSON object."
    details: String!
    createdAt: String!
    prevHash: String!
    hash: String!
  }

  type AuditEntryEdge {
    node: AuditEntry!
    cursor: String!
  }

  type AuditEntryConnection {
    edges: [AuditEntryEdge!]!
    pageInfo: PageInfo!
  }

  type AuditLogVerification {
    valid: Boolean!
    checkedRows: Int!
    "The first row whose hash or link does not match."
    firstInvalidId: ID
    problem: String
  }

  extend type Query {
    "The audit log, newest first. Auditors and platform admins only."
    auditLog(first: Int, after: String): AuditEntryConnection!
    "Walks the whole hash chain. Auditors and platform admins only."
    auditLogVerification: AuditLogVerification!
  }
`;

const AUDIT_READERS = ["AUDITOR", "PLATFORM_ADMIN"] as const;

export const auditResolvers = {
  Query: {
    auditLog: async (_: unknown, args: PageArgs, ctx: GraphQLContext) => {
      await requireRole(ctx, ...AUDIT_READERS);
      const { limit, afterKey } = readPageArgs(args);
      if (afterKey !== null && !/^[1-9][0-9]{0,17}$/.test(afterKey)) throw new FolioError("BAD_USER_INPUT", "after is not an audit log cursor");
      const rows = await ctx.services.audit.list({ limit, beforeId: afterKey });
      return toConnection(rows, limit, (row) => row.id, toNode);
    },
    auditLogVerification: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      await requireRole(ctx, ...AUDIT_READERS);
      return ctx.services.audit.verify();
    },
  },
};

const toNode = (row: AuditRecord) => ({
  ...row,
  outcome: row.outcome.toUpperCase(),
  details: JSON.stringify(row.details),
});
