import { FolioError } from "../errors.ts";
import { requireCountry } from "./countries.ts";

export const INVESTOR_CATEGORIES = ["retail", "accredited", "qualified", "institution"] as const;
export type InvestorCategory = (typeof INVESTOR_CATEGORIES)[number];

export interface ResidentialAddress {
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
}

/** An applicant's personal data: only ever stored encrypted (kyc_applications.personal_data). */
export interface PersonalData {
  legalName?: string;
  /** A calendar date, YYYY-MM-DD. */
  dateOfBirth?: string;
  address?: ResidentialAddress;
  /** ISO 3166-1 alpha-2 codes. */
  countryOfResidence?: string;
  nationality?: string;
  taxResidence?: string;
  category?: InvestorCategory;
  usPerson?: boolean;
}

export type PersonalDataInput = {
  legalName?: string | null;
  dateOfBirth?: string | null;
  address?: { line1: string; line2?: string | null; city: string; postalCode: string; region?: string | null } | null;
  countryOfResidence?: string | null;
  nationality?: string | null;
  taxResidence?: string | null;
  category?: string | null;
  usPerson?: boolean | null;
};

export const MIN_AGE_YEARS = 18;
const MAX_AGE_YEARS = 130;

// Errors name the field and the rule, never the value: the value is someone's personal data.
const invalid = (code: string, message: string, hint?: string) => new FolioError(code, message, hint ? { hint } : {});

function text(field: string, value: string, max: number): string {
  const trimmed = value.normalize("NFC").trim().replace(/\s+/g, " ");
  if (trimmed.length === 0) throw invalid("KYC_INVALID_INPUT", `${field} must not be empty`);
  if (trimmed.length > max) throw invalid("KYC_INVALID_INPUT", `${field} must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw invalid("KYC_INVALID_INPUT", `${field} must not contain control characters`);
  // Bidirectional overrides and isolates make a name display as something else (U+202E turns "gnp.exe" around);
  // a lone surrogate is not text at all.
  if (/[\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(trimmed)) {
    throw invalid("KYC_INVALID_INPUT", `${field} must not contain direction overrides or broken characters`);
  }
  // Only invisible format characters (zero-width joiners and spaces) and marks: blank to a reader.
  if (trimmed.replace(/[\p{Cf}\p{M}\s]/gu, "").length === 0) throw invalid("KYC_INVALID_INPUT", `${field} must not be empty`);
  return trimmed;
}

/**
 * A real calendar date (YYYY-MM-DD) that is not in the future, of someone at least 18 years old on `today` (UTC).
 */
export function validateDateOfBirth(value: string, today = new Date()): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const hint = "Use the form YYYY-MM-DD, e.g. 1980-04-30";
  if (!match) throw invalid("KYC_INVALID_DATE", "dateOfBirth must be a date in the form YYYY-MM-DD", hint);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw invalid("KYC_INVALID_DATE", "dateOfBirth is not a real calendar date", hint);
  }
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (date.getTime() > todayUtc) throw invalid("KYC_INVALID_DATE", "dateOfBirth must not be in the future");
  // Adult on the anniversary itself; someone born on 29 February comes of age on 1 March in common years.
  const adultOn = Date.UTC(year + MIN_AGE_YEARS, month - 1, day);
  if (adultOn > todayUtc) throw invalid("KYC_UNDERAGE", `Applicants must be at least ${MIN_AGE_YEARS} years old`);
  if (Date.UTC(year + MAX_AGE_YEARS, month - 1, day) < todayUtc) {
    throw invalid("KYC_INVALID_DATE", `dateOfBirth must be less than ${MAX_AGE_YEARS} years ago`);
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** Validates the fields present in `input` and returns them normalised; absent fields are left out. */
export function validatePersonalData(input: PersonalDataInput, today = new Date()): PersonalData {
  const out: PersonalData = {};
  if (input.legalName != null) out.legalName = text("legalName", input.legalName, 200);
  if (input.dateOfBirth != null) out.dateOfBirth = validateDateOfBirth(input.dateOfBirth, today);
  if (input.address != null) {
    const a = input.address;
    out.address = {
      line1: text("address.line1", a.line1, 200),
      line2: a.line2 == null || a.line2.trim() === "" ? null : text("address.line2", a.line2, 200),
      city: text("address.city", a.city, 100),
      postalCode: text("address.postalCode", a.postalCode, 20),
      region: a.region == null || a.region.trim() === "" ? null : text("address.region", a.region, 100),
    };
  }
  for (const field of ["countryOfResidence", "nationality", "taxResidence"] as const) {
    const value = input[field];
    if (value != null) out[field] = requireCountry(field, value).alpha2;
  }
  if (input.category != null) {
    const category = input.category.toLowerCase();
    if (!(INVESTOR_CATEGORIES as readonly string[]).includes(category)) {
      throw invalid("KYC_INVALID_INPUT", `category must be one of ${INVESTOR_CATEGORIES.join(", ")}`);
    }
    out.category = category as InvestorCategory;
  }
  if (input.usPerson != null) out.usPerson = input.usPerson;
  return out;
}

/** The fields still missing before an application can be submitted (empty when complete). */
export function missingFields(data: PersonalData, documentKinds: readonly string[]): string[] {
  const missing: string[] = [];
  for (const field of ["legalName", "dateOfBirth", "address", "countryOfResidence", "nationality", "taxResidence", "category", "usPerson"] as const) {
    if (data[field] === undefined) missing.push(field);
  }
  if (!documentKinds.includes("identity")) missing.push("an identity document");
  if (data.category && data.category !== "retail" && !documentKinds.includes("accreditation")) {
    missing.push("evidence of the investor category (an accreditation document)");
  }
  return missing;
}
