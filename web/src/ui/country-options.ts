import { findCountry, listCountries, type Country } from "../../../lib/countries.ts";

/** Every ISO 3166-1 country, sorted by its English name, from the shared table (lib/countries.ts bundles for the browser). */
export const COUNTRY_OPTIONS: readonly Country[] = Object.freeze(listCountries().sort((a, b) => a.name.localeCompare(b.name, "en")));

/** The country an alpha-2 code names, or null. */
export const countryByAlpha2 = (alpha2: string): Country | null => (/^[A-Za-z]{2}$/.test(alpha2) ? findCountry(alpha2) : null);

/** Countries by name, in the order given: "France, Germany" (unknown codes shown as given). */
export function countryNames(alpha2Codes: readonly string[]): string {
  return alpha2Codes.map((code) => countryByAlpha2(code)?.name ?? code).join(", ");
}

/** Countries whose name or alpha-2 code starts with `query` (case-insensitive), then those whose name contains it. */
export function searchCountries(query: string, limit = 8): Country[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const code = COUNTRY_OPTIONS.filter((c) => c.alpha2.toLowerCase() === q);
  const starts = COUNTRY_OPTIONS.filter((c) => !code.includes(c) && c.name.toLowerCase().startsWith(q));
  const contains = COUNTRY_OPTIONS.filter((c) => !code.includes(c) && !starts.includes(c) && c.name.toLowerCase().includes(q));
  return [...code, ...starts, ...contains].slice(0, limit);
}

/** "DE" -> "Germany" (the code itself when unknown). */
export const countryName = (alpha2: string) => countryByAlpha2(alpha2)?.name ?? alpha2;
