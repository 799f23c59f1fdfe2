export type Role = "PLATFORM_ADMIN" | "COMPLIANCE_OFFICER" | "AUDITOR" | "REGISTRY_OWNER" | "KYC_AGENT" | "TOKEN_OWNER" | "TOKEN_AGENT" | "ARTWORK_ISSUER";

export interface SignedInUser {
  address: `0x${string}`;
  roles: { role: Role; token: string | null }[];
}

/** True when the user holds any of `roles` (on any token, for the token roles). */
export const hasAnyRole = (user: SignedInUser | null, ...roles: Role[]): boolean =>
  !!user && user.roles.some((r) => roles.includes(r.role));

/** Who may use each area of the console. Everyone signed in may apply as an investor. */
export const AREA_ROLES = {
  investor: [] as Role[],
  compliance: ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"] as Role[],
  issuer: ["TOKEN_OWNER", "TOKEN_AGENT", "PLATFORM_ADMIN"] as Role[],
  admin: ["PLATFORM_ADMIN"] as Role[],
  artworks: ["ARTWORK_ISSUER"] as Role[],
} as const;

export type Area = keyof typeof AREA_ROLES;

export function mayUse(user: SignedInUser | null, area: Area): boolean {
  if (!user) return false;
  const roles = AREA_ROLES[area];
  return roles.length === 0 || hasAnyRole(user, ...roles);
}
