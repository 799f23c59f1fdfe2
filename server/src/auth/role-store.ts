import { getAddress, type Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { PLATFORM_ROLES, type PlatformRole } from "./roles.ts";

/**
 * Off-chain roles in `user_roles`. Admins listed in FOLIO_ADMIN_ADDRESSES hold PLATFORM_ADMIN by configuration: they
 * are not rows, so a restart never resurrects a revoked grant, and they cannot be revoked through the API.
 */
export function createRoleStore(options: { db: Database; configuredAdmins: readonly Address[] }) {
  const { db } = options;
  const configuredAdmins = new Set(options.configuredAdmins.map((a) => getAddress(a)));

  async function rolesOf(address: Address): Promise<PlatformRole[]> {
    const { rows } = await db.query<{ role: PlatformRole }>("select role from user_roles where address = $1", [address]);
    const roles = new Set(rows.map((r) => r.role));
    if (configuredAdmins.has(address)) roles.add("PLATFORM_ADMIN");
    return PLATFORM_ROLES.filter((r) => roles.has(r));
  }

  return {
    rolesOf,
    configuredAdmins: () => [...configuredAdmins],

    /** Every holder of a platform role: configured admins first, then grants by role and address. */
    async holders(): Promise<PlatformRoleHolder[]> {
      const { rows } = await db.query<{ address: Address; role: PlatformRole; granted_by: Address | null; granted_at: Date }>(
        "select address, role, granted_by, granted_at from user_roles order by role, address",
      );
      const configured = [...configuredAdmins].map((address) => ({ address, role: "PLATFORM_ADMIN" as const, grantedBy: null, grantedAt: null, configured: true }));
      const granted = rows
        .filter((r) => !(r.role === "PLATFORM_ADMIN" && configuredAdmins.has(r.address)))
        .map((r) => ({ address: r.address, role: r.role, grantedBy: r.granted_by, grantedAt: new Date(r.granted_at), configured: false }));
      return [...configured, ...granted];
    },

    /** Returns false when the address already held the role. Recorded in the audit log in the same transaction. */
    async grant(actor: Address, address: Address, role: PlatformRole): Promise<boolean> {
      return db.transaction(async (tx) => {
        const { affectedRows } = await tx.query(
          "insert into user_roles (address, role, granted_by) values ($1, $2, $3) on conflict do nothing",
          [address, role, actor],
        );
        await recordAudit(tx, { actor, action: "role.grant", target: address, outcome: "success", details: { role, changed: affectedRows > 0 } });
        return affectedRows > 0;
      });
    },

    /** Returns false when the address did not hold the role. Never removes the platform's last admin. */
    async revoke(actor: Address, address: Address, role: PlatformRole): Promise<boolean> {
      if (role === "PLATFORM_ADMIN" && configuredAdmins.has(address)) {
        throw new FolioError("ROLE_CONFIGURED", `${address} is an admin by FOLIO_ADMIN_ADDRESSES and cannot be revoked here`, {
          hint: "Remove the address from FOLIO_ADMIN_ADDRESSES and restart",
        });
      }
      return db.transaction(async (tx) => {
        if (role === "PLATFORM_ADMIN") {
          // Serialise admin revocations so two admins revoking each other at once cannot both succeed.
          await tx.query("lock table user_roles in share row exclusive mode");
          const { rows } = await tx.query<{ address: string }>("select address from user_roles where role = 'PLATFORM_ADMIN'");
          const admins = new Set([...configuredAdmins, ...rows.map((r) => r.address)]);
          if (admins.has(address) && admins.size === 1) {
            throw new FolioError("LAST_ADMIN", "The platform's last admin cannot be revoked", { hint: "Grant PLATFORM_ADMIN to another address first" });
          }
        }
        const { affectedRows } = await tx.query("delete from user_roles where address = $1 and role = $2", [address, role]);
        await recordAudit(tx, { actor, action: "role.revoke", target: address, outcome: "success", details: { role, changed: affectedRows > 0 } });
        return affectedRows > 0;
      });
    },
  };
}

/** One platform role held by one address; `configured` admins come from FOLIO_ADMIN_ADDRESSES and have no grant. */
export interface PlatformRoleHolder {
  address: Address;
  role: PlatformRole;
  grantedBy: Address | null;
  grantedAt: Date | null;
  configured: boolean;
}

export type RoleStore = ReturnType<typeof createRoleStore>;
