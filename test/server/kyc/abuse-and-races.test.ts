import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, http, zeroHash, type Address, type Hex } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import { APPROVE, LINK, OFFICER, REQUEST_LINK, SAVE, UPLOAD, pdf, signChallenge, startKycPlatform, submitApplication, type KycPlatform } from "./kyc-fixture.ts";

const MAX_DOC = 4096;
const MAX_APPLICATION = 8192;
const ATTACKER = 5;
const POLICY = `mutation($t: Address!, $f: Boolean!) { setTokenKycPolicy(token: $t, freezeOnSuspension: $f) { token freezeOnSuspension } }`;
const SUSPEND = `mutation($id: ID!) { suspendInvestor(id: $id, reason: "Sanctions list match") { status chainStatus } }`;
const IMPORT = `mutation($c: String) { importInvestors(csv: $c) { accepted imported batches errors { line message } } }`;

/**
 * Creation code of a contract that answers every call with `word` (32 bytes): `owner()` returns the attacker and
 * `agentPermissions(any)` every permission bit, whatever is asked.
 */
const echoContract = (word: Address): Hex => {
  const runtime = `73${word.slice(2).toLowerCase()}60005260206000f3`; // PUSH20 word, MSTORE at 0, RETURN 32 bytes
  const size = (runtime.length / 2).toString(16).padStart(2, "0");
  return `0x60${size}80600b6000396000f3${runtime}`; // CODECOPY the runtime to memory 0 and RETURN it
};

describeEachDatabase("KYC abuse limits and races: token policies, document totals, gas-sized imports, approvals", (kind) => {
  let kyc: KycPlatform;
  const code = (answer: { errors?: any[] }) => answer.errors?.[0]?.extensions?.code;
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const table of ["kyc_applications", "kyc_documents", "kyc_wallets", "kyc_data_keys", "kyc_chain_writes", "kyc_token_settings", "kyc_imports", "outbox_entries"]) {
      out[table] = (await kyc.platform.db.query(`select * from ${table} order by 1`)).rows;
    }
    return JSON.stringify(out);
  };
  const approve = (id: string) => kyc.gql(OFFICER, APPROVE, { id, d: { country: "DE", validityDays: 365 } });

  beforeAll(async () => {
    kyc = await startKycPlatform(kind, {
      FOLIO_KYC_MAX_DOCUMENT_BYTES: String(MAX_DOC), FOLIO_KYC_MAX_APPLICATION_BYTES: String(MAX_APPLICATION),
      FOLIO_KYC_MAX_TOKEN_POLICIES: "1", FOLIO_KYC_IMPORT_BATCH_SIZE: "500",
    });
  });
  afterAll(() => kyc?.close());

  it("refuses a KYC policy for a contract Folio did not issue, even one whose owner() is the caller; a suspension sends it nothing", async () => {
    const attacker = devAccount(ATTACKER);
    const wallet = createWalletClient({ account: attacker, transport: http(kyc.platform.chain.rpcUrl) });
    const hash = await wallet.sendTransaction({ data: echoContract(attacker.address), chain: null });
    const fake = (await kyc.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
    expect(await kyc.publicClient.readContract({ address: fake, abi: securityTokenAbi, functionName: "owner" })).toBe(attacker.address);
    const before = await snapshot();
    // Refused by the service whatever the caller's role, and over GraphQL either as no role or as no Folio token.
    await expect(kyc.platform.app.services.kyc.setTokenPolicy(attacker.address, fake, true)).rejects.toMatchObject({ code: "KYC_TOKEN_UNKNOWN" });
    await expect(kyc.platform.app.services.kyc.setTokenPolicy(attacker.address, fake, false)).rejects.toMatchObject({ code: "KYC_TOKEN_UNKNOWN" });
    expect(["FORBIDDEN", "KYC_TOKEN_UNKNOWN"]).toContain(code(await kyc.gql(ATTACKER, POLICY, { t: fake, f: true })));
    expect(await snapshot()).toBe(before);

    // A policy stored before these checks existed: the suspension skips it, and the write queue keeps moving.
    await kyc.platform.db.query("insert into kyc_token_settings (token, freeze_on_suspension, updated_by) values ($1, true, $2)", [fake, attacker.address]);
    const id = await submitApplication(kyc, 6);
    expect(code(await approve(id))).toBeUndefined();
    await kyc.settled(id);
    expect((await kyc.gql(OFFICER, SUSPEND, { id })).data.suspendInvestor).toEqual({ status: "SUSPENDED", chainStatus: "SUSPENDED" });
    await kyc.settled(id);
    expect(await kyc.count("outbox_entries", "lower(to_address) = lower($1)", [fake])).toBe(0);
    expect(kyc.logLines.some((l) => l.includes("kyc.tokenPolicy.skip") && l.includes(fake))).toBe(true);

    // The cap (1 here) counts that row: a policy for the real token is refused until it is gone.
    const full = await snapshot();
    expect(code(await kyc.gql(0, POLICY, { t: kyc.token, f: false }))).toBe("KYC_TOKEN_POLICIES_FULL");
    expect(await snapshot()).toBe(full);
    await kyc.platform.db.query("delete from kyc_token_settings where token = $1", [fake]);
  });

  it("accepts a freezing policy on a Folio token only once the server's key holds the freeze permission there", async () => {
    const held = await kyc.publicClient.readContract({ address: kyc.token, abi: securityTokenAbi, functionName: "agentPermissions", args: [kyc.agent] });
    if (held & 4) await kyc.ownerWrite("setAgentPermissions", [kyc.agent, held & ~4]);
    const before = await snapshot();
    const refused = await kyc.gql(0, POLICY, { t: kyc.token, f: true });
    expect(code(refused)).toBe("KYC_TOKEN_FREEZE_NOT_PERMITTED");
    expect(refused.errors![0].message).toContain(kyc.agent);
    expect(await snapshot()).toBe(before);
    // A policy that does not freeze needs no permission; at the cap, the token's own row can still change.
    expect((await kyc.gql(0, POLICY, { t: kyc.token, f: false })).data.setTokenKycPolicy.freezeOnSuspension).toBe(false);
    await kyc.ownerWrite("setAgentPermissions", [kyc.agent, held | 4]);
    expect((await kyc.gql(0, POLICY, { t: kyc.token, f: true })).data.setTokenKycPolicy.freezeOnSuspension).toBe(true);
    expect(await kyc.count("kyc_token_settings")).toBe(1);
  });

  it("caps the total size of an application's documents; a refused upload stores nothing", async () => {
    const applicant = 7;
    const doc = (marker: string) => pdf(marker.padEnd(3000, "x"));
    expect(code(await kyc.gql(applicant, SAVE, { input: { legalName: "Quota Person" } }))).toBeUndefined();
    const first = await kyc.gql(applicant, UPLOAD, { kind: "IDENTITY", base64: Buffer.from(doc("one")).toString("base64") });
    expect(code(first)).toBeUndefined();
    expect(code(await kyc.gql(applicant, UPLOAD, { kind: "PROOF_OF_ADDRESS", base64: Buffer.from(doc("two")).toString("base64") }))).toBeUndefined();
    const before = await snapshot();
    const third = await kyc.upload(applicant, UPLOAD, { kind: "ACCREDITATION" }, { bytes: doc("three"), name: "three.pdf", type: "application/pdf" });
    expect(code(third)).toBe("KYC_DOCUMENT_QUOTA_EXCEEDED");
    expect(third.errors![0].message).toContain(String(MAX_APPLICATION));
    expect(await snapshot()).toBe(before);
    // Removing one makes room again.
    expect(code(await kyc.gql(applicant, `mutation($id: ID!) { removeKycDocument(id: $id) }`, { id: first.data.uploadKycDocument.id }))).toBeUndefined();
    expect(code(await kyc.upload(applicant, UPLOAD, { kind: "ACCREDITATION" }, { bytes: doc("three"), name: "three.pdf", type: "application/pdf" }))).toBeUndefined();
  });

  it("registers a wallet linked while an approval was being decided", async () => {
    const [applicant, second] = [8, 9];
    const id = await submitApplication(kyc, applicant);
    const writes = kyc.platform.app.services.kyc.writes;
    const chainTime = writes.chainTime;
    // The approval reads chain time after its checks and before its transaction: the wallet is linked right then.
    writes.chainTime = async () => {
      writes.chainTime = chainTime;
      const challenge = (await kyc.gql(applicant, REQUEST_LINK, { w: devAccount(second).address })).data.requestWalletLink;
      const linked = await kyc.gql(applicant, LINK, { w: devAccount(second).address, n: challenge.nonce, s: await signChallenge(second, challenge.typedData) });
      expect(linked.errors).toBeUndefined();
      return chainTime();
    };
    try {
      expect(code(await approve(id))).toBeUndefined();
    } finally {
      writes.chainTime = chainTime;
    }
    await kyc.settled(id);
    const investorId = await kyc.investorOf(devAccount(applicant).address);
    expect(investorId).not.toBe(zeroHash);
    expect(await kyc.investorOf(devAccount(second).address)).toBe(investorId);
    expect(await kyc.isVerified(devAccount(second).address)).toBe(true);
  });

  it("says an application is already approved when it is approved twice, and changes nothing", async () => {
    const id = await submitApplication(kyc, 12);
    expect(code(await approve(id))).toBeUndefined();
    await kyc.settled(id);
    const before = JSON.parse(await snapshot());
    const again = await approve(id);
    expect(code(again)).toBe("KYC_ALREADY_APPROVED");
    expect(again.errors![0].message).toBe("The application is already approved");
    expect(JSON.parse(await snapshot())).toEqual(before);
  });

  it("imports 500 investors with a 500-row batch setting on a 30M-gas chain: batches sized by gas all confirm", async () => {
    const wallets = Array.from({ length: 500 }, () => privateKeyToAccount(generatePrivateKey()).address);
    const csv = ["wallet,country,kyc_valid_until,flags", ...wallets.map((w) => `${w},DE,2099-12-31,accredited`)].join("\n");
    const result = (await kyc.gql(OFFICER, IMPORT, { c: csv })).data.importInvestors;
    expect(result).toMatchObject({ accepted: true, imported: 500, errors: [] });
    expect(result.batches).toBeGreaterThan(1);
    const { rows: [imported] } = await kyc.platform.db.query<{ id: string }>("select id from kyc_imports order by created_at desc limit 1");
    const entries = () => kyc.platform.db.query<{ status: string; gas_used: string | null; gas_limit: string | null }>(
      "select status, gas_used::text as gas_used, gas_limit::text as gas_limit from outbox_entries where idempotency_key like $1 order by id", [`kyc:import:${imported!.id}:%`]);
    for (let i = 0; i < 600 && (await entries()).rows.some((r) => r.status !== "confirmed" && r.status !== "failed"); i++) await new Promise((r) => setTimeout(r, 100));
    const { rows } = await entries();
    expect(rows.map((r) => r.status)).toEqual(Array(result.batches).fill("confirmed"));
    const gasLimit = (await kyc.publicClient.getBlock()).gasLimit;
    for (const row of rows) expect(BigInt(row.gas_limit!)).toBeLessThanOrEqual(gasLimit);
    const gasUsed = rows.reduce((sum, r) => sum + BigInt(r.gas_used!), 0n);
    console.info(`500-investor import: ${result.batches} batches, ${gasUsed / 500n} gas per investor, largest batch ${rows.map((r) => Number(r.gas_used)).sort((a, b) => b - a)[0]} gas (block limit ${gasLimit})`);
    for (const w of [wallets[0]!, wallets[250]!, wallets[499]!]) expect(await kyc.isVerified(w)).toBe(true);
  });
});
