import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { getOperationAST, type DocumentNode, type ExecutionArgs, type GraphQLError } from "graphql";
import { CloseCode, type OperationResult, type SubscribePayload } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { WebSocketServer, type WebSocket } from "ws";
import { readSessionToken } from "../auth/session-cookie.ts";
import type { Logger } from "../logger.ts";
import type { Services } from "./context.ts";
import type { createGraphQL } from "./yoga.ts";

export interface WebSocketLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxPayloadBytes: number;
  /** How often each open socket's session is looked up again; a socket whose session ended is closed with 4401. */
  sessionCheckMs: number;
}

/** Limits of the WebSocket endpoint; each refusal names itself in the close reason or the HTTP status. */
export const WEBSOCKET_LIMITS: WebSocketLimits = {
  /** Open sockets per server process; one more is answered 503 at the upgrade. */
  maxConnections: 1_000,
  /** Open sockets per signed-in address; one more is closed with 4429. */
  maxConnectionsPerAddress: 10,
  /** Largest message a client may send (a subscribe carries one document and its variables). */
  maxPayloadBytes: 64 * 1024,
  sessionCheckMs: 60_000,
};

/** Marks the context of an operation that came over the WebSocket (HTTP refuses subscriptions). */
const OVER_WEBSOCKET = Symbol("folio.overWebSocket");

export interface GraphQLWebSocketOptions {
  server: Server;
  yoga: ReturnType<typeof createGraphQL>;
  services: Pick<Services, "auth">;
  logger: Logger;
  /** Browser origins allowed to connect (the public origin and FOLIO_CORS_ORIGINS); a request without Origin passes. */
  origins: readonly string[];
  production: boolean;
  limits?: Partial<WebSocketLimits>;
}

export interface GraphQLWebSocket {
  /** Open sockets now. */
  readonly connections: number;
  /** Closes every socket (1001, going away) and stops taking new ones. */
  close(): Promise<void>;
}

/**
 * GraphQL subscriptions over graphql-ws (protocol graphql-transport-ws) on the HTTP server's GraphQL path, run by
 * the same yoga instance as HTTP: same schema, plugins (depth, aliases, tokens, cost), context and error masking.
 * A connection is accepted only with a live session: the session cookie of the upgrade request, or the bearer token
 * as `connectionParams.authorization` ("Bearer <token>", for clients that cannot set headers), or the request's
 * Authorization header. Only subscriptions run here; queries and mutations go over HTTP POST.
 */
export function attachGraphQLWebSocket(options: GraphQLWebSocketOptions): GraphQLWebSocket {
  const { server, yoga, services, logger } = options;
  const limits = { ...WEBSOCKET_LIMITS, ...options.limits };
  const origins = new Set(options.origins);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const addressOf = new WeakMap<WebSocket, string>();
  const tokenOf = new WeakMap<WebSocket, string>();
  const perAddress = new Map<string, number>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? "/", "http://folio").pathname !== yoga.graphqlEndpoint) return refuseUpgrade(socket, 404, "Not Found");
    // Cookies ride along on a WebSocket from any page: only the console's own origins may open one from a browser.
    const origin = request.headers.origin;
    if (origin && !origins.has(origin)) return refuseUpgrade(socket, 403, "Forbidden", `The origin ${origin} may not open a GraphQL WebSocket`);
    if (wss.clients.size >= limits.maxConnections) return refuseUpgrade(socket, 503, "Service Unavailable", "Too many GraphQL WebSocket connections; retry later");
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  };
  server.on("upgrade", onUpgrade);

  const headersOf = (request: IncomingMessage, connectionParams: Record<string, unknown> | undefined): Headers => {
    const headers = new Headers();
    if (request.headers.cookie) headers.set("cookie", request.headers.cookie);
    const authorization = connectionParams?.authorization ?? request.headers.authorization;
    if (typeof authorization === "string") headers.set("authorization", authorization);
    return headers;
  };

  const closeWith = (socket: WebSocket, code: number, reason: string) => {
    socket.close(code, reason);
    return false as const;
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      isProd: options.production,
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),

      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        const presented = readSessionToken(headersOf(ctx.extra.request, ctx.connectionParams));
        if (!presented) return closeWith(socket, CloseCode.Unauthorized, "UNAUTHENTICATED: sign in first, then connect with the session cookie or connectionParams.authorization");
        const { viewer, problem } = await services.auth.viewerFor(presented.token);
        if (!viewer) return closeWith(socket, CloseCode.Unauthorized, sessionEnded(problem));
        // Closed while the session was looked up: onClose has run already, so it must not be counted.
        if (socket.readyState !== socket.OPEN) return false;
        const address = viewer.address.toLowerCase();
        const open = perAddress.get(address) ?? 0;
        if (open >= limits.maxConnectionsPerAddress) {
          return closeWith(socket, CloseCode.TooManyInitialisationRequests, `TOO_MANY_CONNECTIONS: at most ${limits.maxConnectionsPerAddress} GraphQL WebSockets per account`);
        }
        perAddress.set(address, open + 1);
        addressOf.set(socket, address);
        tokenOf.set(socket, presented.token);
        return true;
      },

      onClose(ctx) {
        const address = addressOf.get(ctx.extra.socket);
        if (!address) return;
        addressOf.delete(ctx.extra.socket);
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      },

      async onSubscribe(ctx, _id, payload) {
        try {
          return await executionArgs(ctx.extra.request, headersOf(ctx.extra.request, ctx.connectionParams), payload);
        } catch (error) {
          if (!isGraphQLErrorLike(error)) logger.error({ msg: "GraphQL subscription could not start", err: error });
          return [asGraphQLError(Array.isArray(error) ? error[0] : error)];
        }
      },
    },
    wss,
  );

  // A client that breaks the protocol's limits (a message over maxPayload) makes ws close its socket (1009) and emit
  // an error; that is the client's fault, logged at debug, not useServer's "internal error" on stderr.
  wss.on("connection", (socket: WebSocket) => {
    socket.removeAllListeners("error");
    socket.on("error", (error) => logger.debug({ msg: "GraphQL WebSocket closed on a protocol error", err: error }));
  });

  // Sessions end (sign-out, expiry, an admin ending them) while sockets stay open: each is looked up again now and then.
  const sessionCheck = setInterval(() => void checkSessions(), limits.sessionCheckMs);
  sessionCheck.unref();
  async function checkSessions() {
    for (const socket of wss.clients) {
      const token = tokenOf.get(socket);
      if (!token) continue;
      const { viewer, problem } = await services.auth.viewerFor(token).catch(() => ({ viewer: true, problem: null }));
      if (!viewer) socket.close(CloseCode.Unauthorized, sessionEnded(problem));
    }
  }

  /** Parses, validates (with every operation limit) and builds the context exactly as an HTTP request would. */
  async function executionArgs(request: IncomingMessage, headers: Headers, payload: SubscribePayload): Promise<ExecutionArgs | GraphQLError[]> {
    const fetchRequest = new yoga.fetchAPI.Request(`http://folio${yoga.graphqlEndpoint}`, { method: "POST", headers });
    const enveloped = yoga.getEnveloped({
      request: fetchRequest,
      req: { ip: request.socket.remoteAddress },
      params: payload,
      [OVER_WEBSOCKET]: true,
    });
    const document: DocumentNode = enveloped.parse(payload.query);
    const errors = enveloped.validate(enveloped.schema, document);
    if (errors.length) return errors.map(asGraphQLError);
    const operation = getOperationAST(document, payload.operationName);
    if (operation?.operation !== "subscription") {
      return [createGraphQLError("Only subscriptions are served over the WebSocket; send queries and mutations with HTTP POST /graphql", { extensions: { code: "SUBSCRIPTIONS_ONLY" } })];
    }
    return {
      schema: enveloped.schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: await enveloped.contextFactory(),
      rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
    };
  }

  let closing: Promise<void> | null = null;
  logger.debug({ msg: "GraphQL WebSocket attached", path: yoga.graphqlEndpoint, ...limits });
  return {
    get connections() {
      return wss.clients.size;
    },
    close() {
      closing ??= (async () => {
        server.off("upgrade", onUpgrade);
        clearInterval(sessionCheck);
        for (const socket of wss.clients) socket.close(1001, "Server shutting down");
        await disposable.dispose();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
  };
}

type Enveloped = { execute: (args: ExecutionArgs) => OperationResult; subscribe: (args: ExecutionArgs) => OperationResult };

/**
 * Subscriptions run only over the WebSocket, where connections are counted and capped: over HTTP (server-sent
 * events) they are refused with SUBSCRIPTIONS_OVER_WEBSOCKET.
 */
export function useSubscriptionsOverWebSocketOnly(): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      if ((args.contextValue as unknown as Record<symbol, unknown>)[OVER_WEBSOCKET]) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError("Subscriptions are served over the GraphQL WebSocket (graphql-ws) at /graphql, not over HTTP", {
            extensions: { code: "SUBSCRIPTIONS_OVER_WEBSOCKET" },
          }),
        ],
      });
    },
  };
}

const sessionEnded = (problem: string | null) =>
  `UNAUTHENTICATED: ${problem === "SESSION_EXPIRED" ? "the session has expired" : "the session token is not valid"}; sign in again`;

/** Answers an upgrade it refuses with a plain HTTP status, before any WebSocket exists. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, body = statusText) {
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * graphql-ws sends back only errors of the GraphQLError class of the graphql copy it loaded, which yoga's
 * createGraphQLError builds; a refusal made by another copy (see yoga.ts) is rebuilt with its message and extensions.
 * Anything else is a fault, answered without its details.
 */
function asGraphQLError(error: unknown): GraphQLError {
  if (isGraphQLErrorLike(error)) return createGraphQLError(error.message, { extensions: error.extensions });
  return createGraphQLError("The subscription could not start", { extensions: { code: "SUBSCRIPTION_REFUSED" } });
}

function isGraphQLErrorLike(error: unknown): error is { message: string; extensions?: Record<string, unknown> } {
  return error instanceof Error && error.name === "GraphQLError";
}
