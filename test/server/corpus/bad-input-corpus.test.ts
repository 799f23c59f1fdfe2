import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { buildClientSchema, getIntrospectionQuery } from "graphql";
import { pglite, type DatabaseKind } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, grantPlatformRole, prepareRoleActors } from "../../support/roles.ts";
import { buildSiweMessage, devAccount, requestNonce, SIGN_IN, signIn } from "../../support/sign-in.ts";
import { corpusFor, MALFORMED_DOCUMENTS, malformedAddresses, REFUSED_IN_DATA, TWO_POW_256, type Variant } from "./corpus.ts";
import { recordReliabilityResult } from "../../support/reliability-results.ts";

/**
 * Every argument of every operation, sent bad values derived from its GraphQL type (corpus.ts), by a caller that holds
 * every role (dev #0: registry and token owner and artwork issuer on chain, plus every platform role in the database),
 * so a refusal comes from validation, not from the authorization gate. Each answer must be an error with a code and a
 * message, never the masked internal error, and after each field's batch every table and the chain are as before.
 * The targeted suites (kyc/bad-inputs, market/market-bad-inputs, auth/sign-in) hold the cases that need a prepared
 * state; this one is the wide net.
 */
const MASKED = "Unexpected error.";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/** Only PGlite: the net is wide, the database engine is not what it tests (the targeted suites run both). */
const onPglite = (title: string, suite: (kind: DatabaseKind) => void) => describe(`${title} (PGlite)`, () => suite(pglite));

onPglite("bad-input corpus: every argument of every operation, refused with a code, nothing changed", (kind) => {
  let platform: TestPlatform;
  let headers: Record<string, string>;
  let agent: Address;

  /**
   * Row count and a hash of every row of every table: one query, cheap enough to take around each field. The audit
   * log's failure entries are left out: the server records refused sign-ins there on purpose (auth/sign-in-failures.ts).
   */
  let fingerprintSql = "";
  const fingerprint = async () => (await platform.db.query(fingerprintSql)).rows.map((r: any) => `${r.t}:${r.n}:${r.h}`).join("\n");
  const rpc = async (method: string, params: unknown[]) =>
    (await (await fetch(platform.chain.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json()).result;
  const chainState = async () => `${await rpc("eth_blockNumber", [])}/${await rpc("eth_getTransactionCount", [agent, "pending"])}`;

  beforeAll(async () => {
    // The corpus sends dozens of refused sign-ins: with the per-client failure limit on, the valid sign-in of the
    // replay test would be refused as RATE_LIMITED (the limit has its own tests in api/http-surface.test.ts).
    platform = await startTestPlatform(kind, { FOLIO_RATE_LIMIT_SIGN_IN_FAILURES: "0" }, prepareRoleActors);
    agent = privateKeyToAccount(platform.config.agentKey.reveal()).address;
    for (const role of ["PLATFORM_ADMIN", "COMPLIANCE_OFFICER", "AUDITOR"] as const) await grantPlatformRole(platform, ACTORS.owner, role);
    headers = (await signIn(platform, ACTORS.owner)).headers;
    const tables = (await platform.db.query("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")).rows.map((r: any) => r.table_name as string);
    fingerprintSql = tables
      .map((t) => `select '${t}' as t, count(*) as n, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as h from "${t}" r${t === "audit_log" ? " where r.outcome <> 'failure'" : ""}`)
      .join(" union all ");
  }, 240_000);
  afterAll(() => platform?.close());

  it("refuses every bad argument value of every Query and Mutation field", async () => {
    const token = JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8")).tokens[0] as Address;
    // The schema as the server itself describes it (introspection is on outside production).
    const schema = buildClientSchema((await platform.gql(getIntrospectionQuery())).data);
    const corpus = corpusFor(schema, { address: token, unknownId: UNKNOWN_ID });
    const findings: string[] = [];
    let sent = 0;
    let answeredInData = 0;
    const started = Date.now();
    for (const [field, variants] of corpus) {
      const before = [await fingerprint(), await chainState()];
      // In parallel within a field: each variant is refused on its own, and none may write anything.
      const answers = await Promise.all(variants.map((v) => platform.gql(v.query, v.variables, headers)));
      sent += variants.length;
      answers.forEach((answer, i) => {
        if (!answer.errors?.length) answeredInData++;
        const problem = problemWith(answer, variants[i]!);
        if (problem) findings.push(`${field} [${variants[i]!.label}]: ${problem}`);
      });
      const after = [await fingerprint(), await chainState()];
      if (process.env.CORPUS_TRACE) console.info(field, variants.length, Date.now() - started);
      if (after[0] !== before[0]) findings.push(`${field}: the database changed (${diff(before[0]!, after[0]!)})`);
      if (after[1] !== before[1]) findings.push(`${field}: the chain changed (${before[1]} -> ${after[1]})`);
    }
    console.info(
      `bad-input corpus: ${corpus.size} fields, ${sent} variants in ${Date.now() - started} ms: ${sent - answeredInData} refused with an error, ` +
        `${answeredInData} answered "not found" or refused in data, ${findings.length} findings`,
    );
    recordReliabilityResult("badInputCorpus", { fields: corpus.size, variants: sent, refusedWithError: sent - answeredInData, refusedInData: answeredInData, accepted: findings.length });
    expect(findings).toEqual([]);
    expect(corpus.size).toBeGreaterThan(50);
  }, 300_000);

  it("refuses, with their codes, the inputs the corpus once found accepted or crashing", async () => {
    const token = JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8")).tokens[0] as Address;
    const wrongChecksum = malformedAddresses(token)["wrong checksum (mixed case)"];
    const before = [await fingerprint(), await chainState()];
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ["mistyped address granted a role", `mutation($a: Address!) { grantRole(address: $a, role: AUDITOR) }`, { a: wrongChecksum }, "BAD_USER_INPUT"],
      ["mistyped wallet link", `mutation($a: Address!) { requestWalletLink(wallet: $a) { nonce } }`, { a: wrongChecksum }, "BAD_USER_INPUT"],
      ["2^256 transfer amount", `query($t: Address!, $n: BigInt!) { transferRestriction(token: $t, from: $t, to: $t, amount: $n) { __typename } }`, { t: token, n: TWO_POW_256 }, "BAD_USER_INPUT"],
      ["NUL in an order hash", `mutation($h: String!) { cancelOrder(hash: $h) { __typename } }`, { h: "a\u0000b" }, "MARKET_ORDER_NOT_FOUND"],
      ["RTL override in a legal name", `mutation($n: String) { saveKycApplication(input: { legalName: $n }) { id } }`, { n: "\u202Egnp.exe" }, "KYC_INVALID_INPUT"],
      ["lone surrogate in a legal name", `mutation($n: String) { saveKycApplication(input: { legalName: $n }) { id } }`, { n: "Ada\uD800" }, "KYC_INVALID_INPUT"],
      ["invisible legal name", `mutation($n: String) { saveKycApplication(input: { legalName: $n }) { id } }`, { n: "\u200D\u200B\u200D" }, "KYC_INVALID_INPUT"],
    ];
    for (const [label, query, variables, code] of cases) {
      const answer = await platform.gql(query, variables, headers);
      expect(answer.errors?.[0]?.extensions?.code, `${label}: ${JSON.stringify(answer)}`.slice(0, 400)).toBe(code);
    }
    // The same address, checksummed or all lower case, is still taken.
    expect((await platform.gql(`query($a: Address!) { token(address: $a) { address } }`, { a: token.toLowerCase() }, headers)).data?.token?.address).toBe(token);
    expect([await fingerprint(), await chainState()]).toEqual(before);
  });

  it("refuses malformed documents and request bodies before anything runs", async () => {
    const before = [await fingerprint(), await chainState()];
    for (const [label, query] of Object.entries(MALFORMED_DOCUMENTS)) {
      expect(problemWith(await platform.gql(query, {}, headers)), label).toBeNull();
    }
    for (const [label, body] of [["not JSON", "{not json"], ["JSON array", "[1,2]"], ["query as a number", '{"query": 1}'], ["variables as a string", '{"query":"{ _version }","variables":"x"}']]) {
      const response = await platform.app.yoga.fetch("http://folio.test/graphql", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      expect((await response.json()).errors?.[0]?.message, label).toBeTruthy();
    }
    expect([await fingerprint(), await chainState()]).toEqual(before);
  });

  it("refuses a replayed sign-in: the same message and signature open one session, once", async () => {
    const account = devAccount(ACTORS.investor);
    const message = buildSiweMessage(platform, account, await requestNonce(platform));
    const signature = await account.signMessage({ message });
    expect((await platform.gql(SIGN_IN, { message, signature })).data?.signIn?.token).toBeTruthy();
    const before = [await fingerprint(), await chainState()];
    const replays = await Promise.all([0, 1, 2].map(() => platform.gql(SIGN_IN, { message, signature })));
    for (const replay of replays) {
      expect(replay.errors?.[0]?.extensions?.code).toBe("SIWE_NONCE_INVALID");
      expect(problemWith(replay)).toBeNull();
    }
    expect([await fingerprint(), await chainState()]).toEqual(before);
  });
});

/**
 * Null when the answer is a clean refusal: errors only, each with a code and a message, none masked as internal. A
 * lookup (a Query field) may also answer null, "no such record", and a field in REFUSED_IN_DATA its refused verdict.
 */
function problemWith(answer: { data?: unknown; errors?: any[] }, variant?: Variant): string | null {
  if (!answer.errors?.length) {
    const value = variant && (answer.data as Record<string, unknown> | undefined)?.[variant.field];
    if (variant?.root === "Query" && value === null) return null;
    const verdict = variant && REFUSED_IN_DATA[variant.field];
    if (verdict && JSON.stringify(value) === JSON.stringify(verdict.refused)) return null;
    return `accepted: ${JSON.stringify(answer.data).slice(0, 200)}`;
  }
  for (const error of answer.errors) {
    if (error.message === MASKED || error.extensions?.code === "INTERNAL_SERVER_ERROR") return `internal error: ${error.message}`;
    if (!error.message) return "an error without a message";
    if (!error.extensions?.code && !/^Variable "\$|^Syntax Error|^Cannot query|^Unknown|must|^Field|^Expected|^Int cannot|^String cannot|^Boolean cannot|^Float cannot|^ID cannot|^Enum/.test(error.message)) {
      return `an error without a code: ${error.message.slice(0, 160)}`;
    }
  }
  const data = answer.data as Record<string, unknown> | null | undefined;
  if (data && Object.values(data).some((value) => value !== null)) return `refused but answered data: ${JSON.stringify(data).slice(0, 200)}`;
  return null;
}

/** The tables whose count or hash differ between two fingerprints. */
function diff(before: string, after: string): string {
  const old = new Set(before.split("\n"));
  return after.split("\n").filter((line) => !old.has(line)).map((line) => line.split(":").slice(0, 2).join(":")).join(", ");
}

