import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Role } from "../../../server/src/auth/roles.ts";
import { buildSchema } from "../../../server/src/graphql/schema.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

/**
 * Who may call a mutation: anyone, any signed-in caller, holders of one of the roles, or wallets an artwork
 * collection authorises as issuers on chain (dev #0, the owner actor, on the local chain).
 */
type Allowed = "public" | "signedIn" | "artworkIssuer" | Role[];

const SOMEONE = devAccount(30).address;
const NO_ID = "00000000-0000-4000-8000-000000000000";
const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString("base64");
/** Filled in beforeAll with the demo token's address. */
const TOKEN: Record<string, unknown> = {};

/**
 * Every mutation of the schema, with who may call it and a call that passes input validation (so that a refusal can
 * only come from authorization). One line per mutation; a mutation missing here fails the test. Calls that end the
 * caller's session set `endsSession`, so they run last.
 */
const MUTATIONS: Record<string, { allowed: Allowed; query: string; variables?: Record<string, unknown>; endsSession?: boolean }> = {
  _noop: { allowed: "public", query: `mutation { _noop }` },
  siweNonce: { allowed: "public", query: `mutation { siweNonce }` },
  signIn: { allowed: "public", query: `mutation { signIn(message: "not a message", signature: "0x00") { token } }` },
  signOut: { allowed: "public", query: `mutation { signOut }`, endsSession: true },
  grantRole: { allowed: ["PLATFORM_ADMIN"], query: `mutation($a: Address!) { grantRole(address: $a, role: AUDITOR) }`, variables: { a: SOMEONE } },
  revokeRole: { allowed: ["PLATFORM_ADMIN"], query: `mutation($a: Address!) { revokeRole(address: $a, role: AUDITOR) }`, variables: { a: SOMEONE } },
  saveKycApplication: { allowed: "signedIn", query: `mutation { saveKycApplication(input: { category: RETAIL }) { id } }` },
  uploadKycDocument: { allowed: "signedIn", query: `mutation($b: String) { uploadKycDocument(kind: IDENTITY, base64: $b) { id } }`, variables: { b: PNG_BASE64 } },
  removeKycDocument: { allowed: "signedIn", query: `mutation($id: ID!) { removeKycDocument(id: $id) }`, variables: { id: NO_ID } },
  submitKycApplication: { allowed: "signedIn", query: `mutation { submitKycApplication { id } }` },
  requestWalletLink: { allowed: "signedIn", query: `mutation($a: Address!) { requestWalletLink(wallet: $a) { nonce } }`, variables: { a: SOMEONE } },
  linkWallet: { allowed: "signedIn", query: `mutation($a: Address!) { linkWallet(wallet: $a, nonce: "0x00", signature: "0x00") { id } }`, variables: { a: SOMEONE } },
  eraseMyKycData: { allowed: "signedIn", query: `mutation { eraseMyKycData { id } }` },
  approveKycApplication: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { approveKycApplication(id: $id, decision: { country: "DE", validityDays: 365 }) { id } }`, variables: { id: NO_ID } },
  rejectKycApplication: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { rejectKycApplication(id: $id, reason: "unreadable scan") { id } }`, variables: { id: NO_ID } },
  suspendInvestor: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { suspendInvestor(id: $id, reason: "sanctions list match") { id } }`, variables: { id: NO_ID } },
  reinstateInvestor: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { reinstateInvestor(id: $id, reason: "false positive") { id } }`, variables: { id: NO_ID } },
  saveKycRenewal: { allowed: "signedIn", query: `mutation { saveKycRenewal(input: { category: RETAIL }) { id } }` },
  submitKycRenewal: { allowed: "signedIn", query: `mutation { submitKycRenewal { id } }` },
  approveKycRenewal: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { approveKycRenewal(id: $id, decision: { country: "DE", validityDays: 365 }) { id } }`, variables: { id: NO_ID } },
  rejectKycRenewal: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { rejectKycRenewal(id: $id, reason: "expired passport") { id } }`, variables: { id: NO_ID } },
  eraseKycApplication: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($id: ID!) { eraseKycApplication(id: $id) { id } }`, variables: { id: NO_ID } },
  importInvestors: { allowed: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"], query: `mutation($c: String) { importInvestors(csv: $c) { accepted } }`, variables: { c: "wallet,country,kyc_valid_until,flags\nnot-a-wallet,DE,2100-01-01," } },
  setTokenKycPolicy: { allowed: ["TOKEN_OWNER", "TOKEN_AGENT"], query: `mutation($t: Address!) { setTokenKycPolicy(token: $t, freezeOnSuspension: false) { token } }`, variables: TOKEN },
  declareDistribution: { allowed: ["TOKEN_OWNER", "TOKEN_AGENT"], query: `mutation($t: Address!) { declareDistribution(input: { token: $t, recordBlock: 0, cashToken: $t, amount: "0", deadline: "0" }) { cashBalance } }`, variables: TOKEN },
  pushDistribution: { allowed: ["TOKEN_OWNER", "TOKEN_AGENT"], query: `mutation($id: ID!) { pushDistribution(id: $id) { requested } }`, variables: { id: NO_ID } },
  placeOrder: { allowed: "signedIn", query: `mutation($t: Address!) { placeOrder(order: { maker: "${SOMEONE}", side: BUY, token: $t, cashToken: $t, amount: "1", price: "1", nonce: "1", expiry: "1" }, signature: "0x00") { order { hash } } }`, variables: TOKEN },
  cancelOrder: { allowed: "signedIn", query: `mutation { cancelOrder(hash: "0x${"00".repeat(32)}") { order { hash } } }` },
  setMarketSettings: { allowed: ["TOKEN_OWNER", "TOKEN_AGENT"], query: `mutation($t: Address!) { setMarketSettings(token: $t, settings: { cashToken: $t, tickSize: "1", lotSize: "1", enabled: false }) { token } }`, variables: TOKEN },
  registerArtwork: { allowed: "artworkIssuer", query: `mutation($i: [File!]!) { registerArtwork(input: { artist: "A", title: "T", medium: "M", dimensions: "D", description: "d" }, images: $i) { id } }`, variables: { i: [] } },
  recordArtworkMint: { allowed: "signedIn", query: `mutation($id: ID!) { recordArtworkMint(id: $id, txHash: "0x${"ab".repeat(32)}") { id } }`, variables: { id: NO_ID } },
  recordAgentAction: { allowed: ["TOKEN_OWNER", "TOKEN_AGENT"], query: `mutation($t: Address!) { recordAgentAction(token: $t, txHash: "0x${"ab".repeat(32)}", reason: "court order") { id } }`, variables: TOKEN },
};

const DENIED = new Set(["UNAUTHENTICATED", "FORBIDDEN"]);

describeEachDatabase("authorization matrix: every mutation with every role", (kind) => {
  let platform: TestPlatform;
  /** Actor name → auth headers and the roles the server itself reports for it. */
  const actors: Record<string, { headers: Record<string, string>; roles: Set<string> }> = {};

  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    TOKEN.t = platform.app.services.tokens ? JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8")).tokens[0] : undefined;
    for (const [index, role] of [[ACTORS.compliance, "COMPLIANCE_OFFICER"], [ACTORS.auditor, "AUDITOR"]] as const) {
      await platform.db.query("insert into user_roles (address, role) values ($1, $2)", [devAccount(index).address, role]);
    }
    actors.anonymous = { headers: {}, roles: new Set() };
    for (const [name, index] of Object.entries(ACTORS)) {
      const { headers } = await signIn(platform, index);
      const me = await platform.gql(`{ me { roles { role } } }`, {}, headers);
      actors[name] = { headers, roles: new Set(me.data.me.roles.map((r: { role: string }) => r.role)) };
    }
  });
  afterAll(() => platform?.close());

  it("has an entry for every mutation in the schema, and none for mutations that are gone", () => {
    const schemaMutations = Object.keys(buildSchema().getMutationType()?.getFields() ?? {}).sort();
    expect(Object.keys(MUTATIONS).sort()).toEqual(schemaMutations);
  });

  it("covers each role with an actor that holds it", () => {
    const held = new Set(Object.values(actors).flatMap((a) => [...a.roles]));
    for (const role of ["PLATFORM_ADMIN", "COMPLIANCE_OFFICER", "AUDITOR", "KYC_AGENT", "REGISTRY_OWNER"]) expect(held).toContain(role);
    expect(actors.investor!.roles.size).toBe(0);
  });

  it("allows exactly the listed roles and refuses everyone else with UNAUTHENTICATED or FORBIDDEN", async () => {
    const entries = Object.entries(MUTATIONS).sort(([, a], [, b]) => Number(a.endsSession ?? false) - Number(b.endsSession ?? false));
    const failures: string[] = [];
    let checked = 0;
    for (const [name, { allowed, query, variables }] of entries) {
      for (const [actorName, actor] of Object.entries(actors)) {
        const result = await platform.gql(query, variables, actor.headers);
        const code: string | undefined = result.errors?.[0]?.extensions?.code;
        const expected =
          allowed === "public" ? "allowed"
          : actorName === "anonymous" ? "UNAUTHENTICATED"
          : allowed === "artworkIssuer" ? (actorName === "owner" ? "allowed" : "FORBIDDEN")
          : allowed === "signedIn" || allowed.some((role) => actor.roles.has(role)) ? "allowed"
          : "FORBIDDEN";
        const got = code && DENIED.has(code) ? code : "allowed";
        if (got !== expected) failures.push(`${name} as ${actorName}: expected ${expected}, got ${got}${code ? ` (${code})` : ""}`);
        checked += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(Object.keys(MUTATIONS).length * Object.keys(actors).length);
  });
});
