/**
 * ISO 3166-1 countries as people write them (alpha-2 "DE", any case, or numeric 276 / "276") and as the chain stores
 * them (the numeric code, a uint16). Shared by the server and the Hardhat tasks; no dependency on either.
 */

/**
 * ISO 3166-1: every officially assigned alpha-2 code with its numeric code (the chain stores the numeric code).
 * 249 entries, as published by the ISO 3166 Maintenance Agency.
 */
const ISO_3166_1 =
  "AD020 AE784 AF004 AG028 AI660 AL008 AM051 AO024 AQ010 AR032 AS016 AT040 AU036 AW533 AX248 AZ031 " +
  "BA070 BB052 BD050 BE056 BF854 BG100 BH048 BI108 BJ204 BL652 BM060 BN096 BO068 BQ535 BR076 BS044 BT064 BV074 BW072 BY112 BZ084 " +
  "CA124 CC166 CD180 CF140 CG178 CH756 CI384 CK184 CL152 CM120 CN156 CO170 CR188 CU192 CV132 CW531 CX162 CY196 CZ203 " +
  "DE276 DJ262 DK208 DM212 DO214 DZ012 EC218 EE233 EG818 EH732 ER232 ES724 ET231 FI246 FJ242 FK238 FM583 FO234 FR250 " +
  "GA266 GB826 GD308 GE268 GF254 GG831 GH288 GI292 GL304 GM270 GN324 GP312 GQ226 GR300 GS239 GT320 GU316 GW624 GY328 " +
  "HK344 HM334 HN340 HR191 HT332 HU348 ID360 IE372 IL376 IM833 IN356 IO086 IQ368 IR364 IS352 IT380 JE832 JM388 JO400 JP392 " +
  "KE404 KG417 KH116 KI296 KM174 KN659 KP408 KR410 KW414 KY136 KZ398 LA418 LB422 LC662 LI438 LK144 LR430 LS426 LT440 LU442 LV428 LY434 " +
  "MA504 MC492 MD498 ME499 MF663 MG450 MH584 MK807 ML466 MM104 MN496 MO446 MP580 MQ474 MR478 MS500 MT470 MU480 MV462 MW454 MX484 MY458 MZ508 " +
  "NA516 NC540 NE562 NF574 NG566 NI558 NL528 NO578 NP524 NR520 NU570 NZ554 OM512 " +
  "PA591 PE604 PF258 PG598 PH608 PK586 PL616 PM666 PN612 PR630 PS275 PT620 PW585 PY600 QA634 RE638 RO642 RS688 RU643 RW646 " +
  "SA682 SB090 SC690 SD729 SE752 SG702 SH654 SI705 SJ744 SK703 SL694 SM674 SN686 SO706 SR740 SS728 ST678 SV222 SX534 SY760 SZ748 " +
  "TC796 TD148 TF260 TG768 TH764 TJ762 TK772 TL626 TM795 TN788 TO776 TR792 TT780 TV798 TW158 TZ834 " +
  "UA804 UG800 UM581 US840 UY858 UZ860 VA336 VC670 VE862 VG092 VI850 VN704 VU548 WF876 WS882 YE887 YT175 ZA710 ZM894 ZW716";

export interface Country {
  /** ISO 3166-1 numeric code, as the chain stores it (276). */
  numeric: number;
  /** ISO 3166-1 alpha-2 code, upper case ("DE"). */
  alpha2: string;
  /** English short name ("Germany"). */
  name: string;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

const BY_ALPHA2: ReadonlyMap<string, Country> = new Map(
  ISO_3166_1.split(" ").map((entry) => {
    const alpha2 = entry.slice(0, 2);
    return [alpha2, Object.freeze({ numeric: Number(entry.slice(2)), alpha2, name: regionNames.of(alpha2) ?? alpha2 })] as const;
  }),
);
const BY_NUMERIC: ReadonlyMap<number, Country> = new Map([...BY_ALPHA2.values()].map((c) => [c.numeric, c] as const));

export const COUNTRY_COUNT = BY_ALPHA2.size;

/** A country code no one assigned, or not a country code at all. `value` is what was given. */
export class CountryError extends Error {
  readonly code = "COUNTRY_UNKNOWN";
  readonly value: string;

  constructor(value: unknown) {
    const shown = typeof value === "string" || typeof value === "number" ? String(value) : typeof value;
    super(`"${shown}" is not an ISO 3166-1 country: give an alpha-2 code such as DE or a numeric code such as 276`);
    this.name = "CountryError";
    this.value = shown;
  }
}

/**
 * The country an alpha-2 code (any case, "DE"), a numeric code as text ("276", "040" or "40") or a numeric code
 * (276) names; null when it names none. Surrounding spaces are ignored.
 */
export function findCountry(input: string | number): Country | null {
  if (typeof input === "number") return Number.isInteger(input) ? BY_NUMERIC.get(input) ?? null : null;
  if (typeof input !== "string") return null;
  const text = input.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(text)) return BY_ALPHA2.get(text) ?? null;
  if (/^[0-9]{1,3}$/.test(text)) return BY_NUMERIC.get(Number(text)) ?? null;
  return null;
}

/** As findCountry, but an unknown or malformed code throws CountryError (code COUNTRY_UNKNOWN, with the value). */
export function parseCountry(input: string | number): Country {
  const country = findCountry(input);
  if (!country) throw new CountryError(input);
  return country;
}

/** The country a numeric code (as the chain stores it) names; null for a number no country has (0, 999). */
export function countryOfNumeric(numeric: number): Country | null {
  return BY_NUMERIC.get(numeric) ?? null;
}

/** The ISO 3166-1 numeric code of an alpha-2 code (any case), or null when the code is not assigned. */
export function numericCountry(alpha2: string): number | null {
  return BY_ALPHA2.get(alpha2.toUpperCase())?.numeric ?? null;
}

/** The alpha-2 code of a numeric code, or null when no country has it. */
export function alpha2Country(numeric: number): string | null {
  return BY_NUMERIC.get(numeric)?.alpha2 ?? null;
}

/** A comma-separated list of countries in either format ("DE, 250,us") as numeric codes, in order, without repeats. */
export function parseCountryList(text: string): number[] {
  const codes = text.split(",").map((c) => c.trim()).filter((c) => c !== "");
  return [...new Set(codes.map((c) => parseCountry(c).numeric))];
}

/** Every assigned country, by alpha-2 code. */
export function listCountries(): Country[] {
  return [...BY_ALPHA2.values()];
}
