import { findCountry } from "../../../lib/countries.ts";

/** "DE" -> "Germany" (the code itself when unknown). */
export const countryName = (alpha2: string) => findCountry(alpha2)?.name ?? alpha2;
