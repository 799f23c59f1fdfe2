import type { Address } from "viem";

/** Roles kept in the database (granted by platform admins). */
export const PLATFORM_ROLES = ["PLATFORM_ADMIN", "COMPLIANCE_OFFICER", "AUDITOR"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Roles read from the chain, where they are enforced. */
/** ARTWORK_ISSUER: an issuer the platform authorised on an artwork-certificate collection (`isIssuer`), scoped to it. */
export const CHAIN_ROLES = ["REGISTRY_OWNER", "KYC_AGENT", "TOKEN_OWNER", "TOKEN_AGENT", "ARTWORK_ISSUER"] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

export type Role = PlatformRole | ChainRole;

/**
 * A role held by an address; `token` scopes TOKEN_OWNER and TOKEN_AGENT to one token, and ARTWORK_ISSUER to one
 * certificate collection; it is null otherwise.
 */
export interface RoleAssignment {
  role: Role;
  token: Address | null;
}
