import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError } from "graphql";
import { createYoga, maskError as defaultMaskError } from "graphql-yoga";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { GraphQLContext, Services } from "./context.ts";
import { buildSchema } from "./schema.ts";

export function createGraphQL(options: { services: Services; logger: Logger; production: boolean }) {
  const { services, logger } = options;
  return createYoga<{}, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: "/graphql",
    graphiql: !options.production,
    landingPage: false,
    batching: false,
    context: () => ({ services, logger }),
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 8 },
        maxAliases: { n: 10 },
        maxDirectives: { n: 20 },
        maxTokens: { n: 2000 },
        costLimit: { maxCost: 5000 },
        blockFieldSuggestion: { enabled: true },
      }),
    ],
    maskedErrors: {
      // Expected errors keep their message and a stable code; anything else is logged and masked.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof FolioError) {
          return new GraphQLError(original.message, {
            extensions: { code: original.code, ...(original.hint ? { hint: original.hint } : {}) },
          });
        }
        if (error instanceof GraphQLError && !error.originalError) return error;
        logger.error({ msg: "unexpected GraphQL error", err: original });
        return defaultMaskError(error, message, isDev && false);
      },
    },
  });
}
