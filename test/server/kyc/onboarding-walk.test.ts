import { afterAll, beforeAll, expect, it } from "vitest";
import { toHex, type Hex } from "viem";
import { requireVerifiedInvestor } from "../../../server/src/auth/require-verified.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import {
  APPROVE, LINK, MINE, OFFICER, REQUEST_LINK, SAVE, SUBMIT, UPLOAD, png, pdf, signChallenge, startKycPlatform, type KycPlatform,
} from "./kyc-fixture.ts";

const INVESTOR = 5;
const SECOND_WALLET = 6;
const STRANGER = 7;

/** Distinctive personal data: none of it may appear in logs, audit rows, chain data or answers to other people. */
const PII = {
  legalName: "Zebulon Quixotic-Marchetti",
  dateOfBirth: "1981-07-23",
  address: { line1: "17 Rue des Papillons Etoiles", city: "Quimperle-sur-Mer", postalCode: "29377" },
  countryOfResidence: "FR", nationality: "FR", taxResidence: "FR", category: "ACCREDITED", usPerson: false,
};
const DOCUMENT_MARKER = "PASSPORT-ZQM-77319";
const NEEDLES = [PII.legalName, "Quixotic", PII.dateOfBirth, "1981-07-23", PII.address.line1, "Papillons", PII.address.city, DOCUMENT_MARKER];

describeEachDatabase("KYC onboarding: sign-in to verified investor, expiry and erasure", (kind) => {
  let kyc: KycPlatform;
  /** Every answer given to someone who may not read the application. */
  const strangerAnswers: unknown[] = [];
  let applicationId: string;
  let investorId: Hex;

  const investor = devAccount(INVESTOR).address;
  const second = devAccount(SECOND_WALLET).address;
  const verifiedCtx = (address: `0x${string}`) => ({ viewer: { address, sessionTokenHash: "", roles: async () => [] }, services: kyc.platform.app.services });

  beforeAll(async () => {
    kyc = await startKycPlatform(kind);
  });
  afterAll(() => kyc?.close());

  it("lets a signed-in investor save, document and submit an application, with documents checked by their bytes", async () => {
    const saved = await kyc.gql(INVESTOR, SAVE, { input: { legalName: PII.legalName, dateOfBirth: PII.dateOfBirth } });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveKycApplication.status).toBe("DRAFT");
    applicationId = saved.data.saveKycApplication.id;
    // Corrected and completed in a second save: the fields merge.
    const { legalName: _, dateOfBirth: __, ...rest } = PII;
    expect((await kyc.gql(INVESTOR, SAVE, { input: rest })).errors).toBeUndefined();

    const identity = await kyc.upload(INVESTOR, UPLOAD, { kind: "IDENTITY" }, { bytes: pdf(DOCUMENT_MARKER), name: `${PII.legalName}.pdf`, type: "application/pdf" });
    expect(identity.errors).toBeUndefined();
    expect(identity.data.uploadKycDocument).toMatchObject({ kind: "IDENTITY", contentType: "application/pdf" });
    const evidence = await kyc.gql(INVESTOR, UPLOAD, { kind: "ACCREDITATION", base64: Buffer.from(png()).toString("base64") });
    expect(evidence.data.uploadKycDocument).toMatchObject({ kind: "ACCREDITATION", contentType: "image/png" });

    // Stored encrypted: the database holds no plaintext of the data or the document.
    const { rows } = await kyc.platform.db.query<{ personal_data: string }>("select personal_data from kyc_applications where id = $1", [applicationId]);
    expect(rows[0]!.personal_data).toMatch(/^v1\./);
    const docs = await kyc.platform.db.query<{ content: string }>("select content from kyc_documents where application_id = $1", [applicationId]);
    for (const d of docs.rows) expect(Buffer.from(d.content.slice(3), "base64").toString("latin1")).not.toContain(DOCUMENT_MARKER);

    const submitted = await kyc.gql(INVESTOR, SUBMIT);
    expect(submitted.data.submitKycApplication).toEqual({ id: applicationId, status: "SUBMITTED" });
    const mine = await kyc.gql(INVESTOR, MINE);
    expect(mine.data.myApplication.personalData).toEqual({ legalName: PII.legalName, dateOfBirth: PII.dateOfBirth, countryOfResidence: "FR" });
    await expect(requireVerifiedInvestor(verifiedCtx(investor))).rejects.toMatchObject({ code: "INVESTOR_NOT_VERIFIED" });
  });

  it("refuses strangers and shows compliance officers the queue, logging who opened the application", async () => {
    for (const [who, query, variables] of [
      [null, MINE, {}],
      [STRANGER, `query($id: ID!) { kycApplication(id: $id) { personalData { legalName } } }`, { id: applicationId }],
      [STRANGER, `{ kycApplications { edges { node { id personalData { legalName } } } } }`, {}],
      [null, `{ kycApplications { edges { node { id } } } }`, {}],
    ] as const) {
      const answer = await kyc.gql(who, query, variables);
      strangerAnswers.push(answer);
      expect(answer.errors?.[0].extensions.code).toBe(who === null ? "UNAUTHENTICATED" : "FORBIDDEN");
    }
    const strangerMine = await kyc.gql(STRANGER, MINE);
    strangerAnswers.push(strangerMine);
    expect(strangerMine.data.myApplication).toBeNull();

    const queue = await kyc.gql(OFFICER, `{ kycApplications(first: 10) { edges { node { id status } } pageInfo { hasNextPage } } }`);
    expect(queue.data.kycApplications.edges.map((e: any) => e.node)).toEqual([{ id: applicationId, status: "SUBMITTED" }]);
    const before = await kyc.count("audit_log", "action = 'kyc.application.open'");
    const opened = await kyc.gql(OFFICER, `query($id: ID!) { kycApplication(id: $id) { personalData { legalName address { city } } documents { kind } } }`, { id: applicationId });
    expect(opened.data.kycApplication.personalData).toEqual({ legalName: PII.legalName, address: { city: PII.address.city } });
    const { rows } = await kyc.platform.db.query<{ actor: string; target: string }>("select actor, target from audit_log where action = 'kyc.application.open' order by id desc limit 1");
    expect(await kyc.count("audit_log", "action = 'kyc.application.open'")).toBe(before + 1);
    expect(rows[0]).toEqual({ actor: devAccount(OFFICER).address, target: applicationId });
  });

  it("approves: a random investor id is registered on chain through the outbox and the investor sees it", async () => {
    const approved = await kyc.gql(OFFICER, APPROVE, { id: applicationId, d: { country: "FR", accredited: true, validityDays: 20 } });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveKycApplication).toMatchObject({ status: "APPROVED", onChainStatus: "PENDING" });
    investorId = approved.data.approveKycApplication.investorId;
    expect(investorId).toMatch(/^0x[0-9a-f]{64}$/);
    await kyc.settled(applicationId);

    expect(await kyc.isVerified(investor)).toBe(true);
    expect(await kyc.investorOf(investor)).toBe(investorId);
    expect(await kyc.registryInvestor(investorId)).toMatchObject({ country: 250, flags: 1, status: 1, walletCount: 1 });
    const mine = (await kyc.gql(INVESTOR, MINE)).data.myApplication;
    expect(mine).toMatchObject({ status: "APPROVED", onChainStatus: "CONFIRMED", chainStatus: "ACTIVE", investorId, country: 250 });
    await expect(requireVerifiedInvestor(verifiedCtx(investor))).resolves.toMatchObject({ address: investor });
  });

  it("links a second wallet signed with EIP-712; a replayed signature fails and changes nothing", async () => {
    const challenge = (await kyc.gql(INVESTOR, REQUEST_LINK, { w: second })).data.requestWalletLink;
    const signature = await signChallenge(SECOND_WALLET, challenge.typedData);
    const linked = await kyc.gql(INVESTOR, LINK, { w: second, n: challenge.nonce, s: signature });
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkWallet.wallets).toEqual([investor, second]);
    await kyc.settled(applicationId);
    expect(await kyc.investorOf(second)).toBe(investorId);
    expect(await kyc.isVerified(second)).toBe(true);

    const writes = await kyc.count("kyc_chain_writes");
    const replay = await kyc.gql(INVESTOR, LINK, { w: second, n: challenge.nonce, s: signature });
    expect(replay.errors?.[0].extensions.code).toBe("KYC_LINK_CHALLENGE_INVALID");
    expect(await kyc.count("kyc_chain_writes")).toBe(writes);
    expect(await kyc.count("kyc_wallets", "application_id = $1", [applicationId])).toBe(2);
    // Signed in with the second wallet, the investor sees the same application.
    expect((await kyc.gql(SECOND_WALLET, MINE)).data.myApplication.id).toBe(applicationId);
  });

  it("lets the issuer mint to the verified investor", async () => {
    await kyc.ownerWrite("mint", [second, 250n * 10n ** 18n]);
    expect(await kyc.balanceOf(second)).toBe(250n * 10n ** 18n);
  });

  it("reminds the investor before expiry, and moves them to liquidate-only on chain once KYC has run out", async () => {
    expect(await kyc.platform.app.kycJob.runOnce()).toEqual({ flagged: 1, expired: 0 });
    expect((await kyc.gql(INVESTOR, MINE)).data.myApplication.expiringSoon).toBe(true);

    await kyc.increaseTime(21 * 86_400);
    expect(await kyc.isVerified(investor)).toBe(false); // the registry compares with chain time by itself
    expect(await kyc.platform.app.kycJob.runOnce()).toMatchObject({ expired: 1 });
    await kyc.settled(applicationId);
    expect((await kyc.registryInvestor(investorId)).status).toBe(2);
    const mine = (await kyc.gql(INVESTOR, MINE)).data.myApplication;
    expect(mine).toMatchObject({ chainStatus: "LIQUIDATE_ONLY", expiringSoon: false, onChainStatus: "CONFIRMED" });
    await expect(requireVerifiedInvestor(verifiedCtx(second))).rejects.toMatchObject({ code: "INVESTOR_NOT_VERIFIED" });
    // Running again changes nothing and sends nothing.
    const entries = await kyc.count("outbox_entries");
    expect(await kyc.platform.app.kycJob.runOnce()).toEqual({ flagged: 0, expired: 0 });
    expect(await kyc.count("outbox_entries")).toBe(entries);
    expect(await kyc.balanceOf(second)).toBe(250n * 10n ** 18n);
  });

  it("erases on request: the record key and ciphertexts are gone, the decisions stay", async () => {
    const docId = (await kyc.gql(INVESTOR, MINE)).data.myApplication.documents[0].id;
    const erased = await kyc.gql(INVESTOR, `mutation { eraseMyKycData { status erasedAt } }`);
    expect(erased.data.eraseMyKycData.status).toBe("ERASED");
    expect(await kyc.count("kyc_data_keys", "application_id = $1", [applicationId])).toBe(0);
    expect(await kyc.count("kyc_documents", "application_id = $1", [applicationId])).toBe(0);
    expect(await kyc.count("kyc_applications", "id = $1 and personal_data is null", [applicationId])).toBe(1);
    const opened = await kyc.gql(OFFICER, `query($id: ID!) { kycApplication(id: $id) { status investorId personalData { legalName } documents { id } } }`, { id: applicationId });
    expect(opened.data.kycApplication).toEqual({ status: "ERASED", investorId, personalData: null, documents: [] });
    expect((await kyc.gql(OFFICER, `query($id: ID!) { kycDocument(id: $id) { id } }`, { id: docId })).errors?.[0].extensions.code).toBe("KYC_DOCUMENT_NOT_FOUND");
    const actions = (await kyc.platform.db.query<{ action: string }>("select action from audit_log where target = $1 order by id", [applicationId])).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["kyc.application.submit", "kyc.approve", "kyc.expired", "kyc.erase"]));
    expect((await kyc.platform.app.services.audit.verify()).valid).toBe(true);
    // Already liquidate-only: erasure sends nothing more to the chain.
    expect((await kyc.registryInvestor(investorId)).status).toBe(2);
  });

  it("never shows the personal data in logs, audit rows, chain data or answers to other people", async () => {
    const logs = kyc.logLines.join("");
    expect(logs.length).toBeGreaterThan(1000);
    const audit = JSON.stringify((await kyc.platform.db.query("select * from audit_log")).rows);
    const outbox = JSON.stringify((await kyc.platform.db.query("select * from outbox_entries")).rows);
    const answers = JSON.stringify(strangerAnswers);
    const head = await kyc.publicClient.getBlockNumber();
    const chainLogs = await kyc.publicClient.request({ method: "eth_getLogs", params: [{ fromBlock: "0x0", toBlock: toHex(head) }] });
    expect(chainLogs.length).toBeGreaterThan(10);
    const blocks = await Promise.all(Array.from({ length: Number(head) + 1 }, (_, i) => kyc.publicClient.getBlock({ blockNumber: BigInt(i), includeTransactions: true })));
    const chain = JSON.stringify(chainLogs) + JSON.stringify(blocks.flatMap((b) => b.transactions.map((t) => (t as { input: string }).input)));
    for (const needle of NEEDLES) {
      const hex = Buffer.from(needle, "utf8").toString("hex");
      for (const [where, text] of Object.entries({ logs, audit, outbox, answers, chain })) {
        expect(text.toLowerCase().includes(needle.toLowerCase()), `${needle} in ${where}`).toBe(false);
        expect(text.toLowerCase().includes(hex), `${needle} (hex) in ${where}`).toBe(false);
      }
    }
  });
});
