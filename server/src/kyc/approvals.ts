import { zeroHash, type Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { KycApplication } from "./application-view.ts";
import { newInvestorId, type KycChainWrites } from "./chain-writes.ts";
import type { KycRecords } from "./kyc-records.ts";
import { readDecision, requireReason, stateError, type ApprovalInput } from "./kyc-rules.ts";

/** Compliance decisions on a submitted application: approval (registered on chain) or rejection (back to the applicant). */
export function createApprovals(options: { db: Database; envelope: Envelope; writes: KycChainWrites; log: Logger; records: KycRecords }) {
  const { db, envelope, writes, log, records } = options;

  /** Only a submitted application can be approved; approving one twice says so (and changes nothing). */
  function refuseUnlessSubmitted(application: KycApplication) {
    if (application.status === "approved") {
      throw new FolioError("KYC_ALREADY_APPROVED", "The application is already approved", { hint: "Its investor is registered; nothing was changed" });
    }
    if (application.status !== "submitted") throw stateError(application.status, "approved");
  }

  async function refuseRegistered(wallets: Address[]) {
    for (const wallet of wallets) {
      if ((await writes.investorOf(wallet)) !== zeroHash) {
        throw new FolioError("KYC_WALLET_REGISTERED", "A wallet of this application is already linked to an investor on chain");
      }
    }
  }

  return {
    /**
     * Approves a submitted application: a random investor id is registered in the IdentityRegistry with the
     * application's wallets, through the outbox, in the transaction that records the decision. An officer can never
     * approve an application that one of their own wallets belongs to.
     */
    async approve(actor: Address, applicationId: string, input: ApprovalInput): Promise<KycApplication> {
      return records.audited(actor, "kyc.approve", applicationId, async () => {
        const { country, flags, validityDays } = readDecision(input);
        const before = await records.requireById(db, applicationId);
        await records.refuseSelfDecision(db, actor, before);
        refuseUnlessSubmitted(before);
        const checked = await records.walletsOf(db, applicationId);
        await refuseRegistered(checked);
        const validUntil = (await writes.chainTime()) + BigInt(validityDays) * 86_400n;
        const investorId = newInvestorId();
        let registered = 0;
        await db.transaction(async (tx) => {
          const application = await records.requireById(tx, applicationId, true);
          refuseUnlessSubmitted(application);
          // Read under the lock: a wallet linked while the decision was being prepared (linking locks the same row)
          // is registered with the others. Linking checked it on chain already; a newcomer is checked again here.
          const wallets = await records.walletsOf(tx, applicationId);
          await refuseRegistered(wallets.filter((w) => !checked.includes(w)));
          await tx.query(
            `update kyc_applications set status = 'approved', investor_id = $2, country = $3, flags = $4, kyc_valid_until = $5,
               chain_status = 'active', decided_at = now(), decided_by = $6, updated_at = now() where id = $1`,
            [applicationId, investorId, country, flags, validUntil.toString(), actor],
          );
          const [first, ...others] = wallets;
          const key = `kyc:${applicationId}:approve`;
          await writes.registerInvestor(tx, { applicationId, key: `${key}:register`, investorId, wallet: first!, country, validUntil, flags });
          if (others.length) await writes.addWallets(tx, { applicationId, key: `${key}:wallets`, investorId, wallets: others });
          registered = wallets.length;
          await recordAudit(tx, {
            actor, action: "kyc.approve", target: applicationId, outcome: "success",
            details: { investorId, country, flags, kycValidUntil: Number(validUntil), wallets: wallets.length },
          });
        });
        log.info({ msg: "kyc application approved", applicationId, investorId, wallets: registered });
        return (await records.applicationById(db, applicationId))!;
      });
    },

    /** Rejects a submitted application with a reason the applicant sees; they can correct it and resubmit. */
    async reject(actor: Address, applicationId: string, reason: string): Promise<KycApplication> {
      return records.audited(actor, "kyc.reject", applicationId, async () => {
        const text = requireReason(reason);
        await records.refuseSelfDecision(db, actor, await records.requireById(db, applicationId));
        await db.transaction(async (tx) => {
          const application = await records.requireById(tx, applicationId, true);
          if (application.status !== "submitted") throw stateError(application.status, "rejected");
          const key = (await records.dataKey(tx, applicationId, true))!;
          await tx.query(
            "update kyc_applications set status = 'rejected', rejection_reason = $2, decided_at = now(), decided_by = $3, updated_at = now() where id = $1",
            [applicationId, envelope.encrypt(key, applicationId, "rejection_reason", text), actor],
          );
          await recordAudit(tx, { actor, action: "kyc.reject", target: applicationId, outcome: "success" });
        });
        log.info({ msg: "kyc application rejected", applicationId });
        return (await records.applicationById(db, applicationId))!;
      });
    },
  };
}
