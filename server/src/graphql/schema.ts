import { createSchema } from "graphql-yoga";
import type { GraphQLContext } from "./context.ts";
import { connectionTypeDefs } from "./connection.ts";
import { scalarResolvers, scalarTypeDefs } from "./scalars.ts";
import { tokenResolvers, tokenTypeDefs } from "./tokens.ts";

/** The API is assembled from one module per domain: each exports its SDL and its resolvers. */
export function buildSchema() {
  return createSchema<GraphQLContext>({
    typeDefs: [scalarTypeDefs, connectionTypeDefs, `type Query { _version: String! }`, `type Mutation { _noop: Boolean }`, tokenTypeDefs],
    resolvers: [scalarResolvers, { Query: { _version: () => "1" } }, tokenResolvers],
  });
}
