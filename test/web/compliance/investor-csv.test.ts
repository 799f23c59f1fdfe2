import { describe, expect, it } from "vitest";
import { parseExpiry, parseInvestorCsv, withServerErrors } from "../../../web/src/compliance/lib/investor-csv.ts";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/** 2026-01-01T00:00:00Z */
const NOW = 1_767_225_600;

describe("parseInvestorCsv", () => {
  it("reads wallet,country,kyc_valid_until,flags rows with country names and expiry days for the preview", () => {
    const result = parseInvestorCsv(`wallet,country,kyc_valid_until,flags\n${A},DE,2027-06-30,accredited|us_person\n${B.toLowerCase()},276,1900000000,\n`, NOW);
    expect(result.fileErrors).toEqual([]);
    expect(result.sendable).toBe(true);
    expect(result.rows.map((r) => [r.line, r.countryName, r.validUntilDate, r.errors])).toEqual([
      [2, "Germany", "2027-06-30", []],
      [3, "Germany", "2030-03-17", []],
    ]);
  });

  it("accepts the columns in any order and case, quoted cells, a BOM and Windows line ends", () => {
    const result = parseInvestorCsv(`\uFEFFFlags,KYC_Valid_Until,Wallet,Country\r\n"qualified",2030-01-01,${A},fr\r\n`, NOW);
    expect(result.sendable).toBe(true);
    expect(result.rows[0]).toMatchObject({ wallet: A, country: "fr", countryName: "France", flags: "qualified" });
  });

  it("marks every bad row with its file line and reason, and is not sendable while any row is bad", () => {
    const text = [
      "wallet,country,kyc_valid_until,flags",
      `${A},DE,2030-01-01,`,
      "",
      `0x1234,DE,2030-01-01,`,
      `${A.toLowerCase()},XX,2030-02-30,`,
      `${B},DE,2025-12-31,vip`,
      `,,,`,
    ].join("\n");
    const result = parseInvestorCsv(text, NOW);
    expect(result.sendable).toBe(false);
    expect(result.rows.map((r) => [r.line, r.errors])).toEqual([
      [2, []],
      [4, ['"0x1234" is not a wallet address']],
      [5, ["this wallet is already on line 2", '"XX" is not an ISO 3166-1 country code (such as DE or 276)', 'kyc_valid_until "2030-02-30" is not a real date (YYYY-MM-DD) or Unix seconds']],
      [6, ["kyc_valid_until is not in the future", '"vip" is not a flag (allowed: accredited, qualified, us_person, institution, joined by |)']],
      [7, ["the wallet is missing", "the country is missing", "kyc_valid_until is missing"]],
    ]);
  });

  it("refuses a file without the header's columns, an empty file and a header without rows", () => {
    expect(parseInvestorCsv(`${A},DE,2030-01-01,`, NOW).fileErrors).toEqual([
      "Line 1: the first line must name the columns wallet,country,kyc_valid_until,flags (missing: wallet, country, kyc_valid_until, flags)",
    ]);
    expect(parseInvestorCsv("wallet,country,flags\n", NOW).fileErrors).toEqual([
      "Line 1: the first line must name the columns wallet,country,kyc_valid_until,flags (missing: kyc_valid_until)",
    ]);
    expect(parseInvestorCsv("\n\n", NOW)).toMatchObject({ sendable: false, fileErrors: [expect.stringMatching(/^The file is empty/)] });
    expect(parseInvestorCsv("wallet,country,kyc_valid_until,flags\n", NOW)).toMatchObject({ sendable: false, fileErrors: ["The file has a header but no investors"] });
  });

  it("refuses more rows than the server takes", () => {
    const wallet = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
    const rows = Array.from({ length: 5001 }, (_, i) => `${wallet(i + 1)},DE,2030-01-01,`);
    const result = parseInvestorCsv(`wallet,country,kyc_valid_until,flags\n${rows.join("\n")}`, NOW);
    expect(result.sendable).toBe(false);
    expect(result.fileErrors).toEqual(["At most 5000 investors per file (this one has 5001)"]);
  });

  it("reads expiry dates through the end of the day UTC, and Unix seconds as given", () => {
    expect(parseExpiry("2030-01-01")).toBe(Date.UTC(2030, 0, 1) / 1000 + 86_399);
    expect(parseExpiry("1900000000")).toBe(1_900_000_000);
    for (const bad of ["2030-1-01", "01/02/2030", "2029-02-29", "-5", "1.5"]) expect(parseExpiry(bad)).toBeNull();
  });
});

describe("withServerErrors", () => {
  it("puts the server's per-line errors next to their lines, keeps the preview's own, and blocks sending", () => {
    const preview = parseInvestorCsv(`wallet,country,kyc_valid_until,flags\n${A},DE,2030-01-01,\n${B},DE,2030-01-01,\n`, NOW);
    const merged = withServerErrors(preview, [{ line: 3, message: "wallet is already linked to an investor on chain" }, { line: 9, message: "odd" }]);
    expect(merged.rows.map((r) => [r.line, r.errors])).toEqual([[2, []], [3, ["wallet is already linked to an investor on chain"]]]);
    expect(merged.fileErrors).toEqual(["Line 9: odd"]);
    expect(merged.sendable).toBe(false);
  });
});
