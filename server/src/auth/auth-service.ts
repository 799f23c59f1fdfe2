import { getAddress, type Address } from "viem";
import { createAuditLog, type AuditEntry } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createTokenIndex } from "../tokens/token-index.ts";
import { createChainRoleReader } from "./chain-roles.ts";
import { createNonceStore } from "./nonces.ts";
import { createRoleStore } from "./role-store.ts";
import type { PlatformRole, RoleAssignment } from "./roles.ts";
import { createSignInFailureLog } from "./sign-in-failures.ts";
import { createSessionStore, type Session, type SessionProblem } from "./sessions.ts";
import { verifySignIn } from "./siwe.ts";

/** The signed-in caller of one request. Roles are read once per request, on first use. */
export interface Viewer {
  address: Address;
  sessionTokenHash: string;
  roles(): Promise<RoleAssignment[]>;
}

export interface AuthServiceOptions {
  db: Database;
  chain: Chain;
  logger: Logger;
  publicUrl: string;
  sessionTtlSeconds: number;
  adminAddresses: readonly Address[];
  /** Failed sign-ins allowed per client IP and minute before sign-ins from it are refused; 0 turns the limit off. */
  signInFailuresPerMinute?: number;
}

/** Sign-In with Ethereum, sessions and roles (on-chain and off-chain). */
export function createAuthService(options: AuthServiceOptions) {
  const { db, chain, logger } = options;
  const audit = createAuditLog(db);
  const nonces = createNonceStore(db);
  const sessions = createSessionStore({ db, ttlSeconds: options.sessionTtlSeconds });
  const platformRoles = createRoleStore({ db, configuredAdmins: options.adminAddresses });
  // Token roles exist only for Folio's own tokens: those the index holds (from the deployment and the TokenFactory's
  // events). Any other address may answer owner() and isAgent() as it likes, so it grants nothing.
  const tokenIndex = createTokenIndex(db);
  const chainRoles = createChainRoleReader({ chain, logger, listTokens: tokenIndex.tokenAddresses });
  const signInFailures = createSignInFailureLog({ record: (entry) => audit.record(entry), logger, failuresPerMinute: options.signInFailuresPerMinute ?? 0 });

  async function rolesOf(address: Address): Promise<RoleAssignment[]> {
    const [offChain, onChain] = await Promise.all([platformRoles.rolesOf(address), chainRoles.rolesOf(address)]);
    return [...offChain.map((role) => ({ role, token: null })), ...onChain];
  }

  /** Records a failed action in its own transaction (the action's own transaction rolled back), then rethrows. */
  async function failed(error: unknown, entry: Omit<AuditEntry, "outcome">): Promise<never> {
    const code = error instanceof FolioError ? error.code : "INTERNAL";
    await audit.record({ ...entry, outcome: "failure", details: { ...entry.details, code } });
    throw error;
  }

  return {
    issueNonce: () => nonces.issue(),

    /**
     * Verifies the message and signature, consumes the nonce once, and opens a session. `client` (the caller's IP)
     * keys the failed sign-in limit; failures are audited within a budget per window (sign-in-failures.ts).
     */
    async signIn(message: string, signature: string, client: string | null = null): Promise<Session> {
      const clientKey = client ?? "unknown";
      await signInFailures.check(clientKey);
      let claimed: Address | null = null;
      try {
        const verified = await verifySignIn(message, signature, { publicUrl: options.publicUrl, chain });
        claimed = getAddress(verified.address);
        if (!(await nonces.consume(verified.nonce))) {
          throw new FolioError("SIWE_NONCE_INVALID", "The sign-in nonce is unknown, already used or expired", { hint: "Ask for a new siweNonce" });
        }
        const session = await sessions.open(claimed);
        await audit.record({ actor: claimed, action: "auth.signIn", target: claimed, outcome: "success" });
        logger.info({ msg: "signed in", action: "auth.signIn" });
        return session;
      } catch (error) {
        const code = error instanceof FolioError ? error.code : "INTERNAL";
        await signInFailures.failed(clientKey, { actor: claimed, action: "auth.signIn", target: claimed, outcome: "failure", details: { code } });
        throw error;
      }
    },

    /** Writes the summary of failed sign-ins counted so far (a timer does it once per window). */
    flushSignInFailures: () => signInFailures.flush(),

    async signOut(viewer: Viewer | null): Promise<boolean> {
      if (!viewer) return false;
      const ended = await sessions.end(viewer.sessionTokenHash);
      if (ended) await audit.record({ actor: viewer.address, action: "auth.signOut", target: viewer.address, outcome: "success" });
      return ended;
    },

    /**
     * The viewer a session token stands for; null for anonymous requests. A token that opens no session (unknown,
     * ended or expired) is not anonymous: its problem is returned, and the API answers UNAUTHENTICATED with it.
     */
    async viewerFor(token: string | null): Promise<{ viewer: Viewer | null; problem: SessionProblem["problem"] | null }> {
      if (token === null) return { viewer: null, problem: null };
      const session = await sessions.find(token);
      if ("problem" in session) return { viewer: null, problem: session.problem };
      let roles: Promise<RoleAssignment[]> | undefined;
      return {
        viewer: {
          address: session.address,
          sessionTokenHash: session.tokenHash,
          roles: () => (roles ??= rolesOf(session.address)),
        },
        problem: null,
      };
    },

    rolesOf,
    /**
     * TOKEN_OWNER / TOKEN_AGENT of `token`, read from that token, when it is one of Folio's tokens (in the index:
     * from the deployment or issued by the TokenFactory, also after deployment); none for any other address.
     */
    async tokenRolesOf(address: Address, token: Address): Promise<RoleAssignment[]> {
      if (!(await tokenIndex.isFolioToken(token))) return [];
      return chainRoles.tokenRoles(address, token);
    },
    /** The agent permission bits `address` holds on `token`, when it is one of Folio's tokens; 0 otherwise. */
    async tokenPermissionsOf(address: Address, token: Address): Promise<number> {
      if (!(await tokenIndex.isFolioToken(token))) return 0;
      return chainRoles.tokenPermissions(address, token);
    },
    registryAddress: () => chainRoles.registryAddress(),
    roleHolders: () => platformRoles.holders(),

    async grantRole(actor: Address, address: Address, role: PlatformRole): Promise<boolean> {
      return platformRoles.grant(actor, address, role).catch((error) => failed(error, { actor, action: "role.grant", target: address, details: { role } }));
    },

    async revokeRole(actor: Address, address: Address, role: PlatformRole): Promise<boolean> {
      return platformRoles.revoke(actor, address, role).catch((error) => failed(error, { actor, action: "role.revoke", target: address, details: { role } }));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
