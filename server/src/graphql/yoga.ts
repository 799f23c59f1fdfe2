import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { getOperationAST, Kind, type GraphQLError } from "graphql";
import { createGraphQLError, createYoga, maskError as defaultMaskError, type Plugin } from "graphql-yoga";
import { clearedSessionCookie, readSessionToken } from "../auth/session-cookie.ts";
import { FolioError } from "../errors.ts";
import { createTokenBucketLimiter } from "../http/token-bucket.ts";
import type { Logger } from "../logger.ts";
import type { GraphQLContext, Services } from "./context.ts";
import { renderGraphiQLPage } from "./graphiql.ts";
import { useCostLimit } from "./operation-cost.ts";
import { useHotDocumentJit } from "./jit.ts";
import { buildSchema } from "./schema.ts";
import { useSubscriptionsOverWebSocketOnly } from "./websocket.ts";

/**
 * Limits on the shape of every operation: nesting depth, cost, aliases, directives and tokens (refused at parse,
 * validation or, for cost, which depends on the variables, just before execution: before anything runs). Depth and
 * cost matter for recursive types; cost counts list sizes (`first`, see operation-cost.ts). Introspection is exempt, so GraphiQL works in development (production turns introspection off
 * altogether). Each refusal has a stable code.
 */
export const OPERATION_LIMITS = {
  maxDepth: { n: 8 },
  maxAliases: { n: 10 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 2000 },
  costLimit: { maxCost: 5000 },
  blockFieldSuggestion: { enabled: true },
} as const;

/** The code each limit answers with when an operation goes over it. */
export const LIMIT_CODES = {
  maxDepth: "QUERY_TOO_DEEP",
  maxAliases: "TOO_MANY_ALIASES",
  maxDirectives: "TOO_MANY_DIRECTIVES",
  maxTokens: "TOO_MANY_TOKENS",
  costLimit: "QUERY_TOO_COSTLY",
} as const;

/**
 * graphql-armor reports a limit as "Syntax Error: ..." without a code; this turns its refusal into an error with the
 * limit's code (thrown from armor's onReject, before armor throws its own).
 */
const refuseWith = (code: string) => [
  (_context: unknown, error: GraphQLError) => {
    throw createGraphQLError(error.message.replace(/^Syntax Error: /, ""), { extensions: { code } });
  },
];

export function createArmor(): Plugin {
  const { costLimit, ...limits } = OPERATION_LIMITS;
  const armor = EnvelopArmorPlugin({
    maxDepth: { ...limits.maxDepth, onReject: refuseWith(LIMIT_CODES.maxDepth) },
    maxAliases: { ...limits.maxAliases, onReject: refuseWith(LIMIT_CODES.maxAliases) },
    maxDirectives: { ...limits.maxDirectives, onReject: refuseWith(LIMIT_CODES.maxDirectives) },
    maxTokens: { ...limits.maxTokens, onReject: refuseWith(LIMIT_CODES.maxTokens) },
    blockFieldSuggestion: limits.blockFieldSuggestion,
    // armor's cost limit counts `first` only when it is written inline; ours counts variables and defaults too.
    costLimit: { enabled: false },
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(armor as Plugin);
      addPlugin(useCostLimit(costLimit) as Plugin);
    },
  };
}

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
  return createYoga<{ req?: { ip?: string } }, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: "/graphql",
    graphiql: options.production ? false : { title: "Folio GraphiQL" },
    // GraphiQL from this server (its assets at GRAPHIQL_ASSETS_PATH), not from a CDN: it works offline.
    renderGraphiQL: renderGraphiQLPage,
    // CORS is answered by the HTTP layer (http/cors.ts): only the public origin and FOLIO_CORS_ORIGINS.
    cors: false,
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
    context: async ({ request, req }): Promise<GraphQLContext> => {
      const presented = readSessionToken(request.headers);
      const { viewer, problem } = await services.auth.viewerFor(presented?.token ?? null);
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
      // A dead session cookie is cleared with the answer, so the browser stops sending it.
      if (problem && presented?.from === "cookie") cookies.push(clearedSessionCookie(options.production));
      return {
        services,
        logger,
        viewer,
        sessionProblem: problem,
        // Express's req.ip honours FOLIO_TRUST_PROXY; in-process calls (yoga.fetch) have no client address.
        clientIp: req?.ip ?? null,
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
      useSessionProblems(),
      useHotDocumentJit(logger),
      useSubscriptionsOverWebSocketOnly(),
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

/** Root fields that work with a dead session: they are how a client gets a new one (or drops the old one). */
const SESSION_FREE_FIELDS = new Set(["siweNonce", "signIn", "signOut", "__typename"]);

/**
 * A request that presents a session token which opens no session (unknown, ended, expired) is answered
 * UNAUTHENTICATED with `reason` SESSION_INVALID or SESSION_EXPIRED, instead of running as if signed out; only
 * operations made of siweNonce, signIn and signOut still run, so a client can sign in again.
 */
function useSessionProblems(): Plugin<GraphQLContext> {
  // Subscriptions (over the WebSocket) are refused the same way: envelop runs onSubscribe for them, not onExecute.
  const refuse: NonNullable<Plugin<GraphQLContext>["onExecute"]> = ({ args, setResultAndStopExecution }) => {
      const problem = args.contextValue.sessionProblem;
      if (!problem) return;
      const operation = getOperationAST(args.document, args.operationName);
      const rootFields = operation?.selectionSet.selections ?? [];
      if (rootFields.length && rootFields.every((s) => s.kind === Kind.FIELD && SESSION_FREE_FIELDS.has(s.name.value))) return;
      const expired = problem === "SESSION_EXPIRED";
      setResultAndStopExecution({
        errors: [
          createGraphQLError(expired ? "The session has expired; sign in again" : "The session token is not valid; sign in again", {
            extensions: { code: "UNAUTHENTICATED", reason: problem, hint: "Drop the token and sign in again (siweNonce, then signIn)" },
          }),
        ],
      });
  };
  return { onExecute: refuse, onSubscribe: refuse as unknown as NonNullable<Plugin<GraphQLContext>["onSubscribe"]> };
}

function isGraphQLErrorLike(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}
