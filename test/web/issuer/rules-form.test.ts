import { encodeFunctionData, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { planRuleChanges, rulesDraftOf, type CurrentRules, type RulesDraft } from "../../../web/src/issuer/lib/rules-form.ts";

const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const none: CurrentRules = { countryMode: 0, countryCodes: [], accreditedOnly: false, maxInvestors: 0, maxBalance: "0" };
const allowFr: CurrentRules = { countryMode: 1, countryCodes: ["FR", "DE"], accreditedOnly: true, maxInvestors: 100, maxBalance: "1000500000" };
const token = (rules: CurrentRules) => ({ address, decimals: 6, symbol: "ACME", rules });
const plan = (rules: CurrentRules, over: Partial<RulesDraft>) => planRuleChanges(token(rules), { ...rulesDraftOf(rules, 6), ...over });
const calls = (result: ReturnType<typeof planRuleChanges>) => (result.ok ? result.changes.map((c) => [c.call.functionName, c.call.args]) : result.errors);

describe("rulesDraftOf", () => {
  it("prefills the form with the token's rules, the balance cap in token units and zero limits as empty", () => {
    expect(rulesDraftOf(allowFr, 6)).toEqual({ countryMode: "allow", countries: ["FR", "DE"], accreditedOnly: true, maxInvestors: "100", maxBalance: "1000.5" });
    expect(rulesDraftOf(none, 18)).toEqual({ countryMode: "none", countries: [], accreditedOnly: false, maxInvestors: "", maxBalance: "" });
  });
});

describe("planRuleChanges", () => {
  it("plans nothing when the form still holds the token's rules", () => {
    expect(plan(allowFr, {})).toEqual({ ok: true, changes: [] });
    expect(plan(none, {})).toEqual({ ok: true, changes: [] });
  });

  it("adds and removes countries separately, as ISO numeric codes, and says so by name", () => {
    const result = plan(allowFr, { countries: ["FR", "ES", "IT"] });
    expect(calls(result)).toEqual([["setCountriesListed", [[724, 380], true]], ["setCountriesListed", [[276], false]]]);
    expect(result.ok && result.changes.map((c) => c.description)).toEqual(["Add Spain, Italy to the country list", "Remove Germany from the country list"]);
  });

  it("switches a token without a country rule to an allow-list: the countries first, then the mode", () => {
    const result = plan(none, { countryMode: "allow", countries: ["FR"] });
    expect(calls(result)).toEqual([["setCountriesListed", [[250], true]], ["setCountryMode", [1]]]);
    expect(result.ok && result.changes[1]!.description).toBe("Country rule: any country → only listed countries");
  });

  it("turning the country rule off keeps the list as it is", () => {
    expect(calls(plan(allowFr, { countryMode: "none", countries: [] }))).toEqual([["setCountryMode", [0]]]);
  });

  it("changes the accredited rule and both limits, the balance in the token's smallest unit", () => {
    const result = plan(allowFr, { accreditedOnly: false, maxInvestors: "", maxBalance: "2,000" });
    expect(calls(result)).toEqual([["setAccreditedOnly", [false]], ["setMaxInvestors", [0]], ["setMaxBalance", [2_000_000_000n]]]);
    expect(result.ok && result.changes.map((c) => c.description)).toEqual([
      "Any verified investor may hold it (was: accredited only)",
      "Maximum number of investors: 100 → no limit",
      "Maximum balance per investor: 1,000.5 ACME → 2,000 ACME",
    ]);
  });

  it("builds calls the token's ABI encodes", () => {
    const result = plan(none, { countryMode: "deny", countries: ["US"], maxBalance: "5" });
    expect(result.ok).toBe(true);
    for (const change of result.ok ? result.changes : []) expect(encodeFunctionData(change.call as never)).toMatch(/^0x[0-9a-f]{8}/);
  });

  it("refuses an allow-list or deny-list without countries, next to the countries", () => {
    expect(calls(plan(none, { countryMode: "allow", countries: [] }))).toEqual({ countries: "Choose at least one country that may hold the token" });
    expect(calls(plan(none, { countryMode: "deny", countries: [] }))).toEqual({ countries: "Choose at least one country to exclude" });
    expect(calls(plan(none, { countryMode: "allow", countries: ["XX"] }))).toEqual({ countries: "Not ISO 3166-1 countries: XX" });
  });

  it("refuses limits that are not numbers, too large, or finer than the token's decimals", () => {
    expect(calls(plan(none, { maxInvestors: "ten", maxBalance: "1.0000001" }))).toEqual({
      maxInvestors: "Enter a whole number, or leave empty for no limit",
      maxBalance: "At most 6 decimals",
    });
    expect(calls(plan(none, { maxInvestors: "4294967296" }))).toEqual({ maxInvestors: "Enter a whole number, or leave empty for no limit" });
    expect(calls(plan(none, { maxBalance: "400000000000000000000000000000000000" }))).toEqual({ maxBalance: "This limit is larger than a token can record" });
  });
});
