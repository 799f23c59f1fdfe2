import { initGraphQLTada, type TadaDocumentNode } from "gql.tada";
import { print } from "graphql";
import type { introspection } from "./graphql-env.d.ts";

/**
 * Typed GraphQL documents: `graphql(\`query { ... }\`)` infers result and variables from the schema exported at build
 * time (scripts/export-schema.mts). Custom scalars travel as text.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Address: `0x${string}`; BigInt: string; Country: string; File: File };
}>();
export type { ResultOf, VariablesOf } from "gql.tada";

/** An error the API returned, with its stable code (and the session problem, for UNAUTHENTICATED) when it has one. */
export class ApiError extends Error {
  constructor(message: string, readonly code?: string, readonly reason?: string, readonly hint?: string) {
    super(message);
    this.name = "ApiError";
  }
}

type GraphQLErrorBody = { message: string; extensions?: { code?: string; reason?: string; hint?: string } };

/** Called with every UNAUTHENTICATED answer for a dead session (SESSION_EXPIRED, SESSION_INVALID). */
const sessionEndedListeners = new Set<(reason: string) => void>();
export function onSessionEnded(listener: (reason: string) => void): () => void {
  sessionEndedListeners.add(listener);
  return () => void sessionEndedListeners.delete(listener);
}

/**
 * Counts sign-ins and sign-outs. An answer to a request sent under an earlier session says nothing about the current
 * one: after an account switch, a late SESSION_INVALID for the old account must not end the new account's session.
 */
let sessionEpoch = 0;
export function beginSessionEpoch(): void {
  sessionEpoch++;
}

/**
 * Runs a sign-out. Until its answer clears the cookie, requests still carry the session being ended, and the server
 * may already call it invalid: such answers end nothing more while it runs, and the new epoch at its end leaves
 * every request sent until then out too.
 */
let signOutsUnderWay = 0;
export async function endingSession<T>(signOut: () => Promise<T>): Promise<T> {
  signOutsUnderWay++;
  try {
    return await signOut();
  } finally {
    signOutsUnderWay--;
    beginSessionEpoch();
  }
}

/** The answer's data, or its first error thrown; `sentInEpoch` is the session epoch the request was sent in. */
async function readAnswer<T>(response: Response, sentInEpoch: number): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: GraphQLErrorBody[] };
  const first = body.errors?.[0];
  if (first) {
    const { code, reason, hint } = first.extensions ?? {};
    const deadSession = code === "UNAUTHENTICATED" && (reason === "SESSION_EXPIRED" || reason === "SESSION_INVALID");
    if (deadSession && signOutsUnderWay === 0 && sentInEpoch === sessionEpoch) {
      for (const listener of sessionEndedListeners) listener(reason);
    }
    throw new ApiError(first.message, code, reason, hint);
  }
  if (!response.ok || !body.data) throw new ApiError(`Request failed with HTTP ${response.status}`);
  return body.data;
}

/** Posts one GraphQL operation to the Folio server and returns its data, or throws the first error. */
export async function graphqlRequest<T>(query: string, variables?: Record<string, unknown>, fetchImpl: typeof fetch = fetch): Promise<T> {
  const epoch = sessionEpoch;
  const response = await fetchImpl("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return readAnswer<T>(response, epoch);
}

/** Runs a typed document; the session travels as the server's HttpOnly cookie. */
export function request<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  ...[variables]: Variables extends Record<string, never> ? [] : [Variables]
): Promise<Result> {
  return graphqlRequest<Result>(print(document), variables as Record<string, unknown> | undefined);
}

/**
 * Runs a typed mutation with one file, as a GraphQL multipart request (graphql-multipart-request-spec): the file
 * goes in place of the variable named `fileVariable`.
 */
export async function uploadRequest<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  fileVariable: keyof Variables & string,
  file: File,
  fetchImpl: typeof fetch = fetch,
): Promise<Result> {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: print(document), variables: { ...variables, [fileVariable]: null } }));
  form.append("map", JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  form.append("0", file, file.name);
  const epoch = sessionEpoch;
  return readAnswer<Result>(await fetchImpl("/graphql", { method: "POST", body: form }), epoch);
}
