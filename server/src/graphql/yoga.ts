import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import type { GraphQLError } from "graphql";
import { createGraphQLError, createYoga, maskError as defaultMaskError, type Plugin } from "graphql-yoga";
import { readSessionToken } from "../auth/session-cookie.ts";
import { FolioError } from "../errors.ts";
import { createTokenBucketLimiter } from "../http/token-bucket.ts";
import type { Logger } from "../logger.ts";
import type { GraphQLContext, Services } from "./context.ts";
import { useHotDocumentJit } from "./jit.ts";
import { buildSchema } from "./schema.ts";

/**
 * Limits on the shape of every operation: nesting depth, cost, aliases, directives and tokens (refused at parse or
 * validation, before anything runs). Depth and cost matter for recursive types; introspection is exempt, so GraphiQL
 * works in development (production turns introspection off altogether).
 */
export const OPERATION_LIMITS = {
  maxDepth: { n: 8 },
  maxAliases: { n: 10 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 2000 },
  costLimit: { maxCost: 5000 },
  blockFieldSuggestion: { enabled: true },
} as const;

export const createArmor = () => EnvelopArmorPlugin(OPERATION_LIMITS);

export interface GraphQLOptions {
  services: Services;
  logger: Logger;
  production: boolean;
  /** Session cookie lifetime (defaults to 8 hours). */
  sessionTtlSeconds?: number;
  /** Requests per minute per signed-in address; 0 or absent turns the limit off. */
  perAddressPerMinute?: number;
}

export function createGraphQL(options: GraphQLOptions) {
  const { services, logger } = options;
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 8 * 3600;
  const addressLimiter = options.perAddressPerMinute ? createTokenBucketLimiter({ perMinute: options.perAddressPerMinute }) : null;
  // Set-Cookie headers that resolvers ask for, keyed by the request they answer.
  const cookieJar = new WeakMap<Request, string[]>();
  const setCookies: Plugin = {
    onResponse({ request, response }) {
      for (const cookie of cookieJar.get(request) ?? []) response.headers.append("set-cookie", cookie);
    },
  };
  return createYoga<{}, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: "/graphql",
    graphiql: !options.production,
    landingPage: false,
    batching: false,
    // Yoga logs every error it maps, expected ones included; those are answers, not faults, so they go to debug.
    // Unexpected errors are logged in full by maskError below.
    logging: {
      debug: (...args: unknown[]) => logger.debug({ msg: "graphql-yoga", args }),
      info: (...args: unknown[]) => logger.debug({ msg: "graphql-yoga", args }),
      warn: (...args: unknown[]) => logger.warn({ msg: "graphql-yoga", args }),
      error: (...args: unknown[]) => logger.debug({ msg: "graphql-yoga error", err: args[0] }),
    },
    context: async ({ request }): Promise<GraphQLContext> => {
      const viewer = await services.auth.viewerFor(readSessionToken(request.headers));
      if (viewer && addressLimiter) {
        const verdict = addressLimiter.take(viewer.address);
        if (!verdict.allowed) {
          throw createGraphQLError("Too many requests for this account; retry later", {
            extensions: { code: "RATE_LIMITED", http: { status: 429, headers: { "retry-after": String(verdict.retryAfterSeconds) } } },
          });
        }
      }
      const cookies: string[] = [];
      cookieJar.set(request, cookies);
      return {
        services,
        logger,
        viewer,
        setCookie: (cookie) => cookies.push(cookie),
        sessionTtlSeconds,
        secureCookies: options.production,
      };
    },
    plugins: [
      setCookies,
      // Production clients get the schema from the repository, not from the server.
      ...(options.production ? [useDisableIntrospection()] : []),
      createArmor(),
      useHotDocumentJit(logger),
    ],
    maskedErrors: {
      // Expected errors keep their message and a stable code; anything else is logged and masked.
      maskError(error, message, isDev) {
        // Duck-typed on purpose: a bundler may load a second copy of graphql, whose GraphQLError fails instanceof.
        const original = isGraphQLErrorLike(error) && error.originalError ? error.originalError : error;
        if (original instanceof FolioError) {
          return createGraphQLError(original.message, {
            extensions: { code: original.code, ...(original.hint ? { hint: original.hint } : {}) },
          });
        }
        // GraphQL's own errors (validation, variables, scalars refusing input) are answers to the client, not faults.
        if (isGraphQLErrorLike(error) && (!error.originalError || isGraphQLErrorLike(error.originalError))) return error;
        logger.error({ msg: "unexpected GraphQL error", err: original });
        return defaultMaskError(error, message, isDev && false);
      },
    },
  });
}

function isGraphQLErrorLike(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}
