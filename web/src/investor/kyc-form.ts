/** The KYC application form as typed: every field a string (countries as alpha-2 codes), the US-person flag a boolean. */
export interface KycFormValues {
  legalName: string;
  dateOfBirth: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  region: string;
  countryOfResidence: string;
  nationality: string;
  taxResidence: string;
  category: "" | "RETAIL" | "ACCREDITED" | "QUALIFIED" | "INSTITUTION";
  usPerson: boolean;
}

export type KycFormErrors = Partial<Record<keyof KycFormValues, string>>;

export const EMPTY_KYC_FORM: KycFormValues = {
  legalName: "", dateOfBirth: "", line1: "", line2: "", city: "", postalCode: "", region: "",
  countryOfResidence: "", nationality: "", taxResidence: "", category: "", usPerson: false,
};

export const MIN_AGE_YEARS = 18;

const required = (value: string, message: string) => (value.trim() === "" ? message : undefined);
const tooLong = (value: string, max: number) => (value.trim().length > max ? `At most ${max} characters` : undefined);

/** Why a date of birth cannot be accepted (the server's rules: a real date, an adult, under 130 years), or undefined. */
export function dateOfBirthError(value: string, today = new Date()): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return value.trim() === "" ? "Enter your date of birth" : "Enter a date such as 1980-04-30";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return "This date does not exist";
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (date.getTime() > todayUtc) return "The date of birth cannot be in the future";
  if (Date.UTC(year + MIN_AGE_YEARS, month - 1, day) > todayUtc) return `Applicants must be at least ${MIN_AGE_YEARS} years old`;
  if (Date.UTC(year + 130, month - 1, day) < todayUtc) return "Enter a date of birth less than 130 years ago";
  return undefined;
}

/** Every problem with the form, by field; empty when it can be sent. */
export function validateKycForm(v: KycFormValues, today = new Date()): KycFormErrors {
  const errors: KycFormErrors = {
    legalName: required(v.legalName, "Enter your full legal name") ?? tooLong(v.legalName, 200),
    dateOfBirth: dateOfBirthError(v.dateOfBirth, today),
    line1: required(v.line1, "Enter the street and number") ?? tooLong(v.line1, 200),
    line2: tooLong(v.line2, 200),
    city: required(v.city, "Enter the city") ?? tooLong(v.city, 100),
    postalCode: required(v.postalCode, "Enter the postal code") ?? tooLong(v.postalCode, 20),
    region: tooLong(v.region, 100),
    countryOfResidence: required(v.countryOfResidence, "Choose the country you live in"),
    nationality: required(v.nationality, "Choose your nationality"),
    taxResidence: required(v.taxResidence, "Choose the country where you pay taxes"),
    category: required(v.category, "Choose an investor category"),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as KycFormErrors;
}

/** The form as saveKycApplication's input. */
export function toKycInput(v: KycFormValues) {
  const optional = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    legalName: v.legalName.trim(),
    dateOfBirth: v.dateOfBirth.trim(),
    address: { line1: v.line1.trim(), line2: optional(v.line2), city: v.city.trim(), postalCode: v.postalCode.trim(), region: optional(v.region) },
    countryOfResidence: v.countryOfResidence,
    nationality: v.nationality,
    taxResidence: v.taxResidence,
    category: v.category as Exclude<KycFormValues["category"], "">,
    usPerson: v.usPerson,
  };
}

type SavedPersonalData = {
  legalName: string | null; dateOfBirth: string | null;
  address: { line1: string; line2: string | null; city: string; postalCode: string; region: string | null } | null;
  countryOfResidence: string | null; nationality: string | null; taxResidence: string | null;
  category: string | null; usPerson: boolean | null;
} | null;

/** The saved application back in the form. */
export function fromPersonalData(p: SavedPersonalData): KycFormValues {
  if (!p) return EMPTY_KYC_FORM;
  return {
    legalName: p.legalName ?? "", dateOfBirth: p.dateOfBirth ?? "",
    line1: p.address?.line1 ?? "", line2: p.address?.line2 ?? "", city: p.address?.city ?? "",
    postalCode: p.address?.postalCode ?? "", region: p.address?.region ?? "",
    countryOfResidence: p.countryOfResidence ?? "", nationality: p.nationality ?? "", taxResidence: p.taxResidence ?? "",
    category: (p.category ?? "") as KycFormValues["category"], usPerson: p.usPerson ?? false,
  };
}
