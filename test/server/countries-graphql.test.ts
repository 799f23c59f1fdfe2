import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, http, parseAbi } from "viem";
import { readDeployment } from "../../scripts/lib/deployment.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { devAccount } from "../support/sign-in.ts";
import { ADMIN, APPROVE, OFFICER, SAVE, startKycPlatform, submitApplication, type KycPlatform } from "./kyc/kyc-fixture.ts";

const APPLICANT = 5;
const OTHER = 6;
const ISSUER = 0;
const PERSONAL = `{ myApplication { personalData { countryOfResidence nationality taxResidence } } }`;
const APPLICATION = `query($id: ID!) { kycApplication(id: $id) { country countryCode } }`;
const INVESTOR = `query($w: Address!) { investor(wallet: $w) { country countryCode } }`;
const DECLARE = `mutation($input: DeclareDistributionInput!) { declareDistribution(input: $input) { distribution { id } } }`;
const PARAMS = `query($id: ID!) { distribution(id: $id) { paramsJson } }`;
const rulesAbi = parseAbi(["function setCountryMode(uint8 mode)", "function setCountriesListed(uint16[] countries, bool listed)"]);

describeEachDatabase("countries in every GraphQL interface: alpha-2 or numeric in, both out", (kind) => {
  let kyc: KycPlatform;
  let applicationId: string;
  const code = (answer: { errors?: any[] }) => answer.errors?.[0]?.extensions?.code;
  const rows = async (table: string) => JSON.stringify((await kyc.platform.db.query(`select * from ${table} order by 1`)).rows);

  beforeAll(async () => {
    kyc = await startKycPlatform(kind);
    // Numeric as text, numeric as a number and alpha-2 in lower case, in one application.
    applicationId = await submitApplication(kyc, APPLICANT, { countryOfResidence: "276", nationality: 250, taxResidence: "at" });
  });
  afterAll(() => kyc?.close());

  it("saves personal-data countries given in either format as alpha-2 codes", async () => {
    const mine = await kyc.gql(APPLICANT, PERSONAL);
    expect(mine.data.myApplication.personalData).toEqual({ countryOfResidence: "DE", nationality: "FR", taxResidence: "AT" });
    // An integer literal in the query itself is a country too.
    const literal = await kyc.gql(OTHER, `mutation { saveKycApplication(input: { nationality: 756 }) { id } }`);
    expect(literal.errors).toBeUndefined();
    expect((await kyc.gql(OTHER, PERSONAL)).data.myApplication.personalData.nationality).toBe("CH");
  });

  it("refuses unknown personal-data countries in either format without echoing them, and changes nothing", async () => {
    const before = await rows("kyc_applications");
    for (const value of ["999", "0276", 999, 0]) {
      const answer = await kyc.gql(OTHER, SAVE, { input: { nationality: value } });
      expect(code(answer), String(value)).toBe("KYC_COUNTRY_UNKNOWN");
      expect(answer.errors![0].message).not.toContain(String(value));
    }
    const wrongType = await kyc.gql(OTHER, SAVE, { input: { nationality: true } });
    expect(code(wrongType)).toBe("COUNTRY_UNKNOWN");
    expect(await rows("kyc_applications")).toBe(before);
  });

  it("refuses an unknown decision country in either format, then registers a numeric one and answers it both ways", async () => {
    const before = await rows("kyc_applications");
    for (const country of ["ZZ", "999", 999]) {
      expect(code(await kyc.gql(OFFICER, APPROVE, { id: applicationId, d: { country, validityDays: 365 } })), String(country)).toBe("KYC_COUNTRY_UNKNOWN");
    }
    expect(code(await kyc.gql(OFFICER, APPROVE, { id: applicationId, d: { country: 2.5, validityDays: 365 } }))).toBe("COUNTRY_UNKNOWN");
    expect(await rows("kyc_applications")).toBe(before);

    const approved = await kyc.gql(OFFICER, APPROVE, { id: applicationId, d: { country: 40, validityDays: 365 } });
    expect(approved.errors).toBeUndefined();
    await kyc.settled(applicationId);
    const wallet = devAccount(APPLICANT).address;
    expect((await kyc.registryInvestor(await kyc.investorOf(wallet))).country).toBe(40);
    expect((await kyc.gql(OFFICER, APPLICATION, { id: applicationId })).data.kycApplication).toEqual({ country: 40, countryCode: "AT" });
    expect((await kyc.gql(ADMIN, INVESTOR, { w: wallet })).data.investor).toEqual({ country: 40, countryCode: "AT" });
  });

  it("imports CSV countries in either format as numeric codes and names the line of an unknown one", async () => {
    const w = (i: number) => devAccount(60 + i).address;
    const IMPORT = `mutation($c: String) { importInvestors(csv: $c) { accepted imported errors { line message } } }`;
    const header = "wallet,country,kyc_valid_until,flags";
    const before = await rows("kyc_applications");
    const refused = (await kyc.gql(OFFICER, IMPORT, { c: [header, `${w(0)},DE,2099-12-31,`, `${w(1)},0276,2099-12-31,`].join("\n") })).data.importInvestors;
    expect(refused).toMatchObject({ accepted: false, imported: 0, errors: [{ line: 3, message: expect.stringMatching(/^country is not an ISO 3166-1 country code/) }] });
    expect(await rows("kyc_applications")).toBe(before);

    const accepted = (await kyc.gql(OFFICER, IMPORT, { c: [header, `${w(0)},de,2099-12-31,`, `${w(1)},276,2099-12-31,`, `${w(2)},040,2099-12-31,`].join("\n") })).data.importInvestors;
    expect(accepted).toEqual({ accepted: true, imported: 3, errors: [] });
    const ids = (await kyc.platform.db.query<{ id: string; country: number }>("select id, country from kyc_applications where source = 'import' order by wallet")).rows;
    for (const { id } of ids) await kyc.settled(id);
    expect(await Promise.all([0, 1, 2].map(async (i) => (await kyc.registryInvestor(await kyc.investorOf(w(i)))).country))).toEqual([276, 276, 40]);
  });

  it("reads withholding countries in either format as numeric codes, and refuses an unknown one with its value", async () => {
    await kyc.ownerWrite("mint", [devAccount(APPLICANT).address, 10n ** 18n]);
    await kyc.platform.app.indexer.syncToHead();
    const headers = await kyc.as(ISSUER);
    const cash = readDeployment(31337, kyc.platform.deploymentsDir)!.contracts.CashToken!.address;
    const recordBlock = Number(await kyc.publicClient.getBlockNumber());
    const input = (rules: unknown[]) => ({
      token: kyc.token, recordBlock, cashToken: cash, amount: "1000000",
      deadline: String(Math.floor(Date.now() / 1000) + 30 * 86400), withholding: { defaultBps: 0, rules },
    });
    const count = async () => (await kyc.platform.db.query<{ n: string }>("select count(*)::text as n from distributions")).rows[0]!.n;
    const before = await count();
    for (const country of ["XX", 999, "999"]) {
      const refused = await kyc.platform.gql(DECLARE, { input: input([{ country, bps: 100 }]) }, headers);
      expect(code(refused), String(country)).toBe("DISTRIBUTION_INVALID_WITHHOLDING");
      expect(refused.errors![0].message).toContain(`"${country}"`);
    }
    expect(await count()).toBe(before);

    const declared = await kyc.platform.gql(DECLARE, { input: input([{ country: 40, bps: 100 }, { country: "276", bps: 200 }, { country: "fr", bps: 300 }]) }, headers);
    expect(declared.errors).toBeUndefined();
    const params = await kyc.platform.gql(PARAMS, { id: declared.data.declareDistribution.distribution.id }, headers);
    expect(JSON.parse(params.data.distribution.paramsJson).withholding.rules).toEqual([{ bps: 100, country: 40 }, { bps: 200, country: 276 }, { bps: 300, country: 250 }]);
  });

  it("answers a token's country list as numeric and alpha-2 codes, read at the latest indexed block", async () => {
    const owner = createWalletClient({ account: devAccount(ISSUER), transport: http(kyc.platform.chain.rpcUrl) });
    for (const [functionName, args] of [["setCountryMode", [2]], ["setCountriesListed", [[840, 999], true]]] as const) {
      const hash = await owner.writeContract({ address: kyc.token, abi: rulesAbi, functionName, args: args as never, chain: null });
      expect((await kyc.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    }
    await kyc.platform.app.indexer.syncToHead();
    const answer = await kyc.platform.gql(`{ tokens { rules { countryMode countries countryCodes } } }`);
    expect(answer.data.tokens[0].rules).toEqual({ countryMode: 2, countries: [840, 999], countryCodes: ["US", null] });
  });
});
