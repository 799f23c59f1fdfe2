import type { Address } from "viem";
import { FolioError } from "../errors.ts";
import type { Viewer } from "./auth-service.ts";
import type { Role, RoleAssignment } from "./roles.ts";
import { AgentPermission } from "../../../lib/agent-permissions.ts";

/**
 * The one place resolvers check who may do what. Every mutation and every non-public field calls one of these
 * before doing anything; the authorization matrix test holds them to it.
 */
export interface AuthContext {
  viewer: Viewer | null;
  services: { auth: { tokenRolesOf(address: Address, token: Address): Promise<RoleAssignment[]> } };
}

export function requireSignedIn(ctx: Pick<AuthContext, "viewer">): Viewer {
  if (!ctx.viewer) throw new FolioError("UNAUTHENTICATED", "Sign in first", { hint: "Send Authorization: Bearer <token> from signIn" });
  return ctx.viewer;
}

/** True when the viewer holds any of `roles` (token-scoped roles on any token count). */
export async function hasRole(ctx: Pick<AuthContext, "viewer">, ...roles: Role[]): Promise<boolean> {
  if (!ctx.viewer) return false;
  const held = await ctx.viewer.roles();
  return held.some((r) => roles.includes(r.role));
}

/** The viewer, when signed in and holding one of `roles`; UNAUTHENTICATED or FORBIDDEN otherwise. */
export async function requireRole(ctx: Pick<AuthContext, "viewer">, ...roles: Role[]): Promise<Viewer> {
  const viewer = requireSignedIn(ctx);
  if (!(await hasRole(ctx, ...roles))) throw forbidden(roles);
  return viewer;
}

/**
 * The viewer, when it holds one of `roles` for `token`: TOKEN_OWNER and TOKEN_AGENT are read from that token's own
 * contract; any platform-wide role in `roles` (e.g. PLATFORM_ADMIN) counts as well.
 */
export async function requireTokenRole(ctx: AuthContext, token: Address, ...roles: Role[]): Promise<Viewer> {
  const viewer = requireSignedIn(ctx);
  const isTokenScoped = (r: Role) => r === "TOKEN_OWNER" || r === "TOKEN_AGENT";
  const tokenScoped: Role[] = roles.filter(isTokenScoped);
  const global = roles.filter((r) => !isTokenScoped(r));
  if (global.length && (await hasRole(ctx, ...global))) return viewer;
  if (tokenScoped.length) {
    const held = await ctx.services.auth.tokenRolesOf(viewer.address, token);
    if (held.some((r) => tokenScoped.includes(r.role as Role))) return viewer;
  }
  throw forbidden(roles, token);
}

export interface TokenPermissionContext extends AuthContext {
  services: AuthContext["services"] & { auth: AuthContext["services"]["auth"] & { tokenPermissionsOf(address: Address, token: Address): Promise<number> } };
}

/**
 * The viewer, when it is `token`'s owner or an agent of it holding the agent permission `permission`
 * (contracts/interfaces/AgentPermissions.sol). Actions the server then carries out with its own key (pushing a
 * round's payouts, freezing wallets) would otherwise let an agent trusted with other powers only borrow the server's.
 */
export async function requireTokenPermission(ctx: TokenPermissionContext, token: Address, permission: Exclude<keyof typeof AgentPermission, "ALL">): Promise<Viewer> {
  const viewer = requireSignedIn(ctx);
  const held = await ctx.services.auth.tokenRolesOf(viewer.address, token);
  if (held.some((r) => r.role === "TOKEN_OWNER")) return viewer;
  if (held.some((r) => r.role === "TOKEN_AGENT") && ((await ctx.services.auth.tokenPermissionsOf(viewer.address, token)) & AgentPermission[permission]) !== 0) return viewer;
  throw new FolioError("FORBIDDEN", `This needs the owner of token ${token} or an agent of it with the ${permission} permission`);
}

function forbidden(roles: Role[], token?: Address): FolioError {
  return new FolioError("FORBIDDEN", `This needs one of the roles ${roles.join(", ")}${token ? ` on token ${token}` : ""}`);
}

/** Roles that may read any investor's record. */
export const INVESTOR_READERS: Role[] = ["PLATFORM_ADMIN", "COMPLIANCE_OFFICER", "KYC_AGENT"];

/**
 * The viewer, when it may read the investor record of `wallet`: the investor themself (signed in with any of their
 * linked wallets) or a holder of INVESTOR_READERS. Everyone else gets FORBIDDEN, whether or not the wallet is
 * registered, so the answer reveals nothing about other people.
 */
export async function requireInvestorAccess(
  ctx: Pick<AuthContext, "viewer">,
  wallet: Address,
  investorIdOf: (wallet: Address) => Promise<string | null>,
): Promise<Viewer> {
  const viewer = requireSignedIn(ctx);
  if (viewer.address === wallet || (await hasRole(ctx, ...INVESTOR_READERS))) return viewer;
  const [mine, theirs] = await Promise.all([investorIdOf(viewer.address), investorIdOf(wallet)]);
  if (mine !== null && mine === theirs) return viewer;
  throw new FolioError("FORBIDDEN", "Only the investor and the roles PLATFORM_ADMIN, COMPLIANCE_OFFICER, KYC_AGENT may read this investor");
}
