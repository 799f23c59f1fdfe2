import { requireRole } from "../auth/authorize.ts";
import { FolioError } from "../errors.ts";
import { stuckSince, type OutboxEntry, type OutboxStatus } from "../outbox/outbox-entry.ts";
import { readPageArgs, toConnection, type PageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";

export const outboxTypeDefs = /* GraphQL */ `
  enum OutboxStatus {
    "Waiting for simulation and a nonce."
    PENDING
    "Nonce assigned, signed or about to be; not yet known to the node."
    SENDING
    "Broadcast, waiting for a receipt (replaced with higher fees if it is not mined in time)."
    SENT
    CONFIRMED
    FAILED
  }

  type OutboxFailure {
    """
    OUTBOX_SIMULATION_REVERTED (nothing sent, no nonce used), OUTBOX_REVERTED (mined and reverted),
    OUTBOX_GAS_ABOVE_BLOCK_LIMIT (needs more gas than a block holds: refused before taking a nonce, or dropped after
    signing with its nonce handed to a no-op) or OUTBOX_BROADCAST_REFUSED (the node refused the signed bytes for good:
    dropped, its nonce handed to a no-op).
    """
    code: String!
    "The custom error's name, Error, Panic, Unknown, GasAboveBlockLimit or BroadcastRefused."
    name: String!
    args: [String!]!
    message: String!
  }

  "One on-chain write of the server, sent through the transaction outbox."
  type OutboxEntry {
    id: ID!
    idempotencyKey: String!
    purpose: String!
    status: OutboxStatus!
    sender: Address!
    to: Address!
    value: BigInt!
    nonce: Int
    "The latest signed attempt, or the mined one."
    txHash: String
    "Signed attempts (1 + fee bumps)."
    attempts: Int!
    "The gas limit the caller gave (signed instead of the estimate plus margin), or null."
    requestedGas: BigInt
    "The gas limit of the latest signed attempt."
    gasLimit: BigInt
    maxFeePerGas: BigInt
    blockNumber: BigInt
    gasUsed: BigInt
    failure: OutboxFailure
    "The last transient problem (e.g. the node unreachable), cleared by progress."
    lastError: String
    "Still open (pending, sending or sent) longer than FOLIO_OUTBOX_STUCK_AFTER_SECONDS after it was enqueued."
    stuck: Boolean!
    "When the entry became stuck (enqueued + FOLIO_OUTBOX_STUCK_AFTER_SECONDS), or null."
    stuckSince: String
    createdAt: String!
    updatedAt: String!
  }

  type OutboxEntryEdge {
    node: OutboxEntry!
    cursor: String!
  }

  type OutboxEntryConnection {
    edges: [OutboxEntryEdge!]!
    pageInfo: PageInfo!
  }

  extend type Query {
    "One outbox entry. Platform admins only."
    outboxEntry(id: ID!): OutboxEntry
    "Outbox entries, newest first, optionally of one status. Platform admins only."
    outboxEntries(first: Int, after: String, status: OutboxStatus): OutboxEntryConnection!
  }
`;

const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

export const outboxResolvers = {
  Query: {
    outboxEntry: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      await requireRole(ctx, "PLATFORM_ADMIN");
      if (!ID_PATTERN.test(args.id)) throw new FolioError("BAD_USER_INPUT", "id must be a positive integer");
      const entry = await ctx.services.outbox.getOutboxEntry(Number(args.id));
      return entry && toNode(entry, ctx.services.outbox.stuckAfterSeconds);
    },
    outboxEntries: async (_: unknown, args: PageArgs & { status?: string | null }, ctx: GraphQLContext) => {
      await requireRole(ctx, "PLATFORM_ADMIN");
      const { limit, afterKey } = readPageArgs(args);
      if (afterKey !== null && !ID_PATTERN.test(afterKey)) throw new FolioError("BAD_USER_INPUT", "after is not an outbox cursor");
      const status = args.status ? (args.status.toLowerCase() as OutboxStatus) : null;
      const rows = await ctx.services.outbox.listOutboxEntries({ limit: limit + 1, beforeId: afterKey === null ? null : Number(afterKey), status });
      const now = new Date();
      return toConnection(rows, limit, (row) => String(row.id), (row) => toNode(row, ctx.services.outbox.stuckAfterSeconds, now));
    },
  },
};

const toNode = (entry: OutboxEntry, stuckAfterSeconds: number, now = new Date()) => ({
  ...entry,
  status: entry.status.toUpperCase(),
  stuck: stuckSince(entry, stuckAfterSeconds, now) !== null,
  stuckSince: stuckSince(entry, stuckAfterSeconds, now)?.toISOString() ?? null,
  createdAt: entry.createdAt.toISOString(),
  updatedAt: entry.updatedAt.toISOString(),
});
