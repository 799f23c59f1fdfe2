import { createSchema } from "graphql-yoga";
import type { GraphQLContext } from "./context.ts";
import { connectionTypeDefs } from "./connection.ts";
import { scalarResolvers, scalarTypeDefs } from "./scalars.ts";
import { tokenResolvers, tokenTypeDefs } from "./tokens.ts";
import { authResolvers, authTypeDefs } from "./auth.ts";
import { auditResolvers, auditTypeDefs } from "./audit.ts";
import { investorResolvers, investorTypeDefs } from "./investors.ts";
import { indexerResolvers, indexerTypeDefs } from "./indexer.ts";
import { outboxResolvers, outboxTypeDefs } from "./outbox.ts";
import { kycResolvers, kycTypeDefs } from "./kyc.ts";
import { distributionResolvers, distributionTypeDefs } from "./distributions.ts";
import { agentActionResolvers, agentActionTypeDefs } from "./agent-actions.ts";
import { roleResolvers, roleTypeDefs } from "./roles.ts";
import { kycLookupResolvers, kycLookupTypeDefs } from "./kyc-lookup.ts";
import { capTableResolvers, capTableTypeDefs } from "./cap-table.ts";
import { marketResolvers, marketTypeDefs } from "./market.ts";
import { artworkResolvers, artworkTypeDefs } from "./artworks.ts";
import { marketSubscriptionResolvers, marketSubscriptionTypeDefs } from "./market-subscriptions.ts";
import { marketStatsResolvers, marketStatsTypeDefs } from "./market-stats.ts";

/** The API is assembled from one module per domain: each exports its SDL and its resolvers. */
export function buildSchema() {
  return createSchema<GraphQLContext>({
    typeDefs: [
      scalarTypeDefs, connectionTypeDefs, `type Query { _version: String! }`, `type Mutation { _noop: Boolean }`,
      tokenTypeDefs,
      authTypeDefs,
      auditTypeDefs,
      investorTypeDefs,
      indexerTypeDefs,
      outboxTypeDefs,
      kycTypeDefs,
      distributionTypeDefs,
      agentActionTypeDefs,
      roleTypeDefs,
      kycLookupTypeDefs,
      capTableTypeDefs,
      marketTypeDefs,
      artworkTypeDefs,
      marketSubscriptionTypeDefs,
      marketStatsTypeDefs,
    ],
    resolvers: [
      scalarResolvers, { Query: { _version: () => "1" } },
      tokenResolvers,
      authResolvers,
      auditResolvers,
      investorResolvers,
      indexerResolvers,
      outboxResolvers,
      kycResolvers,
      distributionResolvers,
      agentActionResolvers,
      roleResolvers,
      kycLookupResolvers,
      capTableResolvers,
      marketResolvers,
      artworkResolvers,
      marketSubscriptionResolvers,
      marketStatsResolvers,
    ],
  });
}
