import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { KycApplication } from "./application-view.ts";
import type { KycChainWrites } from "./chain-writes.ts";
import type { KycRecords } from "./kyc-records.ts";
import { notFound, stateError } from "./kyc-rules.ts";

/**
 * Erasure: deletes the record's data key and every ciphertext (personal data, documents, reasons), so nothing
 * personal can be read back; the decisions (status history in the audit log, investor id, wallets, outbox entries)
 * stay, as record-keeping duties require. An investor still active on chain becomes liquidate-only: without KYC data
 * they may sell but not buy.
 */
export function createErasure(options: { db: Database; writes: KycChainWrites; log: Logger; records: KycRecords }) {
  const { db, writes, log, records } = options;

  async function erase(actor: Address, applicationId: string): Promise<KycApplication> {
    return records.audited(actor, "kyc.erase", applicationId, async () => {
      await db.transaction(async (tx) => {
        const application = await records.requireById(tx, applicationId, true);
        if (application.status === "erased") throw stateError(application.status, "erased");
        await tx.query("delete from kyc_documents where application_id = $1", [applicationId]);
        await tx.query("delete from kyc_wallet_challenges where application_id = $1", [applicationId]);
        await tx.query(
          `update kyc_renewals set personal_data = null, rejection_reason = null,
             status = case when status in ('draft', 'submitted', 'rejected') then 'withdrawn' else status end, updated_at = now()
           where application_id = $1`,
          [applicationId],
        );
        await tx.query("update kyc_suspensions set reason = null, lift_reason = null where application_id = $1", [applicationId]);
        await tx.query("delete from kyc_data_keys where application_id = $1", [applicationId]);
        const toLiquidateOnly = application.investorId !== null && application.chainStatus === "active";
        await tx.query(
          `update kyc_applications set status = 'erased', personal_data = null, rejection_reason = null, suspension_reason = null,
             expiring_soon = false, chain_status = case when $2 then 'liquidate_only' else chain_status end, erased_at = now(), updated_at = now()
           where id = $1`,
          [applicationId, toLiquidateOnly],
        );
        if (toLiquidateOnly) {
          await writes.setStatus(tx, { applicationId, key: `kyc:${applicationId}:erase:status`, investorId: application.investorId!, status: "liquidate_only" });
        }
        await recordAudit(tx, { actor, action: "kyc.erase", target: applicationId, outcome: "success", details: { previousStatus: application.status, liquidateOnly: toLiquidateOnly } });
      });
      log.info({ msg: "kyc record erased", applicationId });
      return (await records.applicationById(db, applicationId))!;
    });
  }

  return {
    erase,

    /** The viewer's own erasure request. */
    async eraseMine(wallet: Address): Promise<KycApplication> {
      const application = await records.applicationOfWallet(db, wallet);
      if (!application) throw notFound();
      return erase(wallet, application.id);
    },
  };
}
