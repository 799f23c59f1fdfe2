import { getAddress, isAddress, type Address } from "viem";

/** The off-chain roles platform admins grant and revoke (the server's PlatformRole). */
export const PLATFORM_ROLES = ["COMPLIANCE_OFFICER", "AUDITOR", "PLATFORM_ADMIN"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const ROLE_LABELS: Record<PlatformRole, string> = {
  COMPLIANCE_OFFICER: "Compliance officer",
  AUDITOR: "Auditor",
  PLATFORM_ADMIN: "Platform admin",
};

/** The wallet a role change is for, or the message shown next to the field. */
export function readRoleWallet(text: string): { ok: true; address: Address } | { ok: false; error: string } {
  const value = text.trim();
  if (value === "") return { ok: false, error: "Enter the wallet address that gets or loses the role" };
  if (!isAddress(value, { strict: false })) return { ok: false, error: "Enter a wallet address: 0x followed by 40 hex digits" };
  if (!isAddress(value)) return { ok: false, error: "This address has a wrong checksum (mixed case that does not match): check for a typo" };
  return { ok: true, address: getAddress(value) };
}

/** What a role change did, in words (the server answers false when nothing changed). */
export function describeRoleChange(action: "grant" | "revoke", address: string, role: PlatformRole, changed: boolean): string {
  const label = ROLE_LABELS[role];
  if (action === "grant") return changed ? `${address} is now ${article(label)} ${label.toLowerCase()}.` : `${address} already was ${article(label)} ${label.toLowerCase()}: nothing changed.`;
  return changed ? `${address} is no longer ${article(label)} ${label.toLowerCase()}.` : `${address} was not ${article(label)} ${label.toLowerCase()}: nothing changed.`;
}

const article = (label: string) => (/^[AEIOU]/i.test(label) ? "an" : "a");
