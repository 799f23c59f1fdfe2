import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import { ADMIN, OFFICER, startKycPlatform, submitApplication, type KycPlatform } from "./kyc-fixture.ts";

const BY_WALLET = `query($w: Address!) { kycApplicationByWallet(wallet: $w) { id status wallet } }`;
const REJECT = `mutation($id: ID!, $r: String!) { rejectKycApplication(id: $id, reason: $r) { id status } }`;
const APPLICANT = 3;

describeEachDatabase("compliance officers find an application by any wallet", (kind) => {
  let kyc: KycPlatform;
  let id: string;
  beforeAll(async () => {
    kyc = await startKycPlatform(kind);
    id = await submitApplication(kyc, APPLICANT);
  });
  afterAll(() => kyc?.close());

  it("finds the application of a wallet, written in any case, whatever its status", async () => {
    const wallet = devAccount(APPLICANT).address;
    for (const officer of [OFFICER, ADMIN]) {
      const found = await kyc.gql(officer, BY_WALLET, { w: wallet.toLowerCase() });
      expect(found.errors).toBeUndefined();
      expect(found.data.kycApplicationByWallet).toEqual({ id, status: "SUBMITTED", wallet });
    }
    expect((await kyc.gql(OFFICER, REJECT, { id, r: "The scan is unreadable" })).errors).toBeUndefined();
    expect((await kyc.gql(OFFICER, BY_WALLET, { w: wallet })).data.kycApplicationByWallet.status).toBe("REJECTED");
  });

  it("answers null for a wallet without an application", async () => {
    const found = await kyc.gql(OFFICER, BY_WALLET, { w: devAccount(25).address });
    expect(found.errors).toBeUndefined();
    expect(found.data.kycApplicationByWallet).toBeNull();
  });

  it("is refused to the applicant and to anonymous callers, and to a malformed wallet", async () => {
    const wallet = devAccount(APPLICANT).address;
    expect((await kyc.gql(APPLICANT, BY_WALLET, { w: wallet })).errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect((await kyc.gql(null, BY_WALLET, { w: wallet })).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    const malformed = await kyc.gql(OFFICER, BY_WALLET, { w: "0x1234" });
    expect(malformed.errors?.[0].message).toMatch(/Address must be/);
  });
});
