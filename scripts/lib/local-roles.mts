// Who does what on the local chain `npm start` runs: the dev accounts' roles, and the platform roles the first dev
// account gets so a new user can review KYC applications without any set-up.
import path from "node:path";
import type { Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { createRoleStore } from "../../server/src/auth/role-store.ts";
import type { Config } from "../../server/src/config/config.ts";
import { openDatabase } from "../../server/src/db/database.ts";
import { migrate } from "../../server/src/db/migrate.ts";
import { DEV_MNEMONIC } from "./local-chain.ts";

/** Dev account `index` of the local chain's mnemonic. */
export const devAddress = (index: number): Address => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address;

/** The dev account that deploys the platform, issues the demo token, and is the local platform admin. */
export const LOCAL_ADMIN_INDEX = 0;

/**
 * The environment `npm start` gives the server: unless FOLIO_ADMIN_ADDRESSES is set, dev account #0 is the platform
 * admin by configuration (the server reads the setting; nothing is written for it).
 */
export function localServerEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.FOLIO_ADMIN_ADDRESSES?.trim()) return env;
  return { ...env, FOLIO_ADMIN_ADDRESSES: devAddress(LOCAL_ADMIN_INDEX) };
}

/**
 * Makes `officers` compliance officers, once: an address that was granted or revoked the role before (an audit entry
 * says so) keeps that decision, so a restart never brings back a revoked role. Returns those of `officers` that hold
 * the role now.
 */
export async function grantLocalComplianceOfficers(config: Config, officers: readonly Address[]): Promise<Address[]> {
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, "db") });
  try {
    await migrate(db);
    const roles = createRoleStore({ db, configuredAdmins: config.adminAddresses });
    const holders: Address[] = [];
    for (const officer of officers) {
      const { rows } = await db.query(
        "select 1 from audit_log where action in ('role.grant', 'role.revoke') and target = $1 and details->>'role' = 'COMPLIANCE_OFFICER' limit 1",
        [officer],
      );
      if (rows.length === 0) await roles.grant(officer, officer, "COMPLIANCE_OFFICER");
      if ((await roles.rolesOf(officer)).includes("COMPLIANCE_OFFICER")) holders.push(officer);
    }
    return holders;
  } finally {
    await db.close();
  }
}
