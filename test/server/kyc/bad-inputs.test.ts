import { afterAll, beforeAll, expect, it } from "vitest";
import { zeroHash } from "viem";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import {
  ADMIN, APPROVE, LINK, MINE, OFFICER, REQUEST_LINK, SAVE, UPLOAD, completeApplication, pdf, png, signChallenge, startKycPlatform, submitApplication,
  type KycPlatform,
} from "./kyc-fixture.ts";

const APPLICANT = 3;
const OTHER = 4;
const MAX_DOC = 4096;

describeEachDatabase("KYC bad inputs: a clear error and nothing changed", (kind) => {
  let kyc: KycPlatform;
  /** Rows of every KYC table and the outbox, to show that a refused call wrote nothing. */
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const table of ["kyc_applications", "kyc_documents", "kyc_wallets", "kyc_data_keys", "kyc_chain_writes", "kyc_token_settings", "kyc_imports", "outbox_entries"]) {
      out[table] = (await kyc.platform.db.query(`select * from ${table} order by 1`)).rows;
    }
    return JSON.stringify(out);
  };
  const code = (answer: { errors?: any[] }) => answer.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    // Artwork images small too, so the HTTP limit for multipart bodies (the largest upload configured) is the JSON one.
    kyc = await startKycPlatform(kind, {
      FOLIO_KYC_MAX_DOCUMENT_BYTES: String(MAX_DOC), FOLIO_KYC_IMPORT_BATCH_SIZE: "2",
      FOLIO_ARTWORK_MAX_IMAGE_BYTES: "4096", FOLIO_ARTWORK_MAX_IMAGES: "1",
    });
    expect(code(await kyc.gql(APPLICANT, SAVE, { input: { legalName: "Ada Example" } }))).toBeUndefined();
  });
  afterAll(() => kyc?.close());

  it("refuses malformed, impossible, future and under-age dates of birth", async () => {
    const before = await snapshot();
    const today = new Date();
    const minor = `${today.getUTCFullYear() - 17}-01-01`;
    for (const [dateOfBirth, expected] of [
      ["23/07/1981", "KYC_INVALID_DATE"], ["1981-02-30", "KYC_INVALID_DATE"], ["1981-13-01", "KYC_INVALID_DATE"], ["1900-02-29", "KYC_INVALID_DATE"],
      ["2999-01-01", "KYC_INVALID_DATE"], ["", "KYC_INVALID_DATE"], [minor, "KYC_UNDERAGE"], ["1850-01-01", "KYC_INVALID_DATE"],
    ] as const) {
      const answer = await kyc.gql(APPLICANT, SAVE, { input: { dateOfBirth } });
      expect(code(answer), dateOfBirth).toBe(expected);
      expect(answer.errors![0].message).not.toContain(dateOfBirth || "\u0000");
    }
    // A leap-day birth date is a real date.
    expect(code(await kyc.gql(9, SAVE, { input: { dateOfBirth: "1980-02-29" } }))).toBeUndefined();
    const after = await snapshot();
    expect(JSON.parse(after).kyc_applications.find((a: any) => a.wallet === devAccount(APPLICANT).address)).toEqual(
      JSON.parse(before).kyc_applications.find((a: any) => a.wallet === devAccount(APPLICANT).address),
    );
  });

  it("refuses unknown countries for residence, nationality, tax residence and decisions", async () => {
    const before = await snapshot();
    for (const field of ["countryOfResidence", "nationality", "taxResidence"]) {
      for (const value of ["XX", "UK", "FRA", "fr1", "EU", ""]) {
        const answer = await kyc.gql(APPLICANT, SAVE, { input: { [field]: value } });
        expect(code(answer), `${field}=${value}`).toBe("KYC_COUNTRY_UNKNOWN");
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses oversized and wrong-type documents, whatever their declared type", async () => {
    const before = await snapshot();
    const gif = new TextEncoder().encode("GIF89a....");
    const cases = [
      [{ bytes: gif, name: "passport.pdf", type: "application/pdf" }, "KYC_DOCUMENT_TYPE"],
      [{ bytes: new TextEncoder().encode("<html>not a pdf</html>"), name: "id.png", type: "image/png" }, "KYC_DOCUMENT_TYPE"],
      [{ bytes: new Uint8Array(0), name: "empty.pdf", type: "application/pdf" }, "KYC_DOCUMENT_EMPTY"],
      [{ bytes: new Uint8Array([...pdf(), ...new Uint8Array(MAX_DOC)]), name: "big.pdf", type: "application/pdf" }, "KYC_DOCUMENT_TOO_LARGE"],
    ] as const;
    for (const [file, expected] of cases) {
      expect(code(await kyc.upload(APPLICANT, UPLOAD, { kind: "IDENTITY" }, file)), file.name).toBe(expected);
    }
    expect(code(await kyc.gql(APPLICANT, UPLOAD, { kind: "IDENTITY", base64: Buffer.from(gif).toString("base64") }))).toBe("KYC_DOCUMENT_TYPE");
    expect(code(await kyc.gql(APPLICANT, UPLOAD, { kind: "IDENTITY" }))).toBe("KYC_DOCUMENT_MISSING");
    expect(code(await kyc.gql(APPLICANT, UPLOAD, { kind: "IDENTITY", base64: "@@not base64@@" }))).toBe("KYC_INVALID_INPUT");
    expect(await snapshot()).toBe(before);
    // A PNG within the limit is accepted.
    expect((await kyc.gql(APPLICANT, UPLOAD, { kind: "PROOF_OF_ADDRESS", base64: Buffer.from(png()).toString("base64") })).data.uploadKycDocument.contentType).toBe("image/png");
  });

  it("accepts multipart uploads over HTTP above the JSON body limit, and refuses bodies above the upload limit", async () => {
    const server = kyc.platform.app.app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
    try {
      const headers = { ...(await kyc.as(APPLICANT)), "graphql-require-preflight": "1" };
      const post = (body: BodyInit, extra: Record<string, string> = {}) => fetch(url, { method: "POST", body, headers: { ...headers, ...extra } });
      const form = (size: number) => {
        const f = new FormData();
        f.set("operations", JSON.stringify({ query: UPLOAD, variables: { kind: "IDENTITY", file: null } }));
        f.set("map", JSON.stringify({ 0: ["variables.file"] }));
        f.set("0", new Blob([new Uint8Array(pdf("x".repeat(size)))]), "doc.pdf");
        return f;
      };
      // The upload limits in this suite are 4 kB, so the HTTP limit for multipart is the JSON limit (100 kB).
      const tooBig = await post(form(200 * 1024));
      expect(tooBig.status).toBe(413);
      expect((await tooBig.json()).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
      const json = await post(JSON.stringify({ query: "{ _version }", padding: "x".repeat(200 * 1024) }), { "content-type": "application/json" });
      expect(json.status).toBe(413);
      const ok = await post(form(1000));
      expect((await ok.json()).data.uploadKycDocument.contentType).toBe("application/pdf");
    } finally {
      server.close();
    }
  });

  it("refuses replayed, expired, foreign and forged wallet-link signatures", async () => {
    const wallet = devAccount(16).address;
    const before = await snapshot();
    const first = (await kyc.gql(APPLICANT, REQUEST_LINK, { w: wallet })).data.requestWalletLink;
    // Signed by the wrong key: refused, and the challenge is used up.
    const forged = await signChallenge(17, first.typedData);
    expect(code(await kyc.gql(APPLICANT, LINK, { w: wallet, n: first.nonce, s: forged }))).toBe("KYC_LINK_SIGNATURE_INVALID");
    const good = await signChallenge(16, first.typedData);
    expect(code(await kyc.gql(APPLICANT, LINK, { w: wallet, n: first.nonce, s: good }))).toBe("KYC_LINK_CHALLENGE_INVALID");
    // Expired.
    const second = (await kyc.gql(APPLICANT, REQUEST_LINK, { w: wallet })).data.requestWalletLink;
    await kyc.platform.db.query("update kyc_wallet_challenges set expires_at = 1 where nonce = $1", [second.nonce]);
    expect(code(await kyc.gql(APPLICANT, LINK, { w: wallet, n: second.nonce, s: await signChallenge(16, second.typedData) }))).toBe("KYC_LINK_CHALLENGE_EXPIRED");
    // Someone else's challenge, used by another applicant.
    await kyc.gql(OTHER, SAVE, { input: { legalName: "Other Person" } });
    const third = (await kyc.gql(APPLICANT, REQUEST_LINK, { w: wallet })).data.requestWalletLink;
    expect(code(await kyc.gql(OTHER, LINK, { w: wallet, n: third.nonce, s: await signChallenge(16, third.typedData) }))).toBe("KYC_LINK_CHALLENGE_INVALID");
    const snap = JSON.parse(await snapshot());
    expect(snap.kyc_wallets.filter((w: any) => w.wallet === wallet)).toEqual([]);
    expect(JSON.parse(before).outbox_entries).toEqual(snap.outbox_entries);
    // The genuine flow still works, once.
    const fourth = (await kyc.gql(APPLICANT, REQUEST_LINK, { w: wallet })).data.requestWalletLink;
    const linked = await kyc.gql(APPLICANT, LINK, { w: wallet, n: fourth.nonce, s: await signChallenge(16, fourth.typedData) });
    expect(linked.data.linkWallet.wallets).toContain(wallet);
    expect(code(await kyc.gql(APPLICANT, REQUEST_LINK, { w: wallet }))).toBe("KYC_WALLET_TAKEN");
  });

  it("refuses an officer deciding on their own application, and non-officers opening or deciding", async () => {
    const own = await submitApplication(kyc, OFFICER, { legalName: "Officer Applicant" });
    const before = await snapshot();
    for (const query of [APPROVE, `mutation($id: ID!) { rejectKycApplication(id: $id, reason: "self") { id } }`]) {
      const answer = await kyc.gql(OFFICER, query, { id: own, d: { country: "DE", validityDays: 365 } });
      expect(code(answer)).toBe("KYC_SELF_DECISION");
    }
    for (const [who, expected] of [[null, "UNAUTHENTICATED"], [APPLICANT, "FORBIDDEN"], [OTHER, "FORBIDDEN"]] as const) {
      expect(code(await kyc.gql(who, APPROVE, { id: own, d: { country: "DE", validityDays: 365 } }))).toBe(expected);
      expect(code(await kyc.gql(who, `query($id: ID!) { kycApplication(id: $id) { personalData { legalName } } }`, { id: own }))).toBe(expected);
      expect(code(await kyc.gql(who, `mutation($id: ID!) { suspendInvestor(id: $id, reason: "x") { id } }`, { id: own }))).toBe(expected);
    }
    const after = JSON.parse(await snapshot());
    const { audit_log: _, ...rest } = after;
    expect(JSON.stringify(rest)).toBe(before);
    expect(await kyc.investorOf(devAccount(OFFICER).address)).toBe(zeroHash);
    // The refusal is on record, without the data.
    expect(await kyc.count("audit_log", "action = 'kyc.approve' and outcome = 'failure' and target = $1", [own])).toBe(1);
    // Bad decisions by another officer: unknown country, validity out of range, not yet submitted.
    expect(code(await kyc.gql(ADMIN, APPROVE, { id: own, d: { country: "ZZ", validityDays: 365 } }))).toBe("KYC_COUNTRY_UNKNOWN");
    expect(code(await kyc.gql(ADMIN, APPROVE, { id: own, d: { country: "DE", validityDays: 0 } }))).toBe("KYC_INVALID_INPUT");
    const draft = (await kyc.gql(APPLICANT, MINE)).data.myApplication.id;
    expect(code(await kyc.gql(ADMIN, APPROVE, { id: draft, d: { country: "DE", validityDays: 365 } }))).toBe("KYC_INVALID_STATE");
    expect(code(await kyc.gql(APPLICANT, `mutation { submitKycApplication { id } }`))).toBe("KYC_APPLICATION_INCOMPLETE");
    expect(JSON.stringify((({ audit_log: _a, ...r }) => r)(JSON.parse(await snapshot())))).toBe(before);
  });

  it("lets an applicant correct a rejected application and resubmit it", async () => {
    const id = await submitApplication(kyc, OTHER, { legalName: "Other Person" });
    const rejected = await kyc.gql(ADMIN, `mutation($id: ID!) { rejectKycApplication(id: $id, reason: "The scan is unreadable") { status rejectionReason } }`, { id });
    expect(rejected.data.rejectKycApplication).toEqual({ status: "REJECTED", rejectionReason: "The scan is unreadable" });
    expect((await kyc.gql(OTHER, MINE)).data.myApplication).toMatchObject({ status: "REJECTED", rejectionReason: "The scan is unreadable" });
    expect((await kyc.gql(OTHER, SAVE, { input: completeApplication({ legalName: "Other Person" }) })).data.saveKycApplication.status).toBe("DRAFT");
    expect((await kyc.gql(OTHER, `mutation { submitKycApplication { status } }`)).data.submitKycApplication.status).toBe("SUBMITTED");
  });

  it("suspends an investor on chain and freezes their wallets on tokens that ask for it", async () => {
    const id = await submitApplication(kyc, 8, { legalName: "Suspended Person" });
    expect(code(await kyc.gql(OFFICER, APPROVE, { id, d: { country: "DE", validityDays: 365 } }))).toBeUndefined();
    await kyc.settled(id);
    // The token's owner gives the server key the freeze permission (only) on the token, then asks for freezes.
    expect(code(await kyc.gql(APPLICANT, `mutation($t: Address!) { setTokenKycPolicy(token: $t, freezeOnSuspension: true) { token } }`, { t: kyc.token }))).toBe("FORBIDDEN");
    await kyc.ownerWrite("setAgentPermissions", [kyc.agent, 4]);
    expect((await kyc.gql(0, `mutation($t: Address!) { setTokenKycPolicy(token: $t, freezeOnSuspension: true) { freezeOnSuspension } }`, { t: kyc.token })).data.setTokenKycPolicy.freezeOnSuspension).toBe(true);
    const suspended = await kyc.gql(OFFICER, `mutation($id: ID!) { suspendInvestor(id: $id, reason: "Sanctions list match") { status chainStatus } }`, { id });
    expect(suspended.data.suspendInvestor).toEqual({ status: "SUSPENDED", chainStatus: "SUSPENDED" });
    await kyc.settled(id);
    const wallet = devAccount(8).address;
    expect((await kyc.registryInvestor(await kyc.investorOf(wallet))).status).toBe(3);
    expect(await kyc.isVerified(wallet)).toBe(false);
    expect(await kyc.isFrozen(wallet)).toBe(true);
    expect(code(await kyc.gql(OFFICER, `mutation($id: ID!) { suspendInvestor(id: $id, reason: "again") { id } }`, { id }))).toBe("KYC_INVALID_STATE");
  });

  it("imports a CSV all or nothing: bad rows are reported by line and nothing is written; good files register in batches", async () => {
    const w = (i: number) => devAccount(40 + i).address;
    const good = [`${w(0)},DE,2099-12-31,accredited`, `${w(1)},250,2099-12-31,`, `${w(2)},us,2099-12-31,us_person|qualified`];
    const bad = ["wallet,country,kyc_valid_until,flags", good[0], "0x1234,DE,2099-12-31,", good[1], `${w(3)},XX,2099-02-30,accredited`, `${w(0)},DE,2099-12-31,`, `${w(4)},DE,2001-01-01,wizard`, good[2]].join("\n");
    const before = await snapshot();
    const IMPORT = `mutation($c: String) { importInvestors(csv: $c) { accepted imported batches errors { line message } } }`;
    const refused = (await kyc.gql(OFFICER, IMPORT, { c: bad })).data.importInvestors;
    expect(refused).toMatchObject({ accepted: false, imported: 0, batches: 0 });
    expect(refused.errors.map((e: any) => e.line)).toEqual([3, 5, 6, 7]);
    expect(refused.errors[0].message).toBe("wallet is not an address");
    expect(refused.errors[1].message).toMatch(/country .*; kyc_valid_until is not a real date/);
    expect(refused.errors[2].message).toBe("wallet appears on an earlier line");
    expect(refused.errors[3].message).toMatch(/not in the future; flags has an unknown name/);
    expect(JSON.stringify((({ audit_log: _a, ...r }) => r)(JSON.parse(await snapshot())))).toBe(before);
    for (let i = 0; i < 3; i++) expect(await kyc.investorOf(w(i))).toBe(zeroHash);
    expect((await kyc.gql(OFFICER, IMPORT, { c: "name,wallet\nx,y" })).data.importInvestors.errors[0]).toMatchObject({ line: 1 });

    const accepted = (await kyc.gql(OFFICER, IMPORT, { c: ["wallet,country,kyc_valid_until,flags", ...good].join("\n") })).data.importInvestors;
    expect(accepted).toEqual({ accepted: true, imported: 3, batches: 2, errors: [] });
    const ids = (await kyc.platform.db.query<{ id: string }>("select id from kyc_applications where source = 'import'")).rows.map((r) => r.id);
    for (const id of ids) await kyc.settled(id);
    expect(await kyc.isVerified(w(0))).toBe(true);
    const investorIds = await Promise.all([0, 1, 2].map((i) => kyc.investorOf(w(i))));
    expect(new Set(investorIds).size).toBe(3);
    expect((await kyc.registryInvestor(investorIds[2]!)).flags).toBe(4 | 2);
    expect((await kyc.registryInvestor(investorIds[2]!)).country).toBe(840);
    // Importing the same wallets again is refused row by row.
    const again = (await kyc.gql(OFFICER, IMPORT, { c: ["wallet,country,kyc_valid_until,flags", good[0]].join("\n") })).data.importInvestors;
    expect(again.errors).toEqual([{ line: 2, message: "wallet is already linked to a KYC application" }]);
  });
});
