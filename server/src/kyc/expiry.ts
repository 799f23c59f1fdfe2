import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { APPLICATION_COLUMNS, toApplication, type Row } from "./application-view.ts";
import type { KycChainWrites } from "./chain-writes.ts";

/**
 * Flags approved investors whose KYC runs out within the warning window (`expiringSoon`), and moves those whose KYC
 * has run out by chain time to liquidate-only on chain. Idempotent: safe to run from several replicas.
 */
export async function checkKycExpiry(deps: { db: Database; writes: KycChainWrites; log: Logger; expiryWarningDays: number }): Promise<{ flagged: number; expired: number }> {
  const { db, writes, log } = deps;
  const now = await writes.chainTime();
  const warnFrom = now + BigInt(deps.expiryWarningDays) * 86_400n;
  const flagged = await db.query(
    `update kyc_applications set expiring_soon = (kyc_valid_until >= $1::bigint and kyc_valid_until <= $2::bigint), updated_at = now()
     where status = 'approved' and chain_status = 'active'
       and expiring_soon <> (kyc_valid_until >= $1::bigint and kyc_valid_until <= $2::bigint)`,
    [now.toString(), warnFrom.toString()],
  );
  // The registry treats KYC as valid up to and including kycValidUntil.
  const { rows } = await db.query<Row>(
    `select ${APPLICATION_COLUMNS} from kyc_applications where status = 'approved' and chain_status = 'active' and kyc_valid_until < $1::bigint order by seq`,
    [now.toString()],
  );
  for (const application of rows.map(toApplication)) {
    await db.transaction(async (tx) => {
      const { affectedRows } = await tx.query(
        `update kyc_applications set chain_status = 'liquidate_only', expiring_soon = false, updated_at = now()
         where id = $1 and status = 'approved' and chain_status = 'active' and kyc_valid_until < $2::bigint`,
        [application.id, now.toString()],
      );
      if (!affectedRows) return;
      await writes.setStatus(tx, {
        applicationId: application.id, key: `kyc:${application.id}:expired:${application.kycValidUntil}`,
        investorId: application.investorId!, status: "liquidate_only",
      });
      await recordAudit(tx, { actor: null, action: "kyc.expired", target: application.id, outcome: "success", details: { investorId: application.investorId, kycValidUntil: Number(application.kycValidUntil) } });
    });
  }
  if (rows.length || flagged.affectedRows) log.info({ msg: "kyc expiry checked", expired: rows.length, flagChanges: flagged.affectedRows, chainTime: Number(now) });
  return { flagged: flagged.affectedRows, expired: rows.length };
}
