import http from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLField, GraphQLObjectType } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { buildSchema } from "../../../server/src/graphql/schema.ts";
import { attachGraphQLWebSocket, type GraphQLWebSocket } from "../../../server/src/graphql/websocket.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { completeApplication, pdf } from "../kyc/kyc-fixture.ts";
import { pglite } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, grantPlatformRole } from "../../support/roles.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";
import { AUTH_CODES, decide, MATRIX_ACTORS, prepareMatrixActors } from "./matrix-actors.ts";
import { POLICY, SENSITIVE_TYPES, type Rule } from "./policy.ts";
import { recordReliabilityResult } from "../../support/reliability-results.ts";

const SOMEONE = devAccount(30).address;
const NO_ID = "00000000-0000-4000-8000-000000000000";
const TX_HASH = `0x${"ab".repeat(32)}`;
const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString("base64");

/** The records the samples point at, made once in beforeAll. */
interface State {
  token: Address;
  cash: Address;
  collection: Address;
  investor: Address;
  owner: Address;
  applicationId: string;
  documentId: string;
  distributionId: string;
}

/**
 * Arguments for each root field that pass input validation, so a refusal can only come from authorization; business
 * rules may still refuse (an unknown id, an unfunded round). Mutations that end the caller's session or data run last.
 */
const SAMPLES: Record<string, (s: State) => Record<string, unknown>> = {
  "Query.token": (s) => ({ address: s.token }),
  "Query.holders": (s) => ({ token: s.token }),
  "Query.transfers": (s) => ({ token: s.token }),
  "Query.transferRestriction": (s) => ({ token: s.token, from: s.owner, to: s.investor, amount: "1" }),
  "Query.investor": (s) => ({ wallet: s.investor }),
  "Query.outboxEntry": () => ({ id: NO_ID }),
  "Query.kycApplication": (s) => ({ id: s.applicationId }),
  "Query.kycApplicationByWallet": (s) => ({ wallet: s.investor }),
  "Query.kycDocument": (s) => ({ id: s.documentId }),
  "Query.kycTokenPolicy": (s) => ({ token: s.token }),
  "Query.distribution": (s) => ({ id: s.distributionId }),
  "Query.distributions": (s) => ({ token: s.token }),
  "Query.agentActions": (s) => ({ token: s.token }),
  "Query.capTable": (s) => ({ token: s.token }),
  "Query.orderBook": (s) => ({ token: s.token, cashToken: s.cash }),
  "Query.trades": (s) => ({ token: s.token }),
  "Query.lastPrice": (s) => ({ token: s.token }),
  "Query.marketSettings": (s) => ({ token: s.token }),
  "Query.candles": (s) => ({ token: s.token, interval: "H1" }),
  "Query.marketStats": (s) => ({ token: s.token }),
  "Query.artwork": () => ({ id: NO_ID }),
  "Query.artworkMintCall": () => ({ id: NO_ID }),
  "Query.certificate": (s) => ({ collection: s.collection, tokenId: "1" }),
  "Mutation.signIn": () => ({ message: "not a message", signature: "0x00" }),
  "Mutation.grantRole": () => ({ address: SOMEONE, role: "AUDITOR" }),
  "Mutation.revokeRole": () => ({ address: SOMEONE, role: "AUDITOR" }),
  "Mutation.saveKycApplication": () => ({ input: { category: "RETAIL" } }),
  "Mutation.uploadKycDocument": () => ({ kind: "IDENTITY", base64: PNG_BASE64 }),
  "Mutation.removeKycDocument": () => ({ id: NO_ID }),
  "Mutation.requestWalletLink": () => ({ wallet: SOMEONE }),
  "Mutation.linkWallet": () => ({ wallet: SOMEONE, nonce: "0x00", signature: "0x00" }),
  "Mutation.approveKycApplication": () => ({ id: NO_ID, decision: { country: "DE", validityDays: 365 } }),
  "Mutation.rejectKycApplication": () => ({ id: NO_ID, reason: "unreadable scan" }),
  "Mutation.suspendInvestor": () => ({ id: NO_ID, reason: "sanctions list match" }),
  "Mutation.reinstateInvestor": () => ({ id: NO_ID, reason: "false positive" }),
  "Mutation.saveKycRenewal": () => ({ input: { category: "RETAIL" } }),
  "Mutation.approveKycRenewal": () => ({ id: NO_ID, decision: { country: "DE", validityDays: 365 } }),
  "Mutation.rejectKycRenewal": () => ({ id: NO_ID, reason: "expired passport" }),
  "Mutation.eraseKycApplication": () => ({ id: NO_ID }),
  "Mutation.importInvestors": () => ({ csv: "wallet,country,kyc_valid_until,flags\nnot-a-wallet,DE,2100-01-01," }),
  "Mutation.setTokenKycPolicy": (s) => ({ token: s.token, freezeOnSuspension: false }),
  "Mutation.declareDistribution": (s) => ({ input: { token: s.token, recordBlock: 0, cashToken: s.cash, amount: "0", deadline: "0" } }),
  "Mutation.pushDistribution": (s) => ({ id: s.distributionId }),
  "Mutation.recordAgentAction": (s) => ({ token: s.token, txHash: TX_HASH, reason: "court order" }),
  "Mutation.placeOrder": (s) => ({
    order: { maker: SOMEONE, side: "BUY", token: s.token, cashToken: s.cash, amount: "1", price: "1", nonce: "1", expiry: "1" }, signature: "0x00",
  }),
  "Mutation.placeOrders": (s) => ({
    orders: [{ order: { maker: SOMEONE, side: "SELL", token: s.token, cashToken: s.cash, amount: "1", price: "1", nonce: "2", expiry: "1" }, signature: "0x00" }],
  }),
  "Mutation.cancelOrder": () => ({ hash: `0x${"00".repeat(32)}` }),
  "Mutation.setMarketSettings": (s) => ({ token: s.token, settings: { cashToken: s.cash, tickSize: "1", lotSize: "1", enabled: false } }),
  "Mutation.registerArtwork": () => ({ input: { artist: "A", title: "T", medium: "M", dimensions: "D", description: "d" }, images: [] }),
  "Mutation.recordArtworkMint": () => ({ id: NO_ID, txHash: TX_HASH }),
  "Subscription.orderBookUpdated": (s) => ({ token: s.token, cashToken: s.cash }),
  "Subscription.tradeExecuted": (s) => ({ token: s.token }),
};
/** graphql-ws close codes of a refused connection (Unauthorized, Forbidden). */
const CLOSE_CODES: Record<number, string> = { 4401: "UNAUTHENTICATED", 4403: "FORBIDDEN" };
const LAST = ["Mutation.eraseMyKycData", "Mutation.signOut"];

/**
 * Roads to the records of SENSITIVE_TYPES: the investor's application (through the officers' query and through
 * myApplication, where the record is each caller's own) and the declared round (public).
 */
const PATHS: Record<(typeof SENSITIVE_TYPES)[number], { root: string; args?: (s: State) => Record<string, unknown>; ownRecord?: true }[]> = {
  KycApplication: [{ root: "Query.kycApplication", args: (s) => ({ id: s.applicationId }) }, { root: "Query.myApplication", ownRecord: true }],
  Distribution: [{ root: "Query.distribution", args: (s) => ({ id: s.distributionId }) }],
};

const schema = buildSchema();

/**
 * `__typename` under object-typed fields, nothing under scalars and enums. By constructor name: graphql-yoga loads
 * its own copy of graphql, whose types fail the instanceof checks of the copy this file imports.
 */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  let type: unknown = field.type;
  while (type && typeof type === "object" && "ofType" in type) type = type.ofType;
  return (type as object).constructor.name === "GraphQLObjectType" ? " { __typename }" : "";
}

/** One operation calling `field` of `type` with `args` passed as variables typed from the schema. */
function operation(type: GraphQLObjectType, fieldName: string, args: Record<string, unknown>, wrap = (inner: string) => inner): string {
  const field = type.getFields()[fieldName]!;
  const declared = field.args.filter((a) => a.name in args);
  const variables = declared.length ? `(${declared.map((a) => `$${a.name}: ${String(a.type)}`).join(", ")})` : "";
  const call = declared.length ? `(${declared.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  const keyword = type === schema.getMutationType() ? "mutation" : type === schema.getSubscriptionType() ? "subscription" : "query";
  return `${keyword}${variables} { ${wrap(`${fieldName}${call}${selectionOf(field)}`)} }`;
}

interface Outcome {
  key: string;
  actor: string;
  expected: string;
  got: string;
}
/** "allowed" unless the answer is an authorization refusal (or the rule's hidden refusal): then its code. */
function classify(errors: { extensions?: { code?: string } }[] | undefined, rule: Rule): string {
  const code = errors?.[0]?.extensions?.code;
  return code && (AUTH_CODES.has(code) || code === rule.hiddenAs || code === "NO_ANSWER") ? code : "allowed";
}

describe("authorization matrix: every field of the API with every role [PGlite]", () => {
  let platform: TestPlatform;
  let server: http.Server;
  let ws: GraphQLWebSocket;
  let wsUrl: string;
  const state = {} as State;
  const headers: Record<string, Record<string, string>> = {};
  const outcomes: Outcome[] = [];
  const started = Date.now();

  const gql = (actor: string, query: string, variables: Record<string, unknown> = {}) => platform.gql(query, variables, headers[actor]);

  /** Row counts and contents of every table a request can write, except the session tables signing in fills. */
  async function fingerprint(): Promise<Map<string, string>> {
    const { rows } = await platform.db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('sessions', 'siwe_nonces') order by table_name",
    );
    const parts = rows.map((r) => `select '${r.table_name}' as t, count(*)::text as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from "${r.table_name}" x`);
    const { rows: sums } = await platform.db.query<{ t: string; n: string; h: string }>(parts.join(" union all "));
    return new Map(sums.map((r) => [r.t, `${r.n}:${r.h}`]));
  }

  /**
   * A subscription over the GraphQL WebSocket (HTTP refuses subscriptions): the error it ends with, a refused
   * connection as the code its close reason starts with, or none within a short wait (it is then listening).
   */
  async function subscribe(actor: string, query: string, variables: Record<string, unknown>): Promise<{ errors?: { extensions?: { code?: string } }[] }> {
    const authorization = headers[actor]!.authorization;
    let connected: () => void = () => {};
    let closed: (event: { code?: number; reason?: string }) => void = () => {};
    const acknowledged = new Promise<void>((resolve) => (connected = resolve));
    const refused = new Promise<{ code?: number; reason?: string }>((resolve) => (closed = resolve));
    const client = createClient({
      url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: authorization ? { authorization } : {}, on: { connected: () => connected(), closed: (event) => closed(event as { code?: number; reason?: string }) },
    });
    const iterator = client.iterate({ query, variables });
    const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    try {
      return await Promise.race([
        iterator.next().then((r) => (r.done ? new Promise<never>(() => {}) : (r.value as { errors?: any[] })), (error: unknown) =>
          Array.isArray(error) ? { errors: error } : new Promise<never>(() => {})),
        // A refused connection closes with its code first in the reason ("UNAUTHENTICATED: sign in first…").
        refused.then((event) => ({ errors: [{ extensions: { code: CLOSE_CODES[event.code ?? 0] ?? String(event.reason).split(":")[0] } }] })),
        // Accepted connection: a refused subscribe answers at once, an accepted one stays silent.
        acknowledged.then(() => wait(300)).then(() => ({})),
        wait(10_000).then(() => ({ errors: [{ extensions: { code: "NO_ANSWER" } }] })),
      ]);
    } finally {
      // A refused connection rejects these too: the refusal is already read above.
      await Promise.resolve(iterator.return?.()).catch(() => {});
      await Promise.resolve(client.dispose()).catch(() => {});
    }
  }

  beforeAll(async () => {
    platform = await startTestPlatform(pglite, adminEnv(), prepareMatrixActors);
    server = http.createServer(platform.app.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ws = attachGraphQLWebSocket({
      server, yoga: platform.app.yoga, services: platform.app.services, logger: createLogger("silent"), origins: platform.config.corsOrigins, production: false,
    });
    wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    await grantPlatformRole(platform, ACTORS.compliance, "COMPLIANCE_OFFICER");
    await grantPlatformRole(platform, ACTORS.auditor, "AUDITOR");
    const deployment = readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!;
    Object.assign(state, {
      token: deployment.tokens[0],
      cash: deployment.contracts.CashToken!.address,
      collection: deployment.contracts.ArtworkCertificate!.address,
      investor: devAccount(ACTORS.investor).address,
      owner: devAccount(ACTORS.owner).address,
    });
    await Promise.all(
      Object.entries(MATRIX_ACTORS).map(async ([name, actor]) => {
        headers[name] = actor.index === null ? {} : (await signIn(platform, actor.index)).headers;
      }),
    );

    // The investor's submitted application with one document, and a round declared on the token by its owner.
    const saved = await gql("investor", `mutation($input: KycApplicationInput!) { saveKycApplication(input: $input) { id } }`, { input: completeApplication() });
    const uploaded = await gql("investor", `mutation($base64: String) { uploadKycDocument(kind: IDENTITY, base64: $base64) { id } }`, {
      base64: Buffer.from(pdf()).toString("base64"),
    });
    const submitted = await gql("investor", `mutation { submitKycApplication { id } }`);
    const block = (await platform.gql(`{ indexerStatus { latestIndexedBlock } }`)).data.indexerStatus.latestIndexedBlock;
    const declared = await gql("issuer", `mutation($input: DeclareDistributionInput!) { declareDistribution(input: $input) { distribution { id } } }`, {
      input: { token: state.token, recordBlock: block, cashToken: state.cash, amount: "1000000", deadline: String(Math.floor(Date.now() / 1000) + 7 * 86400) },
    });
    for (const result of [saved, uploaded, submitted, declared]) expect(result.errors).toBeUndefined();
    state.applicationId = submitted.data.submitKycApplication.id;
    state.documentId = uploaded.data.uploadKycDocument.id;
    state.distributionId = declared.data.declareDistribution.distribution.id;
  });

  afterAll(async () => {
    await ws?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await platform?.close();
    const fields = new Set(outcomes.map((o) => o.key));
    const actors = Object.keys(MATRIX_ACTORS);
    const allowed = outcomes.filter((o) => o.expected === "allowed").length;
    recordReliabilityResult("authorizationMatrix", { fields: fields.size, roles: actors.length, requests: outcomes.length, allowed, refused: outcomes.length - allowed });
    console.log(
      `authorization matrix: ${fields.size} fields × ${actors.length} roles = ${outcomes.length} requests ` +
        `(${allowed} allowed, ${outcomes.length - allowed} refused) in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        actors.map((a) => `  ${a.padEnd(16)} allowed ${outcomes.filter((o) => o.actor === a && o.expected === "allowed").length}, refused ${outcomes.filter((o) => o.actor === a && o.expected !== "allowed").length}`).join("\n"),
    );
  });

  it("has a rule for every root field and every field of the sensitive types, and none for fields that are gone", () => {
    const types = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType(), ...SENSITIVE_TYPES.map((t) => schema.getType(t))];
    const inSchema = types.flatMap((type) => Object.keys((type as GraphQLObjectType).getFields()).map((f) => `${type!.name}.${f}`));
    expect({ missing: inSchema.filter((k) => !(k in POLICY)), gone: Object.keys(POLICY).filter((k) => !inSchema.includes(k)) }).toEqual({ missing: [], gone: [] });
    // Samples and paths name real fields too, so a renamed argument cannot quietly drop out of the matrix.
    expect(Object.keys(SAMPLES).filter((k) => !inSchema.includes(k))).toEqual([]);
    expect(Object.values(PATHS).flat().filter((p) => !(p.root in POLICY))).toEqual([]);
  });

  it("runs with actors that hold exactly the roles the matrix assumes", async () => {
    const names = Object.keys(MATRIX_ACTORS);
    const me = await Promise.all(names.map((name) => gql(name, `{ me { roles { role token } } }`)));
    names.forEach((name, i) => {
      const actor = MATRIX_ACTORS[name]!;
      const roles: { role: string; token: string | null }[] = me[i]!.data.me?.roles ?? [];
      const onToken = roles.filter((r) => r.token === state.token).map((r) => r.role);
      // ARTWORK_ISSUER comes once per collection the wallet may issue on.
      const global = [...new Set(roles.filter((r) => r.token === null || r.role === "ARTWORK_ISSUER").map((r) => r.role))];
      expect({ name, global: global.sort() }).toEqual({ name, global: [...actor.roles].sort() });
      if (!actor.token) expect({ name, onToken }).toEqual({ name, onToken: [] });
      else if ("owner" in actor.token) expect(onToken).toContain("TOKEN_OWNER");
      else expect({ name, onToken }).toEqual({ name, onToken: ["TOKEN_AGENT"] });
    });
    const foreign: { role: string; token: string | null }[] = me[names.indexOf("foreignIssuer")]!.data.me.roles;
    expect(foreign.filter((r) => r.role === "TOKEN_OWNER" && r.token !== state.token)).toHaveLength(1);
  });

  it("answers every query and subscription as the policy says", async () => {
    const results: Outcome[] = [];
    const ask = async (root: GraphQLObjectType, fieldName: string) => {
      const key = `${root.name}.${fieldName}`;
      const variables = SAMPLES[key]?.(state) ?? {};
      const query = operation(root, fieldName, variables);
      await Promise.all(Object.entries(MATRIX_ACTORS).map(async ([name, actor]) => {
        const result = root === schema.getSubscriptionType() ? await subscribe(name, query, variables) : await gql(name, query, variables);
        results.push({ key, actor: name, expected: decide(POLICY[key]!, actor), got: classify(result.errors, POLICY[key]!) });
      }));
    };
    const query = schema.getQueryType()!;
    await Promise.all(Object.keys(query.getFields()).map((f) => ask(query, f)));
    // Subscriptions after the queries: a WebSocket handshake stuck behind hundreds of requests would time out.
    const subscription = schema.getSubscriptionType()!;
    for (const f of Object.keys(subscription.getFields())) await ask(subscription, f);
    outcomes.push(...results);
    expect(mismatches(results)).toEqual([]);
  });

  it("guards every field of the sensitive types on every road to them", async () => {
    const runs: Promise<Outcome[]>[] = [];
    for (const [typeName, paths] of Object.entries(PATHS)) {
      const fields = (schema.getType(typeName) as GraphQLObjectType).getFields();
      // Fields without a check of their own share one request per road: they answer as the road does.
      const own = Object.keys(fields).filter((f) => !POLICY[`${typeName}.${f}`]!.parent).map((f) => [f]);
      const groups = [Object.keys(fields).filter((f) => POLICY[`${typeName}.${f}`]!.parent), ...own];
      for (const path of paths) {
        const [rootName, rootField] = path.root.split(".") as [string, string];
        const root = schema.getType(rootName) as GraphQLObjectType;
        const args = path.args?.(state) ?? {};
        for (const group of groups) {
          const selection = group.map((f) => `${f}${selectionOf(fields[f]!)}`).join(" ");
          const query = operation(root, rootField, args, (inner) => inner.replace(" { __typename }", ` { ${selection} }`));
          for (const [name, actor] of Object.entries(MATRIX_ACTORS)) {
            runs.push((async () => {
              const reach = decide(POLICY[path.root]!, actor);
              const result = await gql(name, query, args);
              return group.map((f) => {
                const rule = POLICY[`${typeName}.${f}`]!;
                const expected = reach !== "allowed" || rule.parent ? reach : decide(rule, actor, path.ownRecord ?? actor.self ?? false);
                // Errors carry no path here: a lone field owns the request's error, a group shares the road's.
                const error = result.errors?.find((e: { path?: string[] }) => !e.path || e.path.length === 1 || e.path[1] === f);
                return { key: `${typeName}.${f} via ${path.root}`, actor: name, expected, got: classify(error ? [error] : undefined, rule) };
              });
            })());
          }
        }
      }
    }
    const results = (await Promise.all(runs)).flat();
    outcomes.push(...results);
    expect(mismatches(results)).toEqual([]);
  });

  it("answers every mutation as the policy says, and a refused one changes nothing", async () => {
    const mutation = schema.getMutationType()!;
    const keys = Object.keys(mutation.getFields()).map((f) => `Mutation.${f}`);
    const ordered = [...keys.filter((k) => !LAST.includes(k)), ...LAST];
    const changed: string[] = [];
    for (const key of ordered) {
      const rule = POLICY[key]!;
      const variables = SAMPLES[key]?.(state) ?? {};
      const query = operation(mutation, key.split(".")[1]!, variables);
      const actors = Object.entries(MATRIX_ACTORS);
      const refused = actors.filter(([, a]) => decide(rule, a) !== "allowed");
      const before = refused.length ? await fingerprint() : new Map<string, string>();
      // Refusals run side by side (they must not write), then the callers that pass one at a time.
      const refusedResults = await Promise.all(refused.map(([name]) => gql(name, query, variables)));
      if (refused.length) {
        const after = await fingerprint();
        const tables = [...after.keys()].filter((t) => after.get(t) !== before.get(t));
        if (tables.length) changed.push(`${key}: ${tables.join(", ")}`);
      }
      refused.forEach(([name, actor], i) => outcomes.push({ key, actor: name, expected: decide(rule, actor), got: classify(refusedResults[i]!.errors, rule) }));
      for (const [name, actor] of actors.filter(([, a]) => decide(rule, a) === "allowed")) {
        const result = await gql(name, query, variables);
        outcomes.push({ key, actor: name, expected: "allowed", got: classify(result.errors, rule) });
      }
    }
    expect(mismatches(outcomes.filter((o) => o.key.startsWith("Mutation.")))).toEqual([]);
    expect(changed).toEqual([]);
  });
});

function mismatches(outcomes: Outcome[]): string[] {
  return outcomes.filter((o) => o.expected !== o.got).map((o) => `${o.key} as ${o.actor}: expected ${o.expected}, got ${o.got}`).sort();
}
