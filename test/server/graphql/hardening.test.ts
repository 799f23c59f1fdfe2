import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/src/app.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { loadConfig } from "../../../server/src/config/config.ts";
import { createSchema, createYoga } from "graphql-yoga";
import { createArmor, createGraphQL } from "../../../server/src/graphql/yoga.ts";
import { createTokenBucketLimiter } from "../../../server/src/http/token-bucket.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { signIn } from "../../support/sign-in.ts";

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

describeEachDatabase("API hardening", (kind) => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    admin = (await signIn(platform, ACTORS.admin)).headers;
  });
  afterAll(() => platform?.close());

  /** The express app of this platform with other settings, served on an ephemeral port. */
  async function serve(env: Record<string, string>) {
    const config = loadConfig({ ...envOf(platform), ...env });
    const { app } = createApp({ config, logger: createLogger("silent"), db: platform.db, chain: await connectChain(config) });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    return { post, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it("refuses more than 10 aliases", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: _version`).join(" ")} }`;
    expect((await platform.gql(aliases(10))).errors).toBeUndefined();
    const result = await platform.gql(aliases(11));
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toMatch(/alias/i);
    expect(result.errors?.[0].message).not.toMatch(/Syntax Error/);
    expect(codeOf(result)).toBe("TOO_MANY_ALIASES");
  });

  it("refuses more than 20 directives with TOO_MANY_DIRECTIVES", async () => {
    const directives = (n: number) => `{ _version ${"@include(if: true) ".repeat(n)}}`;
    expect((await platform.gql(directives(20))).errors?.[0]?.extensions?.code).not.toBe("TOO_MANY_DIRECTIVES");
    const result = await platform.gql(directives(21));
    expect(result.data).toBeUndefined();
    expect(codeOf(result)).toBe("TOO_MANY_DIRECTIVES");
  });

  it("refuses a query of more than 2000 tokens at parse time", async () => {
    const variables = (n: number) => Array.from({ length: n }, (_, i) => `$v${i}: String`).join(", ");
    const result = await platform.gql(`query(${variables(600)}) { _version }`);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toMatch(/token limit/i);
    expect(result.errors?.[0].message).not.toMatch(/Syntax Error/);
    expect(codeOf(result)).toBe("TOO_MANY_TOKENS");
  });

  it("turns introspection and field suggestions off in production", async () => {
    const production = createGraphQL({ services: platform.app.services, logger: createLogger("silent"), production: true });
    const ask = async (query: string) => (await production.fetch("http://folio.test/graphql", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }),
    })).json();
    const introspection = await ask(`{ __schema { types { name } } }`);
    expect(introspection.data).toBeUndefined();
    expect(introspection.errors[0].message).toMatch(/introspection/i);
    const typo = await ask(`{ tokenz { name } }`);
    expect(typo.errors[0].message).not.toMatch(/Did you mean/);
    expect((await ask(`{ _version }`)).data._version).toBe("1");
    // Development keeps introspection for GraphiQL.
    expect((await platform.gql(`{ __schema { queryType { name } } }`)).data.__schema.queryType.name).toBe("Query");
  });

  it("refuses a body over the size limit with 413 and a code, and serves normal requests", async () => {
    const app = await serve({ FOLIO_MAX_BODY_BYTES: "2048" });
    try {
      const small = await app.post(JSON.stringify({ query: "{ _version }" }));
      expect(small.status).toBe(200);
      expect((await small.json()).data._version).toBe("1");
      const big = await app.post(JSON.stringify({ query: "{ _version }", variables: { pad: "x".repeat(4000) } }));
      expect(big.status).toBe(413);
      expect(codeOf(await big.json())).toBe("PAYLOAD_TOO_LARGE");
    } finally {
      await app.close();
    }
  });

  it("refuses a body that is not a GraphQL request object with BAD_REQUEST, and reads the others as sent", async () => {
    const app = await serve({});
    try {
      for (const body of ["{not json", "{}", "[]", "42", "\"{ _version }\"", "null"]) {
        const response = await app.post(body);
        const answer = await response.json();
        expect(response.status, body).toBe(body === "{}" ? 200 : 400);
        expect(codeOf(answer), body).toBe("BAD_REQUEST");
        expect(answer.data, body).toBeUndefined();
      }
      const ok = await app.post(JSON.stringify({ query: "{ _version } # é\u2028 ✓" }));
      expect(ok.status).toBe(200);
      expect((await ok.json()).data._version).toBe("1");
    } finally {
      await app.close();
    }
  });

  it("limits requests per IP with 429, Retry-After and RATE_LIMITED", async () => {
    const app = await serve({ FOLIO_RATE_LIMIT_PER_IP: "5" });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 7; i++) {
        last = await app.post(JSON.stringify({ query: "{ _version }" }));
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(codeOf(await last!.json())).toBe("RATE_LIMITED");
    } finally {
      await app.close();
    }
  });

  it("limits requests per signed-in address, whatever IP they come from", async () => {
    const yoga = createGraphQL({ services: platform.app.services, logger: createLogger("silent"), production: false, perAddressPerMinute: 3 });
    const ask = (headers: Record<string, string>) => yoga.fetch("http://folio.test/graphql", {
      method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{ me { address } }" }),
    });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) statuses.push((last = await ask(admin)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(codeOf(await last!.json())).toBe("RATE_LIMITED");
    // Another account, and anonymous callers (limited per IP instead), are not affected.
    const other = (await signIn(platform, ACTORS.auditor)).headers;
    expect((await ask(other)).status).toBe(200);
    expect((await ask({})).status).toBe(200);
  });

  it.each([
    ["a malformed address", `query { investor(wallet: "0x12") { country } }`, {}],
    ["a malformed address variable", `query($w: Address!) { investor(wallet: $w) { country } }`, { w: "not-an-address" }],
    ["a page size of 0", `{ auditLog(first: 0) { edges { cursor } } }`, {}],
    ["a page size over 100", `{ auditLog(first: 101) { edges { cursor } } }`, {}],
    ["a cursor this API never issued", `{ auditLog(first: 5, after: "bogus") { edges { cursor } } }`, {}],
    ["a forged cursor", `{ auditLog(first: 5, after: "${Buffer.from("c:1; drop table audit_log").toString("base64url")}") { edges { cursor } } }`, {}],
  ])("refuses %s with BAD_USER_INPUT", async (_label, query, variables) => {
    const result = await platform.gql(query, variables, admin);
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).not.toBe("Unexpected error.");
  });

  it("pages the audit log for auditors and admins only, and verifies it", async () => {
    for (const index of [ACTORS.owner, ACTORS.kycAgent, ACTORS.otherInvestor]) await signIn(platform, index);
    const page = await platform.gql(`{ auditLog(first: 2) { edges { node { id action outcome actor hash prevHash } cursor } pageInfo { hasNextPage endCursor } } }`, {}, admin);
    expect(page.errors).toBeUndefined();
    const { edges, pageInfo } = page.data.auditLog;
    expect(edges).toHaveLength(2);
    expect(edges[1].node.hash).toBe(edges[0].node.prevHash); // newest first
    expect(pageInfo.hasNextPage).toBe(true);
    const next = await platform.gql(`query($after: String) { auditLog(first: 2, after: $after) { edges { node { id prevHash hash } } } }`, { after: pageInfo.endCursor }, admin);
    expect(next.data.auditLog.edges[0].node.hash).toBe(edges[1].node.prevHash);
    const verification = await platform.gql(`{ auditLogVerification { valid checkedRows firstInvalidId } }`, {}, admin);
    expect(verification.data.auditLogVerification).toMatchObject({ valid: true, firstInvalidId: null });
    expect(verification.data.auditLogVerification.checkedRows).toBeGreaterThanOrEqual(3);

    const investor = (await signIn(platform, ACTORS.investor)).headers;
    expect(codeOf(await platform.gql(`{ auditLog { edges { cursor } } }`, {}, investor))).toBe("FORBIDDEN");
    expect(codeOf(await platform.gql(`{ auditLogVerification { valid } }`, {}, investor))).toBe("FORBIDDEN");
    expect(codeOf(await platform.gql(`{ auditLog { edges { cursor } } }`))).toBe("UNAUTHENTICATED");
  });
});

/** The settings the test platform was built with, as environment variables. */
function envOf(platform: TestPlatform): Record<string, string> {
  return {
    NODE_ENV: "test", LOG_LEVEL: "silent", FOLIO_RPC_URL: platform.config.rpcUrl, FOLIO_DEPLOYMENTS_DIR: platform.deploymentsDir,
    FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0",
  };
}

describe("operation limits (on a recursive schema, where depth and cost matter)", () => {
  // The API's own limits, applied to a schema whose types nest without end.
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: `type Node { id: ID! children: [Node!]! parent: Node } type Query { node: Node }`,
      resolvers: { Query: { node: () => ({ id: "1", children: [], parent: null }) } },
    }),
    plugins: [createArmor()],
    logging: false,
  });
  const ask = async (query: string) => (await yoga.fetch("http://folio.test/graphql", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }),
  })).json();
  const nest = (depth: number, field = "parent") => `{ node ${`{ ${field} `.repeat(depth - 2)}{ id }${" }".repeat(depth - 2)} }`;

  it("accepts a query 8 levels deep and refuses one 9 levels deep", async () => {
    expect((await ask(nest(8))).errors).toBeUndefined();
    const refused = await ask(nest(9));
    expect(refused.data).toBeUndefined();
    expect(refused.errors[0].message).toMatch(/depth/i);
    expect(refused.errors[0].message).not.toMatch(/Syntax Error/);
    expect(refused.errors[0].extensions.code).toBe("QUERY_TOO_DEEP");
  });

  it("refuses a query whose cost is over 5000 though it is shallow, alias-free and short", async () => {
    // Fragment spreads multiply cost without adding depth, aliases or many tokens.
    const spreads = (n: number, name: string) => Array.from({ length: n }, () => `...${name}`).join(" ");
    const costly = `
      fragment A on Node { id children { id } }
      fragment B on Node { parent { ${spreads(20, "A")} } children { ${spreads(20, "A")} } }
      { node { ${spreads(40, "B")} } }`;
    const refused = await ask(costly);
    expect(refused.data).toBeUndefined();
    expect(refused.errors[0].message).toMatch(/cost/i);
    expect(refused.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
    expect((await ask(`{ node { id children { id } } }`)).errors).toBeUndefined();
  });
});

describe("token bucket", () => {
  it("allows a burst of `capacity`, then one request per refill interval, and says when to retry", () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perMinute: 60, capacity: 3, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take("a").allowed)).toEqual([true, true, true, false]);
    const refused = limiter.take("a");
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true); // keys are independent
  });

  it("keeps at most maxKeys buckets, dropping idle ones first", () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perMinute: 60, maxKeys: 100, now: () => now });
    for (let i = 0; i < 1000; i++) limiter.take(`k${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    now += 120_000;
    limiter.take("fresh");
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
