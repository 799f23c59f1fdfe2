/**
 * Certificate statuses and the changes the contract allows (contracts/artwork/ArtworkTypes.sol and
 * ArtworkCertificate.setStatus / recover), so the console explains a refused change before the wallet opens.
 */
export const STATUS = { NONE: 0, ACTIVE: 1, LOST: 2, STOLEN: 3, DESTROYED: 4, REVOKED: 5 } as const;

export const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: "Not issued",
  1: "Active",
  2: "Lost",
  3: "Stolen",
  4: "Destroyed",
  5: "Revoked",
};

export const statusName = (status: number) => STATUS_NAMES[status] ?? `Unknown status ${status}`;

/** Reasons for a status change or a revocation (ArtworkTypes.REASON_*); a revocation needs one. */
export const REASONS: readonly { value: number; label: string }[] = [
  { value: 0, label: "No reason code (the note explains)" },
  { value: 1, label: "Issued in error" },
  { value: 2, label: "Not authentic" },
  { value: 3, label: "Legal order" },
  { value: 4, label: "Superseded" },
  { value: 5, label: "Other (the note explains)" },
];

/** What the issuer can mark a certificate as: a new status, or `recovered` (back to active, through recover()). */
export type StatusAction = "lost" | "stolen" | "recovered" | "destroyed" | "revoked";

export const STATUS_ACTIONS: readonly { value: StatusAction; label: string; target: number }[] = [
  { value: "lost", label: "Mark lost", target: STATUS.LOST },
  { value: "stolen", label: "Mark stolen", target: STATUS.STOLEN },
  { value: "recovered", label: "Mark recovered", target: STATUS.ACTIVE },
  { value: "destroyed", label: "Mark destroyed", target: STATUS.DESTROYED },
  { value: "revoked", label: "Revoke", target: STATUS.REVOKED },
];

/**
 * Why the contract would refuse `action` on a certificate in `current` status, in words; null when it allows it.
 * Destroyed and revoked are final; recovery is only from lost or stolen; a status cannot be set to itself; a
 * revocation needs a reason code.
 */
export function statusChangeProblem(current: number, action: StatusAction, reason: number): string | null {
  const now = statusName(current).toLowerCase();
  if (current === STATUS.DESTROYED || current === STATUS.REVOKED) {
    return `The certificate is ${now}, which is final: its status never changes again`;
  }
  if (current === STATUS.NONE) return "No certificate with this id has been issued";
  if (action === "recovered") {
    return current === STATUS.LOST || current === STATUS.STOLEN ? null : `Only a lost or stolen certificate can be recovered; this one is ${now}`;
  }
  const target = STATUS_ACTIONS.find((a) => a.value === action)!.target;
  if (target === current) return `The certificate is already ${now}`;
  if (action === "revoked" && reason === 0) return "A revocation needs a reason code: choose why the certificate is void";
  return null;
}

/** What each change means for the work, shown before it is sent. */
export const STATUS_EFFECTS: Readonly<Record<StatusAction, string>> = {
  lost: "The certificate cannot move until you mark it recovered.",
  stolen: "The certificate cannot move until you mark it recovered.",
  recovered: "The certificate becomes active again and returns to the holder you name.",
  destroyed: "Final: the certificate never moves again; its history stays readable and open to new entries.",
  revoked: "Final: the certificate is void, never moves again and records nothing more.",
};
