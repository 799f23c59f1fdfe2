export interface DecisionValues {
  country: string;
  accredited: boolean;
  qualified: boolean;
  usPerson: boolean;
  institution: boolean;
  validityDays: string;
}

export type DecisionErrors = Partial<Record<keyof DecisionValues, string>>;

/** The decision the officer starts from: the applicant's own country and category. */
export function initialDecision(p: { countryOfResidence: string | null; category: string | null; usPerson: boolean | null } | null): DecisionValues {
  return {
    country: p?.countryOfResidence ?? "",
    accredited: p?.category === "ACCREDITED",
    qualified: p?.category === "QUALIFIED",
    usPerson: p?.usPerson ?? false,
    institution: p?.category === "INSTITUTION",
    validityDays: "365",
  };
}

export function validateDecision(v: DecisionValues): DecisionErrors {
  const errors: DecisionErrors = {};
  if (!v.country) errors.country = "Choose the country to register";
  const days = v.validityDays.trim();
  if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 3650) errors.validityDays = "Enter a whole number of days from 1 to 3650";
  return errors;
}

export const toDecisionInput = (v: DecisionValues) => ({
  country: v.country, accredited: v.accredited, qualified: v.qualified, usPerson: v.usPerson, institution: v.institution,
  validityDays: Number(v.validityDays.trim()),
});

/** A suspension or reinstatement needs a reason for the audit log (at most 500 characters). */
export function validateReason(reason: string, action: "suspend" | "reinstate"): string | undefined {
  const text = reason.trim();
  if (text === "") return action === "suspend" ? "Say why the investor is suspended" : "Say why the suspension is lifted";
  if (text.length > 500) return "Keep the reason to 500 characters";
  return undefined;
}
