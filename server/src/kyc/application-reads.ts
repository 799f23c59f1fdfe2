import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database } from "../db/database.ts";
import { APPLICATION_COLUMNS, toApplication, toDocumentInfo, type ApplicationStatus, type KycApplication, type KycDocumentInfo, type Row } from "./application-view.ts";
import { documentNotFound } from "./document-uploads.ts";
import type { KycRecords } from "./kyc-records.ts";
import { isId } from "./kyc-rules.ts";
import type { PersonalData } from "./personal-data.ts";

export type OnChainStatus = "none" | "pending" | "confirmed" | "failed";

/**
 * Reading applications: the compliance queue, wallets, documents and on-chain writes, and decrypting personal data,
 * documents and reasons (access by anyone but the applicant is recorded in the audit log).
 */
export function createApplicationReads(options: { db: Database; envelope: Envelope; records: KycRecords }) {
  const { db, envelope, records } = options;

  return {
    applicationById: (id: string) => records.applicationById(db, id),

    async wallets(applicationId: string): Promise<Address[]> {
      const { rows } = await db.query<{ wallet: Address }>("select wallet from kyc_wallets where application_id = $1 order by linked_at, wallet", [applicationId]);
      return rows.map((r) => r.wallet);
    },

    async documents(applicationId: string): Promise<KycDocumentInfo[]> {
      // The record's documents: the application's and those of approved renewals (open ones are the renewal's).
      const { rows } = await db.query<Row>(
        `select id, application_id, kind, content_type, size_bytes, created_at from kyc_documents where application_id = $1
           and (renewal_id is null or renewal_id in (select id from kyc_renewals where status = 'approved')) order by created_at, id`,
        [applicationId],
      );
      return rows.map(toDocumentInfo);
    },

    /** Documents of a renewal (the applicant's and officers' view of it). */
    async renewalDocuments(renewalId: string): Promise<KycDocumentInfo[]> {
      const { rows } = await db.query<Row>(
        "select id, application_id, kind, content_type, size_bytes, created_at from kyc_documents where renewal_id = $1 order by created_at, id",
        [renewalId],
      );
      return rows.map(toDocumentInfo);
    },

    /**
     * Decrypts an application's personal data for `actor`. Access by anyone but the applicant is recorded in the
     * audit log (who, which record, when), in the same transaction as the read.
     */
    async openPersonalData(actor: Address, application: KycApplication, byApplicant: boolean): Promise<PersonalData | null> {
      return db.transaction(async (tx) => {
        const data = await records.readPersonal(tx, application.id);
        if (!byApplicant) await recordAudit(tx, { actor, action: "kyc.application.open", target: application.id, outcome: "success", details: { erased: data === null } });
        return data;
      });
    },

    /** A document's bytes for `actor`, audit-logged like personal data. */
    async openDocument(actor: Address, documentId: string, mayRead: (application: KycApplication) => Promise<boolean>): Promise<KycDocumentInfo & { content: Buffer }> {
      if (!isId(documentId)) throw documentNotFound();
      const { rows } = await db.query<Row>("select * from kyc_documents where id = $1", [documentId]);
      const row = rows[0];
      const application = row && (await records.applicationById(db, row.application_id as string));
      if (!row || !application || !(await mayRead(application))) throw documentNotFound();
      return db.transaction(async (tx) => {
        const key = await records.dataKey(tx, application.id);
        if (!key) throw documentNotFound();
        const content = envelope.decrypt(key, application.id, `document:${documentId}`, row.content as string);
        await recordAudit(tx, { actor, action: "kyc.document.open", target: application.id, outcome: "success", details: { documentId } });
        return { ...toDocumentInfo(row), content };
      });
    },

    /** A rejection or suspension reason (written by compliance officers), decrypted; null when none or erased. */
    async reason(applicationId: string, field: "rejection_reason" | "suspension_reason"): Promise<string | null> {
      const { rows } = await db.query<Record<string, string | null>>(`select ${field} as reason from kyc_applications where id = $1`, [applicationId]);
      return records.unseal(db, applicationId, field, rows[0]?.reason);
    },

    /** The application's on-chain writes, summed up: failed if any failed, pending while any is open. */
    async onChainStatus(applicationId: string): Promise<OnChainStatus> {
      const { rows } = await db.query<{ status: string }>(
        `select e.status from kyc_chain_writes w join outbox_entries e on e.id = w.outbox_entry_id where w.application_id = $1`,
        [applicationId],
      );
      if (!rows.length) return "none";
      if (rows.some((r) => r.status === "failed")) return "failed";
      if (rows.some((r) => r.status !== "confirmed")) return "pending";
      return "confirmed";
    },

    /** Outbox entries of an application's on-chain writes, oldest first. */
    async chainWrites(applicationId: string): Promise<{ action: string; outboxEntryId: number }[]> {
      const { rows } = await db.query<{ action: string; outbox_entry_id: string }>(
        "select action, outbox_entry_id from kyc_chain_writes where application_id = $1 order by id",
        [applicationId],
      );
      return rows.map((r) => ({ action: r.action, outboxEntryId: Number(r.outbox_entry_id) }));
    },

    /** The compliance queue, oldest first (`afterSeq` continues a page); `limit + 1` rows at most. */
    async queue(options: { status: ApplicationStatus; limit: number; afterSeq: number | null }): Promise<KycApplication[]> {
      const { rows } = await db.query<Row>(
        `select ${APPLICATION_COLUMNS} from kyc_applications where status = $1 and ($2::bigint is null or seq > $2::bigint) order by seq limit $3`,
        [options.status, options.afterSeq, options.limit + 1],
      );
      return rows.map(toApplication);
    },
  };
}
