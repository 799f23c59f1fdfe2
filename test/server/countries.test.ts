import { describe, expect, it } from "vitest";
import {
  COUNTRY_COUNT, CountryError, alpha2Country, countryOfNumeric, findCountry, numericCountry, parseCountry, parseCountryList,
} from "../../lib/countries.ts";
import { parseInvestorCsv } from "../../scripts/lib/investor-csv.ts";

const NOW = 1_700_000_000;
const WALLET = (c: string) => `0x${c.repeat(40)}`;

describe("ISO 3166-1 countries (lib/countries.ts)", () => {
  it("reads an alpha-2 code in any case or a numeric code as text or number, and answers both with the name", () => {
    const germany = { numeric: 276, alpha2: "DE", name: "Germany" };
    for (const input of ["DE", "de", " De ", "276", 276]) expect(parseCountry(input), String(input)).toEqual(germany);
    // Numeric codes below 100 may be written with or without their leading zeros.
    for (const input of ["040", "40", 40]) expect(parseCountry(input).alpha2).toBe("AT");
    expect(findCountry("004")).toMatchObject({ alpha2: "AF", numeric: 4 });
  });

  it("knows the 249 assigned codes, each both ways", () => {
    expect(COUNTRY_COUNT).toBe(249);
    for (let n = 0; n < 1000; n++) {
      const alpha2 = alpha2Country(n);
      if (alpha2 === null) continue;
      expect(numericCountry(alpha2), alpha2).toBe(n);
      expect(countryOfNumeric(n)).toEqual(parseCountry(alpha2));
    }
  });

  it("refuses what names no country with COUNTRY_UNKNOWN and the value it was given", () => {
    for (const bad of ["XX", "UK", "EU", "ZZ", "FRA", "D", "", " ", "999", "0", "1000", "0276", "27.6", "2e2", "-276", 999, 0, -276, 276.5, Number.NaN]) {
      let error: unknown;
      try {
        parseCountry(bad);
      } catch (e) {
        error = e;
      }
      expect(error, String(bad)).toBeInstanceOf(CountryError);
      expect(error).toMatchObject({ code: "COUNTRY_UNKNOWN", value: String(bad) });
      expect((error as Error).message).toContain(`"${String(bad)}"`);
      expect(findCountry(bad)).toBeNull();
    }
    expect(countryOfNumeric(999)).toBeNull();
  });

  it("reads a comma-separated list in either format as numeric codes, in order, once each", () => {
    expect(parseCountryList("DE, 250,us,276")).toEqual([276, 250, 840]);
    expect(parseCountryList("")).toEqual([]);
    expect(() => parseCountryList("DE,XX")).toThrow(expect.objectContaining({ code: "COUNTRY_UNKNOWN", value: "XX" }));
  });
});

describe("the Hardhat task's investor CSV (scripts/lib/investor-csv.ts)", () => {
  it("takes alpha-2 or numeric countries and keeps the numeric code for the chain", () => {
    const rows = parseInvestorCsv(
      "investor,wallet,country,kyc_valid_until,flags\n" +
        `a,${WALLET("a")},DE,2030-01-01,\n` +
        `b,${WALLET("b")},fr,2030-01-01,\n` +
        `c,${WALLET("c")},840,2030-01-01,\n` +
        `d,${WALLET("d")},040,2030-01-01,\n`,
      NOW,
    );
    expect(rows.map((r) => r.country)).toEqual([276, 250, 840, 40]);
  });

  it("names the line and the unknown country, and returns nothing", () => {
    const text =
      "investor,wallet,country,kyc_valid_until,flags\n" +
      `a,${WALLET("a")},DE,2030-01-01,\n` +
      `b,${WALLET("b")},XX,2030-01-01,\n` +
      `c,${WALLET("c")},999,2030-01-01,\n` +
      `d,${WALLET("d")},,2030-01-01,\n`;
    expect(() => parseInvestorCsv(text, NOW)).toThrow(/line 3: country "XX" is not an ISO 3166-1 country.*\nline 4: country "999" is not.*\nline 5: country "" is not/s);
  });
});
