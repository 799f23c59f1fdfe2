import { describe, expect, it } from "vitest";
import { COUNTRY_OPTIONS, countryNames, searchCountries } from "../../web/src/ui/country-options.ts";

describe("country options", () => {
  it("lists all 249 ISO 3166-1 countries by name, from the shared table", () => {
    expect(COUNTRY_OPTIONS).toHaveLength(249);
    expect(COUNTRY_OPTIONS.find((c) => c.alpha2 === "DE")).toEqual({ numeric: 276, alpha2: "DE", name: "Germany" });
    const names = COUNTRY_OPTIONS.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("finds countries by the start of their name or by their code", () => {
    expect(searchCountries("fra").map((c) => c.alpha2)).toEqual(["FR"]);
    expect(searchCountries("ch")[0]!.alpha2).toBe("CH");
    expect(searchCountries("  ")).toEqual([]);
  });

  it("names a list of codes for the review step", () => {
    expect(countryNames(["FR", "DE"])).toBe("France, Germany");
  });
});
