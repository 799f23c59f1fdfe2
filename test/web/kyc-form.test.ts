import { describe, expect, it } from "vitest";
import { dateOfBirthError, EMPTY_KYC_FORM, toKycInput, validateKycForm, type KycFormValues } from "../../web/src/investor/kyc-form.ts";
import { documentFileError, formatBytes } from "../../web/src/investor/documents.ts";
import { validateDecision, initialDecision } from "../../web/src/compliance/decision-form.ts";

const TODAY = new Date("2026-12-02T10:00:00Z");
const COMPLETE: KycFormValues = {
  legalName: "Ada Lovelace", dateOfBirth: "1985-12-10", line1: "12 St James's Square", line2: "", city: "London",
  postalCode: "SW1Y 4JH", region: "", countryOfResidence: "GB", nationality: "GB", taxResidence: "GB", category: "RETAIL", usPerson: false,
};

describe("the KYC application form", () => {
  it("accepts a complete application", () => {
    expect(validateKycForm(COMPLETE, TODAY)).toEqual({});
  });

  it("names every missing required field, and only those", () => {
    const errors = validateKycForm(EMPTY_KYC_FORM, TODAY);
    expect(Object.keys(errors).sort()).toEqual(
      ["category", "city", "countryOfResidence", "dateOfBirth", "legalName", "line1", "nationality", "postalCode", "taxResidence"].sort(),
    );
    expect(errors.legalName).toBe("Enter your full legal name");
    expect(errors.countryOfResidence).toBe("Choose the country you live in");
  });

  it("refuses a blank name and over-long fields with the server's limits", () => {
    expect(validateKycForm({ ...COMPLETE, legalName: "   " }, TODAY).legalName).toBe("Enter your full legal name");
    expect(validateKycForm({ ...COMPLETE, postalCode: "1".repeat(21) }, TODAY).postalCode).toBe("At most 20 characters");
  });

  it("refuses dates of birth that are malformed, impossible, in the future, of a minor, or too old", () => {
    expect(dateOfBirthError("", TODAY)).toBe("Enter your date of birth");
    expect(dateOfBirthError("10/12/1985", TODAY)).toBe("Enter a date such as 1980-04-30");
    expect(dateOfBirthError("1985-02-30", TODAY)).toBe("This date does not exist");
    expect(dateOfBirthError("2027-01-01", TODAY)).toBe("The date of birth cannot be in the future");
    expect(dateOfBirthError("2008-12-03", TODAY)).toBe("Applicants must be at least 18 years old");
    expect(dateOfBirthError("2008-12-02", TODAY)).toBeUndefined();
    expect(dateOfBirthError("1890-01-01", TODAY)).toBe("Enter a date of birth less than 130 years ago");
  });

  it("sends optional address lines as null and trims the rest", () => {
    const input = toKycInput({ ...COMPLETE, legalName: "  Ada Lovelace ", line2: " " });
    expect(input.legalName).toBe("Ada Lovelace");
    expect(input.address).toEqual({ line1: "12 St James's Square", line2: null, city: "London", postalCode: "SW1Y 4JH", region: null });
  });
});

describe("KYC documents", () => {
  it("accepts PDF, JPEG and PNG up to 5 MB and says what is wrong with anything else", () => {
    expect(documentFileError({ type: "application/pdf", size: 1200 })).toBeUndefined();
    expect(documentFileError(null)).toBe("Choose a file");
    expect(documentFileError({ type: "text/plain", size: 10 })).toBe("Choose a PDF, JPEG or PNG file");
    expect(documentFileError({ type: "image/png", size: 0 })).toBe("This file is empty");
    expect(documentFileError({ type: "image/png", size: 6 * 1024 * 1024 })).toBe("The file is larger than 5 MB");
    expect(formatBytes(1234)).toBe("1.2 kB");
  });
});

describe("the approval form", () => {
  it("starts from the applicant's country and category, and refuses a validity outside 1..3650 days", () => {
    const start = initialDecision({ countryOfResidence: "DE", category: "ACCREDITED", usPerson: false });
    expect(start).toMatchObject({ country: "DE", accredited: true, qualified: false, validityDays: "365" });
    expect(validateDecision(start)).toEqual({});
    expect(validateDecision({ ...start, validityDays: "0" }).validityDays).toBe("Enter a whole number of days from 1 to 3650");
    expect(validateDecision({ ...start, validityDays: "3651" }).validityDays).toBeDefined();
    expect(validateDecision({ ...start, validityDays: "1.5" }).validityDays).toBeDefined();
    expect(validateDecision({ ...start, country: "" }).country).toBe("Choose the country to register");
  });
});
