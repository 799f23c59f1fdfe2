/** Words for the API's certificate enums, as a visitor reads them. */
export const STATUS_LABEL: Record<string, string> = {
  ACTIVE: "Active", LOST: "Reported lost", STOLEN: "Reported stolen", DESTROYED: "Destroyed", REVOKED: "Revoked",
};
export const REASON_LABEL: Record<string, string> = {
  NONE: "", ISSUED_IN_ERROR: "issued in error", NOT_AUTHENTIC: "not authentic", LEGAL_ORDER: "legal order",
  SUPERSEDED: "superseded", OTHER: "see the issuer's document",
};
export const ROLE_LABEL: Record<string, string> = {
  ARTIST: "Artist or estate", SPECIALIST: "Specialist", CONSERVATOR: "Conservator", APPRAISER: "Appraiser",
};
export const PROVENANCE_LABEL: Record<string, string> = {
  CUSTODY: "Custody", LOAN: "Loan", EXHIBITION: "Exhibition", CONDITION_REPORT: "Condition report", SALE: "Sale",
};

/** "2026-12-02 11:45 UTC" */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
