import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { KycApplication } from "./application-view.ts";
import type { KycRecords } from "./kyc-records.ts";
import { missingFields, validatePersonalData, type PersonalDataInput } from "./personal-data.ts";

/** The applicant's side of an application: saving personal data and sending it to the compliance queue. */
export function createApplications(options: { db: Database; envelope: Envelope; log: Logger; records: KycRecords }) {
  const { db, envelope, log, records } = options;

  return {
    /** Creates the viewer's draft if needed and merges the given fields into it (each validated). */
    async saveApplication(wallet: Address, input: PersonalDataInput): Promise<KycApplication> {
      const fields = validatePersonalData(input);
      const id = await db.transaction(async (tx) => {
        const application = await records.applicationOrDraft(tx, wallet);
        if (application.status !== "draft" && application.status !== "rejected") await records.editable(tx, wallet);
        const merged = { ...((await records.readPersonal(tx, application.id)) ?? {}), ...fields };
        const key = (await records.dataKey(tx, application.id, true))!;
        const sealed = envelope.encrypt(key, application.id, "personal_data", JSON.stringify(merged));
        // Correcting a rejected application reopens it as a draft; the rejection reason stays until resubmission.
        await tx.query("update kyc_applications set personal_data = $2, status = 'draft', updated_at = now() where id = $1", [application.id, sealed]);
        await recordAudit(tx, { actor: wallet, action: "kyc.application.save", target: application.id, outcome: "success", details: { fields: Object.keys(fields).length } });
        return application.id;
      });
      log.info({ msg: "kyc application saved", applicationId: id });
      return (await records.applicationById(db, id))!;
    },

    /** Sends the viewer's complete application to the compliance queue. */
    async submitApplication(wallet: Address): Promise<KycApplication> {
      const id = await db.transaction(async (tx) => {
        const application = await records.editable(tx, wallet);
        const data = (await records.readPersonal(tx, application.id)) ?? {};
        const missing = missingFields(data, await records.documentKinds(tx, application.id));
        if (missing.length) throw new FolioError("KYC_APPLICATION_INCOMPLETE", `The application is missing: ${missing.join(", ")}`);
        await tx.query(
          "update kyc_applications set status = 'submitted', submitted_at = now(), rejection_reason = null, updated_at = now() where id = $1",
          [application.id],
        );
        await recordAudit(tx, { actor: wallet, action: "kyc.application.submit", target: application.id, outcome: "success" });
        return application.id;
      });
      log.info({ msg: "kyc application submitted", applicationId: id });
      return (await records.applicationById(db, id))!;
    },
  };
}
