import { findCountry } from "../../../lib/countries.ts";
import { FolioError } from "../errors.ts";

/**
 * A country an applicant or an officer gave in KYC, as an alpha-2 code (any case) or a numeric code;
 * KYC_COUNTRY_UNKNOWN otherwise. The message names the field, never the value (it is part of someone's personal
 * data). The ISO 3166-1 table itself is lib/countries.ts.
 */
export function requireCountry(field: string, value: string | number): { alpha2: string; numeric: number } {
  const country = typeof value === "string" || typeof value === "number" ? findCountry(value) : null;
  if (country === null) {
    throw new FolioError("KYC_COUNTRY_UNKNOWN", `${field} is not an ISO 3166-1 country code`, { hint: "Use an alpha-2 code such as DE or a numeric code such as 276" });
  }
  return { alpha2: country.alpha2, numeric: country.numeric };
}
