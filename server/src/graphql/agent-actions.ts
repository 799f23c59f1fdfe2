import type { Address } from "viem";
import { requireSignedIn, requireTokenRole } from "../auth/authorize.ts";
import type { AgentAction } from "../tokens/agent-actions.ts";
import { readPageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";

export const agentActionTypeDefs = /* GraphQL */ `
  "One argument of an agent action: addresses checksummed, amounts in the token's smallest unit, lists comma-separated."
  type AgentActionArgument {
    name: String!
    value: String!
  }

  "A freeze, forced transfer, recovery, burn or pause, read from its transaction, with the reason its sender gave."
  type AgentAction {
    "The audit log entry that records it."
    id: ID!
    token: Address!
    "Who sent the transaction."
    actor: Address!
    "The token function called, e.g. freezePartialTokens."
    functionName: String!
    arguments: [AgentActionArgument!]!
    txHash: String!
    block: Int!
    reason: String!
    recordedAt: String!
  }

  extend type Query {
    "The token's recorded agent actions, newest first (at most first, default 20). The token's owner and agents only."
    agentActions(token: Address!, first: Int): [AgentAction!]!
  }

  extend type Mutation {
    """
    Records the reason for an agent action once its transaction is confirmed: the server reads the transaction from
    the chain, checks that it succeeded and that the caller sent it to this Folio token, and appends it to the audit
    log. Recording the same transaction again returns the first record. The token's owner and agents only.
    """
    recordAgentAction(token: Address!, txHash: String!, reason: String!): AgentAction!
  }
`;

const ISSUERS = ["TOKEN_OWNER", "TOKEN_AGENT"] as const;

export const agentActionResolvers = {
  Query: {
    async agentActions(_: unknown, args: { token: Address; first?: number | null }, ctx: GraphQLContext): Promise<AgentAction[]> {
      requireSignedIn(ctx);
      const { limit } = readPageArgs({ first: args.first });
      await ctx.services.agentActions.requireFolioToken(args.token);
      await requireTokenRole(ctx, args.token, ...ISSUERS);
      return ctx.services.agentActions.list(args.token, limit);
    },
  },
  Mutation: {
    async recordAgentAction(_: unknown, args: { token: Address; txHash: string; reason: string }, ctx: GraphQLContext): Promise<AgentAction> {
      requireSignedIn(ctx);
      // Input first, then the token, then the caller's role on it: each refusal names what is wrong.
      ctx.services.agentActions.checkInput(args);
      await ctx.services.agentActions.requireFolioToken(args.token);
      const viewer = await requireTokenRole(ctx, args.token, ...ISSUERS);
      const action = await ctx.services.agentActions.record({ ...args, actor: viewer.address });
      // The reason stays in the audit log: the server's log names the action and its transaction only.
      ctx.logger.info({ msg: "agent action recorded", action: action.functionName, token: action.token, txHash: action.txHash, block: action.block });
      return action;
    },
  },
};
