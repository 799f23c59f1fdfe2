import { decodeFunctionData, hexToString, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { tokenFactoryAbi } from "../../../deployments/abi/index.ts";
import { encodeIssueToken, issueTokenRequest } from "../../../web/src/issuer/lib/issue-token-call.ts";
import { AgentPermission, describeRules, EMPTY_DRAFT, validateIssueToken, ZERO_ADDRESS, type IssueTokenDraft } from "../../../web/src/issuer/lib/issue-token-form.ts";

const issuer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
const hash = `0x${"ab".repeat(32)}` as const;
const draft = (over: Partial<IssueTokenDraft>): IssueTokenDraft => ({ ...EMPTY_DRAFT, name: "Acme Bond", symbol: "ACME", ...over });

describe("validateIssueToken", () => {
  it("builds the factory's TokenConfig: the issuer owns the token and is its agent with every permission", () => {
    const result = validateIssueToken(
      draft({ decimals: "6", countryMode: "allow", countries: ["FR", "DE", "FR"], accreditedOnly: true, maxInvestors: "99", maxBalance: "2500.5",
        documents: [{ name: "Prospectus", uri: "ipfs://bafy", fileName: "p.pdf", hash }] }),
      issuer,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        name: "Acme Bond",
        symbol: "ACME",
        decimals: 6,
        owner: issuer,
        identityRegistry: ZERO_ADDRESS,
        onchainID: ZERO_ADDRESS,
        rules: { countryMode: 1, countries: [250, 276], accreditedOnly: true, maxInvestors: 99, maxBalance: 2_500_500_000n },
        documents: [{ name: expect.stringMatching(/^0x[0-9a-f]{64}$/), uri: "ipfs://bafy", documentHash: hash }],
        agents: [{ agent: issuer, permissions: AgentPermission.ALL }],
      },
    });
    if (result.ok) expect(hexToString(result.config.documents[0]!.name, { size: 32 })).toBe("Prospectus");
  });

  it("means no limit and no country rule when those fields are left empty", () => {
    const result = validateIssueToken(draft({ symbol: "acme" }), issuer);
    expect(result.ok && result.config.rules).toEqual({ countryMode: 0, countries: [], accreditedOnly: false, maxInvestors: 0, maxBalance: 0n });
    expect(result.ok && result.config.symbol).toBe("ACME");
  });

  it("puts a clear message next to every bad field", () => {
    const result = validateIssueToken(
      { ...EMPTY_DRAFT, name: " ", symbol: "AC ME", decimals: "19", countryMode: "deny", countries: [], maxInvestors: "-1", maxBalance: "" },
      issuer,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields).toEqual({
      name: "Enter the token's name",
      symbol: "Use 1 to 11 letters or digits, such as ACME",
      decimals: "Enter a whole number from 0 to 18",
      countries: "Choose at least one country to exclude",
      maxInvestors: "Enter a whole number, or leave empty for no limit",
    });
  });

  it("refuses an allow-list without countries, unknown countries and a limit with more decimals than the token", () => {
    const empty = validateIssueToken(draft({ countryMode: "allow" }), issuer);
    expect(!empty.ok && empty.errors.fields.countries).toBe("Choose at least one country that may hold the token");
    const unknown = validateIssueToken(draft({ countryMode: "allow", countries: ["XX"] }), issuer);
    expect(!unknown.ok && unknown.errors.fields.countries).toBe("Not ISO 3166-1 countries: XX");
    const balance = validateIssueToken(draft({ decimals: "2", maxBalance: "1.001" }), issuer);
    expect(!balance.ok && balance.errors.fields.maxBalance).toBe("At most 2 decimals");
  });

  it("reports each document row's problems: name, too long for bytes32, repeated, URI and file", () => {
    const result = validateIssueToken(
      draft({
        documents: [
          { name: "", uri: "", fileName: null, hash: null },
          { name: "x".repeat(33), uri: "https://a", fileName: "a", hash },
          { name: "Terms", uri: "https://a", fileName: "a", hash },
          { name: "Terms", uri: "https://b", fileName: "b", hash },
        ],
      }),
      issuer,
    );
    expect(!result.ok && result.errors.documents).toEqual({
      0: { name: "Enter the document's name", uri: "Enter where the document can be read (a URL or IPFS address)", file: "Choose the file, so its SHA-256 is recorded" },
      1: { name: "Use at most 32 bytes (the name is stored as bytes32)" },
      3: { name: "Document 3 has this name already" },
    });
  });
});

describe("the issueToken call", () => {
  it("encodes the TokenConfig the factory decodes, with the generated ABI", () => {
    const result = validateIssueToken(draft({ countryMode: "allow", countries: ["FR"], maxBalance: "10" }), issuer);
    if (!result.ok) throw new Error("draft should be valid");
    const decoded = decodeFunctionData({ abi: tokenFactoryAbi, data: encodeIssueToken(result.config) });
    expect(decoded.functionName).toBe("issueToken");
    expect(decoded.args[0]).toMatchObject({ name: "Acme Bond", symbol: "ACME", decimals: 18, rules: { countryMode: 1, countries: [250], maxBalance: 10n * 10n ** 18n } });
    expect(issueTokenRequest(issuer, result.config)).toMatchObject({ address: issuer, functionName: "issueToken", args: [result.config] });
  });
});

describe("describeRules", () => {
  it("says the rules in words with country names", () => {
    expect(describeRules({ countryMode: "allow", countries: ["FR", "DE"], accreditedOnly: true, maxInvestors: "10", maxBalance: "500" }, "ACME")).toEqual([
      "Only investors in France, Germany may hold it",
      "Only accredited investors may hold it",
      "At most 10 investors at once",
      "At most 500 ACME per investor",
    ]);
    expect(describeRules(EMPTY_DRAFT, "ACME")).toEqual([
      "Investors from any country may hold it",
      "No limit on the number of investors",
      "No limit on the balance per investor",
    ]);
  });
});
