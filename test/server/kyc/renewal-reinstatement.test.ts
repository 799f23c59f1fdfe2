import { afterAll, beforeAll, expect, it } from "vitest";
import { zeroHash, type Hex } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import {
  ADMIN, APPROVE, LINK, OFFICER, REQUEST_LINK, UPLOAD, pdf, signChallenge, startKycPlatform, submitApplication, type KycPlatform,
} from "./kyc-fixture.ts";

// Dev accounts of this suite: investors, a second wallet each for A and D, and applications in odd states.
const A = 5, A2 = 6, B = 7, C = 8, D = 9, D2 = 12, E = 13, F = 14, G = 15;
const addr = (i: number) => devAccount(i).address;

const RENEWAL = `renewal { id status rejectionReason kycValidUntil country flags { qualified } personalData { legalName } documents { kind } }`;
const MINE = `{ myApplication { id status wallets investorId country kycValidUntil chainStatus expiringSoon onChainStatus ${RENEWAL} } }`;
const SAVE_RENEWAL = `mutation($input: KycApplicationInput!) { saveKycRenewal(input: $input) { id status renewal { id status } } }`;
const SUBMIT_RENEWAL = `mutation { submitKycRenewal { id renewal { status } } }`;
const APPROVE_RENEWAL = `mutation($id: ID!, $d: KycDecisionInput!) { approveKycRenewal(id: $id, decision: $d) { id status chainStatus kycValidUntil expiringSoon onChainStatus } }`;
const REJECT_RENEWAL = `mutation($id: ID!, $r: String!) { rejectKycRenewal(id: $id, reason: $r) { id status chainStatus renewal { status rejectionReason } } }`;
const SUSPEND = `mutation($id: ID!, $r: String!) { suspendInvestor(id: $id, reason: $r) { status chainStatus } }`;
const REINSTATE = `mutation($id: ID!, $r: String!) { reinstateInvestor(id: $id, reason: $r) { status chainStatus suspensionReason } }`;

/** Renewal data that must never reach logs, audit rows, the outbox or the chain. */
const NEW_ADDRESS = { line1: "88 Renewal Boulevard Xylophone", city: "Vintervik", postalCode: "99881" };
const REASONS = ["Passport scan unreadable Qwertyuiop", "Sanctions match Zanzibar-Ovelgoenne", "Cleared after review Mnbvcxz"];

/** A decision with every category spelled out (the decision input's defaults are not relied on). */
const decide = (country: string, validityDays: number, categories: Record<string, boolean> = {}) =>
  ({ country, validityDays, accredited: false, qualified: false, usPerson: false, institution: false, ...categories });

const TABLES = ["kyc_applications", "kyc_documents", "kyc_wallets", "kyc_data_keys", "kyc_chain_writes", "kyc_renewals", "kyc_suspensions", "kyc_suspension_freezes", "outbox_entries"];

describeEachDatabase("KYC renewal and reinstatement after suspension", (kind) => {
  let kyc: KycPlatform;
  const ids: Record<number, string> = {};
  const investorIds: Record<number, Hex> = {};
  const code = (answer: { errors?: any[] }) => answer.errors?.[0]?.extensions?.code;

  /** Every KYC table and the outbox, ordered: a refused call must leave them as they were. */
  async function dbSnapshot() {
    const out: Record<string, unknown> = {};
    for (const table of TABLES) out[table] = (await kyc.platform.db.query(`select * from ${table} order by 1, 2`)).rows;
    return JSON.stringify(out);
  }
  /** The registry records, verification and freezes of every wallet of this suite. */
  async function chainSnapshot() {
    const out: unknown[] = [];
    for (const i of [A, A2, B, C, D, D2, E, F, G, OFFICER]) {
      const investorId = await kyc.investorOf(addr(i));
      const record = investorId === zeroHash ? null : await kyc.registryInvestor(investorId);
      out.push([i, investorId, record, await kyc.isVerified(addr(i)), await kyc.isFrozen(addr(i))]);
    }
    return JSON.stringify(out, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  }

  async function approve(index: number, validityDays: number, by = OFFICER) {
    ids[index] = await submitApplication(kyc, index);
    const approved = await kyc.gql(by, APPROVE, { id: ids[index], d: decide("DE", validityDays) });
    expect(approved.errors).toBeUndefined();
    investorIds[index] = approved.data.approveKycApplication.investorId;
  }
  async function link(index: number, wallet: number) {
    const challenge = (await kyc.gql(index, REQUEST_LINK, { w: addr(wallet) })).data.requestWalletLink;
    const linked = await kyc.gql(index, LINK, { w: addr(wallet), n: challenge.nonce, s: await signChallenge(wallet, challenge.typedData) });
    expect(linked.errors).toBeUndefined();
  }
  /** The investor sends a renewal: changed address, one fresh document. */
  async function renew(index: number) {
    const saved = await kyc.gql(index, SAVE_RENEWAL, { input: { address: NEW_ADDRESS } });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveKycRenewal).toMatchObject({ status: "APPROVED", renewal: { status: "DRAFT" } });
    expect((await kyc.gql(index, UPLOAD, { kind: "PROOF_OF_ADDRESS", base64: Buffer.from(pdf("renewed proof")).toString("base64") })).errors).toBeUndefined();
    const submitted = await kyc.gql(index, SUBMIT_RENEWAL);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitKycRenewal.renewal.status).toBe("SUBMITTED");
  }
  const mine = async (index: number) => (await kyc.gql(index, MINE)).data.myApplication;
  const chainActions = async (index: number) => (await kyc.platform.app.services.kyc.chainWrites(ids[index]!)).map((w) => w.action);

  beforeAll(async () => {
    kyc = await startKycPlatform(kind);
  });
  afterAll(() => kyc?.close());

  it("sets up approved investors (A and D with two wallets), an erased one and a never-approved one", async () => {
    await approve(A, 10);
    await approve(B, 20);
    await approve(C, 100);
    await approve(D, 100);
    await approve(G, 15);
    await approve(OFFICER, 100, ADMIN);
    await approve(F, 100);
    await link(A, A2);
    await link(D, D2);
    ids[E] = await submitApplication(kyc, E);
    for (const i of [A, B, C, D, G, OFFICER, F]) await kyc.settled(ids[i]!);
    expect((await kyc.gql(F, `mutation { eraseMyKycData { status } }`)).data.eraseMyKycData.status).toBe("ERASED");
    await kyc.settled(ids[F]!);
    expect(await kyc.isVerified(addr(A2))).toBe(true);
    expect(await kyc.isVerified(addr(D2))).toBe(true);
  });

  it("renews before expiry: the registry record gets the new expiry, country and categories; expiringSoon clears", async () => {
    expect((await kyc.platform.app.kycJob.runOnce()).flagged).toBeGreaterThanOrEqual(2);
    const before = await mine(B);
    expect(before.expiringSoon).toBe(true);
    const oldRecord = await kyc.registryInvestor(investorIds[B]!);
    expect(oldRecord.kycValidUntil).toBe(Number(before.kycValidUntil));

    await renew(B);
    // While the renewal is open, the record is unchanged and its documents are the renewal's.
    const pending = await mine(B);
    expect(pending.renewal).toMatchObject({ status: "SUBMITTED", documents: [{ kind: "PROOF_OF_ADDRESS" }] });
    const queue = await kyc.gql(OFFICER, `{ kycRenewals { edges { node { id renewal { status personalData { legalName } } } } } }`);
    expect(queue.data.kycRenewals.edges.map((e: any) => e.node.id)).toEqual([ids[B]]);
    expect(await kyc.count("audit_log", "action = 'kyc.renewal.open' and target = $1", [ids[B]])).toBe(1);

    const approved = await kyc.gql(OFFICER, APPROVE_RENEWAL, { id: ids[B], d: decide("FR", 400, { qualified: true }) });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveKycRenewal).toMatchObject({ status: "APPROVED", chainStatus: "ACTIVE", expiringSoon: false, onChainStatus: "PENDING" });
    await kyc.settled(ids[B]!);
    const after = await mine(B);
    expect(BigInt(after.kycValidUntil)).toBeGreaterThan(BigInt(before.kycValidUntil) + 300n * 86_400n);
    expect(after).toMatchObject({ investorId: investorIds[B], country: 250, onChainStatus: "CONFIRMED", renewal: { status: "APPROVED", country: 250, flags: { qualified: true } } });
    expect(await kyc.registryInvestor(investorIds[B]!)).toMatchObject({ kycValidUntil: Number(after.kycValidUntil), country: 250, flags: 2, status: 1, walletCount: 1 });
    expect(await kyc.isVerified(addr(B))).toBe(true);
    // Active all along: only updateInvestor was sent, no status change.
    expect(await chainActions(B)).toEqual(["registerInvestor", "updateInvestor"]);
    expect(await kyc.platform.app.kycJob.runOnce()).toMatchObject({ expired: 0 });
    expect((await mine(B)).expiringSoon).toBe(false);
  });

  it("renews after expiry: liquidate-only becomes active again, isVerified for both wallets, same investor id", async () => {
    await kyc.increaseTime(11 * 86_400);
    expect(await kyc.platform.app.kycJob.runOnce()).toMatchObject({ expired: 1 });
    await kyc.settled(ids[A]!);
    expect((await kyc.registryInvestor(investorIds[A]!)).status).toBe(2);
    expect(await kyc.isVerified(addr(A))).toBe(false);

    await renew(A);
    const approved = await kyc.gql(ADMIN, APPROVE_RENEWAL, { id: ids[A], d: decide("DE", 365) });
    expect(approved.data.approveKycRenewal).toMatchObject({ status: "APPROVED", chainStatus: "ACTIVE", expiringSoon: false });
    await kyc.settled(ids[A]!);
    for (const wallet of [A, A2]) {
      expect(await kyc.isVerified(addr(wallet))).toBe(true);
      expect(await kyc.investorOf(addr(wallet))).toBe(investorIds[A]);
    }
    const application = await mine(A);
    expect(application).toMatchObject({ chainStatus: "ACTIVE", investorId: investorIds[A], wallets: [addr(A), addr(A2)], onChainStatus: "CONFIRMED" });
    expect(await kyc.registryInvestor(investorIds[A]!)).toMatchObject({ status: 1, walletCount: 2, kycValidUntil: Number(application.kycValidUntil) });
    expect((await chainActions(A)).slice(-2)).toEqual(["updateInvestor", "setInvestorStatus:active"]);
    // The renewed data is now the record's; the record lists the renewal's document.
    const officerView = await kyc.gql(OFFICER, `query($id: ID!) { kycApplication(id: $id) { personalData { address { city } } documents { kind } } }`, { id: ids[A] });
    expect(officerView.data.kycApplication.personalData.address.city).toBe(NEW_ADDRESS.city);
    expect(officerView.data.kycApplication.documents.map((d: any) => d.kind)).toEqual(["IDENTITY", "PROOF_OF_ADDRESS"]);
    expect(await kyc.platform.app.kycJob.runOnce()).toMatchObject({ expired: 0 });
  });

  it("rejects a renewal without touching the chain: the current record stays and simply runs out", async () => {
    await renew(C);
    const chainBefore = await chainSnapshot();
    const application = (await kyc.platform.db.query("select * from kyc_applications where id = $1", [ids[C]])).rows;
    const entries = await kyc.count("outbox_entries");
    const rejected = await kyc.gql(OFFICER, REJECT_RENEWAL, { id: ids[C], r: REASONS[0] });
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data.rejectKycRenewal).toMatchObject({ status: "APPROVED", chainStatus: "ACTIVE", renewal: { status: "REJECTED", rejectionReason: REASONS[0] } });
    expect(await kyc.count("outbox_entries")).toBe(entries);
    expect((await kyc.platform.db.query("select * from kyc_applications where id = $1", [ids[C]])).rows).toEqual(application);
    await kyc.settled(ids[C]!);
    expect(await chainSnapshot()).toBe(chainBefore);
    expect((await mine(C)).renewal).toMatchObject({ status: "REJECTED", rejectionReason: REASONS[0] });
    // The investor may correct it: it is a draft again.
    expect((await kyc.gql(C, SAVE_RENEWAL, { input: { legalName: "Corrected Name" } })).data.saveKycRenewal.renewal.status).toBe("DRAFT");
  });

  it("reinstates a suspended investor, unfreezing exactly the wallets the suspension froze", async () => {
    await kyc.ownerWrite("setAgentPermissions", [kyc.agent, 4]);
    expect((await kyc.gql(0, `mutation($t: Address!) { setTokenKycPolicy(token: $t, freezeOnSuspension: true) { freezeOnSuspension } }`, { t: kyc.token })).errors).toBeUndefined();
    // An agent of the token froze D's second wallet for a reason of its own.
    const held = await kyc.publicClient.readContract({ address: kyc.token, abi: securityTokenAbi, functionName: "agentPermissions", args: [addr(0)] });
    await kyc.ownerWrite("setAgentPermissions", [addr(0), held | 4]);
    await kyc.ownerWrite("setAddressFrozen", [addr(D2), true]);

    expect((await kyc.gql(OFFICER, SUSPEND, { id: ids[D], r: REASONS[1] })).data.suspendInvestor).toEqual({ status: "SUSPENDED", chainStatus: "SUSPENDED" });
    await kyc.settled(ids[D]!);
    expect((await kyc.registryInvestor(investorIds[D]!)).status).toBe(3);
    expect([await kyc.isFrozen(addr(D)), await kyc.isFrozen(addr(D2))]).toEqual([true, true]);
    const recorded = await kyc.platform.db.query<{ wallet: string; token: string }>(
      "select f.wallet, f.token from kyc_suspension_freezes f join kyc_suspensions s on s.id = f.suspension_id where s.application_id = $1", [ids[D]],
    );
    expect(recorded.rows).toEqual([{ wallet: addr(D), token: kyc.token }]);

    const reinstated = await kyc.gql(OFFICER, REINSTATE, { id: ids[D], r: REASONS[2] });
    expect(reinstated.errors).toBeUndefined();
    expect(reinstated.data.reinstateInvestor).toEqual({ status: "APPROVED", chainStatus: "ACTIVE", suspensionReason: null });
    await kyc.settled(ids[D]!);
    expect((await kyc.registryInvestor(investorIds[D]!)).status).toBe(1);
    expect(await kyc.isFrozen(addr(D))).toBe(false);
    expect(await kyc.isFrozen(addr(D2))).toBe(true);
    expect(await kyc.isVerified(addr(D))).toBe(true);
    expect((await chainActions(D)).slice(-4)).toEqual(["setInvestorStatus:suspended", "freezeWallets", "setInvestorStatus:active", "unfreezeWallets"]);
    const { rows } = await kyc.platform.db.query<{ details: unknown }>("select details from audit_log where action = 'kyc.reinstate' and target = $1 and outcome = 'success'", [ids[D]]);
    expect(rows.map((r) => (typeof r.details === "string" ? JSON.parse(r.details) : r.details))).toEqual([expect.objectContaining({ chainStatus: "active", unfrozenWallets: 1, tokens: 1 })]);
    // A second suspension has its own idempotency keys: it is sent again, and lifted again.
    expect((await kyc.gql(OFFICER, SUSPEND, { id: ids[D], r: "again" })).data.suspendInvestor.chainStatus).toBe("SUSPENDED");
    await kyc.settled(ids[D]!);
    expect((await kyc.registryInvestor(investorIds[D]!)).status).toBe(3);
    expect((await kyc.gql(ADMIN, REINSTATE, { id: ids[D], r: "cleared again" })).data.reinstateInvestor.chainStatus).toBe("ACTIVE");
    await kyc.settled(ids[D]!);
    expect((await kyc.registryInvestor(investorIds[D]!)).status).toBe(1);
    expect([await kyc.isFrozen(addr(D)), await kyc.isFrozen(addr(D2))]).toEqual([false, true]);
  });

  it("reinstates to liquidate-only when KYC ran out during the suspension", async () => {
    expect((await kyc.gql(OFFICER, SUSPEND, { id: ids[G], r: "under review" })).errors).toBeUndefined();
    await kyc.settled(ids[G]!);
    await kyc.increaseTime(5 * 86_400);
    const reinstated = await kyc.gql(OFFICER, REINSTATE, { id: ids[G], r: "review closed" });
    expect(reinstated.data.reinstateInvestor).toMatchObject({ status: "APPROVED", chainStatus: "LIQUIDATE_ONLY" });
    await kyc.settled(ids[G]!);
    expect((await kyc.registryInvestor(investorIds[G]!)).status).toBe(2);
    expect(await kyc.isFrozen(addr(G))).toBe(false);
    expect(await kyc.isVerified(addr(G))).toBe(false);
  });

  it("refuses bad renewals and reinstatements with a clear error, changing neither the database nor the chain", async () => {
    // Prepared first: the officer's own submitted renewal, the officer and C suspended.
    await renew(OFFICER);
    expect((await kyc.gql(ADMIN, SUSPEND, { id: ids[OFFICER], r: "officer under review" })).errors).toBeUndefined();
    expect((await kyc.gql(OFFICER, SUSPEND, { id: ids[C], r: "investor under review" })).errors).toBeUndefined();
    for (const i of [OFFICER, C]) await kyc.settled(ids[i]!);
    const dbBefore = await dbSnapshot();
    const chainBefore = await chainSnapshot();
    const failuresBefore = await kyc.count("audit_log", "outcome = 'failure'");
    const decision = decide("DE", 365);

    const cases: [string, number | null, string, Record<string, unknown>, string][] = [
      // renewal of an erased application, and of one never approved
      ["erased: save", F, SAVE_RENEWAL, { input: { legalName: "X" } }, "KYC_INVALID_STATE"],
      ["erased: approve", OFFICER, APPROVE_RENEWAL, { id: ids[F], d: decision }, "KYC_INVALID_STATE"],
      ["never approved: save", E, SAVE_RENEWAL, { input: { legalName: "X" } }, "KYC_INVALID_STATE"],
      ["never approved: submit", E, SUBMIT_RENEWAL, {}, "KYC_INVALID_STATE"],
      ["never approved: approve", OFFICER, APPROVE_RENEWAL, { id: ids[E], d: decision }, "KYC_INVALID_STATE"],
      ["suspended: save", C, SAVE_RENEWAL, { input: { legalName: "X" } }, "KYC_INVALID_STATE"],
      ["no renewal: approve", OFFICER, APPROVE_RENEWAL, { id: ids[D], d: decision }, "KYC_RENEWAL_NOT_FOUND"],
      ["no renewal: reject", OFFICER, REJECT_RENEWAL, { id: ids[B], r: "no" }, "KYC_RENEWAL_NOT_FOUND"],
      ["no renewal: submit", D, SUBMIT_RENEWAL, {}, "KYC_RENEWAL_NOT_FOUND"],
      ["bad decision", ADMIN, APPROVE_RENEWAL, { id: ids[OFFICER], d: decide("ZZ", 365) }, "KYC_COUNTRY_UNKNOWN"],
      ["bad validity", ADMIN, APPROVE_RENEWAL, { id: ids[OFFICER], d: decide("DE", 0) }, "KYC_INVALID_INPUT"],
      // reinstating someone not suspended, unknown ids, empty reasons
      ["not suspended", OFFICER, REINSTATE, { id: ids[B], r: "no" }, "KYC_INVALID_STATE"],
      ["never approved: reinstate", OFFICER, REINSTATE, { id: ids[E], r: "no" }, "KYC_INVALID_STATE"],
      ["unknown id", OFFICER, REINSTATE, { id: "00000000-0000-4000-8000-000000000000", r: "no" }, "KYC_APPLICATION_NOT_FOUND"],
      ["empty reason", OFFICER, REINSTATE, { id: ids[C], r: "  " }, "KYC_INVALID_INPUT"],
      // an officer deciding on their own renewal or suspension
      ["self renewal approve", OFFICER, APPROVE_RENEWAL, { id: ids[OFFICER], d: decision }, "KYC_SELF_DECISION"],
      ["self renewal reject", OFFICER, REJECT_RENEWAL, { id: ids[OFFICER], r: "no" }, "KYC_SELF_DECISION"],
      ["self reinstate", OFFICER, REINSTATE, { id: ids[OFFICER], r: "I am fine" }, "KYC_SELF_DECISION"],
      // non-officers, the suspended investor themself included
      ["investor reinstates themself", C, REINSTATE, { id: ids[C], r: "please" }, "FORBIDDEN"],
      ["investor approves a renewal", B, APPROVE_RENEWAL, { id: ids[OFFICER], d: decision }, "FORBIDDEN"],
      ["investor rejects a renewal", B, REJECT_RENEWAL, { id: ids[OFFICER], r: "no" }, "FORBIDDEN"],
      ["anonymous reinstate", null, REINSTATE, { id: ids[C], r: "no" }, "UNAUTHENTICATED"],
      ["anonymous renewal", null, SAVE_RENEWAL, { input: { legalName: "X" } }, "UNAUTHENTICATED"],
    ];
    for (const [label, who, query, variables, expected] of cases) {
      const answer = await kyc.gql(who, query, variables);
      expect(code(answer), label).toBe(expected);
      expect(answer.errors![0].message.length, label).toBeGreaterThan(10);
    }
    expect(await dbSnapshot()).toBe(dbBefore);
    expect(await chainSnapshot()).toBe(chainBefore);
    // Officers' refusals are on record (by code), without any data.
    const failures = await kyc.platform.db.query<{ action: string; details: unknown }>("select action, details from audit_log where outcome = 'failure' order by id");
    expect(failures.rows.length - failuresBefore).toBe(cases.filter(([, who, query]) => [OFFICER, ADMIN].includes(who as number) && query !== SAVE_RENEWAL).length);
    expect(failures.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["kyc.reinstate", "kyc.renewal.approve", "kyc.renewal.reject"]));
  });

  it("keeps renewal data and decision reasons out of logs, audit rows, the outbox and the chain", async () => {
    const head = await kyc.publicClient.getBlockNumber();
    const chainLogs = await kyc.publicClient.request({ method: "eth_getLogs", params: [{ fromBlock: "0x0", toBlock: `0x${head.toString(16)}` }] });
    const haystacks = {
      logs: kyc.logLines.join(""),
      audit: JSON.stringify((await kyc.platform.db.query("select * from audit_log")).rows),
      outbox: JSON.stringify((await kyc.platform.db.query("select * from outbox_entries")).rows),
      renewals: JSON.stringify((await kyc.platform.db.query("select * from kyc_renewals")).rows),
      suspensions: JSON.stringify((await kyc.platform.db.query("select * from kyc_suspensions")).rows),
      chain: JSON.stringify(chainLogs),
    };
    for (const needle of [NEW_ADDRESS.line1, "Xylophone", NEW_ADDRESS.city, ...REASONS]) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(needle), `${needle} in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(needle).toString("hex")), `${needle} (hex) in ${where}`).toBe(false);
      }
    }
  });
});
