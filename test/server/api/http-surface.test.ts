import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/src/app.ts";
import { createSignInFailureLog } from "../../../server/src/auth/sign-in-failures.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { loadConfig } from "../../../server/src/config/config.ts";
import type { AuditEntry } from "../../../server/src/audit/audit-log.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { SIGN_IN, signIn } from "../../support/sign-in.ts";

type Body = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const codeOf = (body: Body) => body.errors?.[0]?.extensions?.code;

describeEachDatabase("the HTTP surface of the API", (kind) => {
  let platform: TestPlatform;
  let token: string;
  const servers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    token = (await platform.app.services.tokens.listTokens())[0]!.address;
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await platform?.close();
  });

  /** The express app on this platform's chain and database with other settings, on an ephemeral port. */
  async function serve(env: Record<string, string> = {}) {
    const config = loadConfig({
      NODE_ENV: "test", LOG_LEVEL: "silent", FOLIO_RPC_URL: platform.config.rpcUrl, FOLIO_DEPLOYMENTS_DIR: platform.deploymentsDir,
      FOLIO_DATA_DIR: platform.config.dataDir, FOLIO_AGENT_KEY: platform.config.agentKey.reveal(),
      FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0", ...env,
    });
    const built = createApp({ config, logger: createLogger("silent"), db: platform.db, chain: await connectChain(config) });
    const server = built.app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const handle = { close: () => new Promise<void>((r) => server.close(() => r())) };
    servers.push(handle);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${origin}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { origin, post, config, services: built.services };
  }

  describe("CORS: the public origin and FOLIO_CORS_ORIGINS only", () => {
    let app: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      app = await serve({ FOLIO_PUBLIC_URL: "https://folio.example", FOLIO_CORS_ORIGINS: "https://console.example, http://localhost:5173" });
    });
    const preflight = (origin: string) => fetch(`${app.origin}/graphql`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" },
    });

    it.each(["https://folio.example", "https://console.example", "http://localhost:5173"])("lets %s read answers, with credentials", async (origin) => {
      const response = await app.post({ query: "{ _version }" }, { origin });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
      expect(response.headers.get("vary")).toMatch(/Origin/i);
    });

    it.each(["https://evil.example", "null", "https://folio.example.evil.example", "http://folio.example"])("gives %s no CORS headers", async (origin) => {
      const response = await app.post({ query: "{ _version }" }, { origin });
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    });

    it("answers an allowed preflight with 204, the methods and the headers", async () => {
      const response = await preflight("https://console.example");
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("https://console.example");
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
      expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
      expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    });

    it("refuses a preflight from any other origin with 403 and CORS_ORIGIN_FORBIDDEN", async () => {
      const response = await preflight("https://evil.example");
      expect(response.status).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(codeOf(await response.json())).toBe("CORS_ORIGIN_FORBIDDEN");
    });

    it("serves requests without an Origin (API clients, same-origin reads) as before", async () => {
      const response = await app.post({ query: "{ _version }" });
      expect((await response.json()).data._version).toBe("1");
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    });
  });

  describe("GraphiQL, served offline from this server", () => {
    it("serves a GraphiQL page that loads nothing from another host, and every asset it names answers 200", async () => {
      const app = await serve();
      const page = await fetch(`${app.origin}/graphql`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("YogaGraphiQL.renderYogaGraphiQL");
      expect(html).not.toMatch(/unpkg|jsdelivr|cdnjs|esm\.sh/);
      const urls = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g), ...html.matchAll(/"(\/graphiql\/[^"]+)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThanOrEqual(6); // icon, styles, script, three editor workers
      for (const url of new Set(urls)) {
        expect(url, `${url} must be on this server`).toMatch(/^\/(?!\/)/);
        const asset = await fetch(`${app.origin}${url}`);
        expect(asset.status, url).toBe(200);
        expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
      }
      expect((await fetch(`${app.origin}/graphiql/nothing.js`)).status).toBe(404);
    });

    it("serves neither the page nor its assets in production", async () => {
      const app = await serve({ NODE_ENV: "production", FOLIO_PUBLIC_URL: "https://folio.example", FOLIO_MASTER_KEY: "11".repeat(32) });
      const page = await fetch(`${app.origin}/graphql`, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("YogaGraphiQL");
      expect((await fetch(`${app.origin}/graphiql/graphiql.js`)).status).toBe(404);
    });
  });

  describe("cost counts list sizes", () => {
    // Nested connections: each `first` multiplies what it selects. graphql-armor's limit saw only inline numbers,
    // so the same query with `first` in variables cost it a few dozen and passed.
    const NESTED = `query($t: Address!, $outer: Int, $inner: Int) {
      distributions(token: $t, first: $outer) { edges { node { id status amount
        entitlements(first: $inner) { edges { node { investorId gross net claimed } } } } } } }`;

    it("refuses nested lists of 100 rows each (as variables or inline) with QUERY_TOO_COSTLY before anything runs", async () => {
      const admin = (await signIn(platform, ACTORS.admin)).headers;
      const viaVariables = await platform.gql(NESTED, { t: token, outer: 100, inner: 100 }, admin);
      expect(viaVariables.data).toBeUndefined();
      expect(codeOf(viaVariables)).toBe("QUERY_TOO_COSTLY");
      expect(viaVariables.errors?.[0].extensions).toMatchObject({ maxCost: 5000 });
      expect(Number(viaVariables.errors?.[0].extensions?.cost)).toBeGreaterThan(100_000);
      const inline = await platform.gql(NESTED.replace(", $outer: Int, $inner: Int", "").replace("first: $outer", "first: 100").replace("first: $inner", "first: 100"), { t: token }, admin);
      expect(codeOf(inline)).toBe("QUERY_TOO_COSTLY");
      expect(inline.errors?.[0].message).not.toMatch(/Syntax Error/);
    });

    it("counts an omitted first as the default page size of 20", async () => {
      const wide = `query($t: Address!) { distributions(token: $t) { edges { node { id status amount fundingTotal grossTotal netTotal
        entitlements { edges { node { investorId gross net claimed withheld recordBalance } } } } } } }`;
      const result = await platform.gql(wide, { t: token }, (await signIn(platform, ACTORS.admin)).headers);
      expect(codeOf(result)).toBe("QUERY_TOO_COSTLY");
    });

    it("accepts a reasonable nested query", async () => {
      const result = await platform.gql(NESTED, { t: token, outer: 10, inner: 10 }, (await signIn(platform, ACTORS.admin)).headers);
      expect(result.errors).toBeUndefined();
      expect(result.data.distributions.edges).toEqual([]);
    });
  });

  describe("failed sign-ins are rate-limited and audited within a budget", () => {
    const failedRows = async () =>
      Number((await platform.db.query<{ n: string }>("select count(*)::text as n from audit_log where action = 'auth.signIn' and outcome = 'failure'")).rows[0]!.n);

    it("1,000 failed sign-ins from one client write a bounded number of audit rows, and all past the burst get RATE_LIMITED", async () => {
      const app = await serve({ FOLIO_RATE_LIMIT_SIGN_IN_FAILURES: "10", FOLIO_TRUST_PROXY: "1" });
      const before = await failedRows();
      const codes = new Map<string, number>();
      let last: Response | undefined;
      for (let i = 0; i < 1000; i++) {
        last = await app.post({ query: SIGN_IN, variables: { message: "not a sign-in message", signature: "0x00" } }, { "x-forwarded-for": "203.0.113.7" });
        const code = String(codeOf(await last.json()));
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      // A burst of 10, plus the one failure a minute per 6 s that refills while the loop runs.
      const refused = codes.get("SIWE_MESSAGE_INVALID") ?? 0;
      expect(refused).toBeGreaterThanOrEqual(10);
      expect(refused).toBeLessThan(20);
      expect(codes.get("RATE_LIMITED")).toBe(1000 - refused);
      expect(codes.size).toBe(2);
      expect(last!.status).toBe(200);
      await app.services.auth.flushSignInFailures();
      expect(await failedRows()).toBe(before + refused + 1);
      const { rows } = await platform.db.query<{ details: Record<string, unknown> | string }>(
        "select details from audit_log where action = 'auth.signIn' and outcome = 'failure' order by id desc limit 1");
      const details = typeof rows[0]!.details === "string" ? JSON.parse(rows[0]!.details) : rows[0]!.details;
      expect(details).toMatchObject({ code: "AGGREGATED", count: 1000 - refused, rateLimited: 1000 - refused, clients: 1 });
      // Another client is not affected, and a good sign-in from it still works.
      const other = await app.post({ query: SIGN_IN, variables: { message: "not a sign-in message", signature: "0x00" } }, { "x-forwarded-for": "198.51.100.9" });
      expect(codeOf(await other.json())).toBe("SIWE_MESSAGE_INVALID");
    });

    it("writes at most the window's budget plus one summary row, however many clients fail", async () => {
      const entries: AuditEntry[] = [];
      let now = 0;
      const log = createSignInFailureLog({
        record: async (entry) => entries.push(entry), logger: createLogger("silent"), failuresPerMinute: 0, rowsPerWindow: 5, windowMs: 60_000, now: () => now,
      });
      for (let i = 0; i < 1000; i++) {
        await log.check(`client-${i}`);
        await log.failed(`client-${i}`, { actor: null, action: "auth.signIn", outcome: "failure", details: { code: "SIWE_SIGNATURE_INVALID" } });
      }
      expect(entries).toHaveLength(5);
      now += 60_000;
      await log.failed("late", { actor: null, action: "auth.signIn", outcome: "failure", details: { code: "SIWE_SIGNATURE_INVALID" } });
      expect(entries).toHaveLength(7); // the summary of the first window, then the late failure in a new window
      expect(entries[5]!.details).toMatchObject({ code: "AGGREGATED", count: 995, rateLimited: 0, clients: 995 });
      await log.flush();
      expect(entries).toHaveLength(7); // nothing left to summarise
    });
  });
});
