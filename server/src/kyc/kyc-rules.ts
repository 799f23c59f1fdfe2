import { FolioError } from "../errors.ts";
import { flagsToBits, type CategoryFlags } from "./chain-writes.ts";
import { requireCountry } from "./countries.ts";

export interface ApprovalInput {
  /** ISO 3166-1 alpha-2 code registered on chain (as its numeric code). */
  country: string;
  categories: CategoryFlags;
  /** KYC stays valid this many days from the decision (by chain time). */
  validityDays: number;
}

const MAX_REASON_LENGTH = 500;
const MAX_VALIDITY_DAYS = 3650;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isId = (id: string) => typeof id === "string" && UUID.test(id);

export const notFound = () => new FolioError("KYC_APPLICATION_NOT_FOUND", "You have no KYC application yet", { hint: "Start one with saveKycApplication" });

export const stateError = (status: string, wanted: string) =>
  new FolioError("KYC_INVALID_STATE", `An application that is ${status} cannot be ${wanted}`);

/** A decision's reason (rejection, suspension, reinstatement), trimmed and bounded. */
export function requireReason(reason: string): string {
  const text = typeof reason === "string" ? reason.trim() : "";
  if (!text || text.length > MAX_REASON_LENGTH) throw new FolioError("KYC_INVALID_INPUT", `reason must be 1 to ${MAX_REASON_LENGTH} characters`);
  return text;
}

/** An approval or renewal decision as the registry stores it: numeric country, flag bits, validity in days. */
export function readDecision(input: ApprovalInput): { country: number; flags: number; validityDays: number } {
  const country = requireCountry("country", input.country).numeric;
  if (!Number.isInteger(input.validityDays) || input.validityDays < 1 || input.validityDays > MAX_VALIDITY_DAYS) {
    throw new FolioError("KYC_INVALID_INPUT", `validityDays must be an integer from 1 to ${MAX_VALIDITY_DAYS}`);
  }
  return { country, flags: flagsToBits(input.categories), validityDays: input.validityDays };
}
