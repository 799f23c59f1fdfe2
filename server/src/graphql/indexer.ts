import type { GraphQLContext } from "./context.ts";

export const indexerTypeDefs = /* GraphQL */ `
  type IndexerStatus {
    chainId: Int!
    "Last block whose events are in the index."
    latestIndexedBlock: Int!
    chainHead: Int!
    "Blocks the index is behind the chain head (confirmations included)."
    lag: Int!
    confirmations: Int!
  }

  extend type Query {
    "How far the chain index is behind the chain."
    indexerStatus: IndexerStatus!
  }
`;

export const indexerResolvers = {
  Query: {
    indexerStatus: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.indexer.status(),
  },
};
