import { randomUUID } from "node:crypto";
import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { KycConfig } from "../config/kyc-config.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { toDocumentInfo, type KycDocumentInfo, type Row } from "./application-view.ts";
import { checkDocument, DOCUMENT_KINDS, readDocument, type DocumentKind } from "./documents.ts";
import type { KycRecords } from "./kyc-records.ts";
import { isId } from "./kyc-rules.ts";
import type { KycRenewals } from "./renewals.ts";

const MAX_DOCUMENTS = 10;

export type UploadedFile = { size: number; arrayBuffer(): Promise<ArrayBuffer> };

/**
 * Identity documents of an application or of a renewal in progress: stored encrypted, removable while editable. Each
 * application or renewal holds at most MAX_DOCUMENTS documents totalling at most `maxApplicationBytes`; a wallet
 * belongs to one application at most (kyc_wallets' key) and an application has one open renewal at most, so this
 * bounds what one wallet can store.
 */
export function createDocumentUploads(options: {
  db: Database;
  envelope: Envelope;
  config: KycConfig["kyc"];
  log: Logger;
  records: KycRecords;
  renewals: Pick<KycRenewals, "editableRenewal">;
}) {
  const { db, envelope, config, log, records, renewals } = options;

  /** The document's bytes and type, from exactly one of a multipart file or base64. */
  async function receive(file: UploadedFile | null, base64: string | null): Promise<{ bytes: Buffer; contentType: string }> {
    if ((file == null) === (base64 == null)) throw new FolioError("KYC_DOCUMENT_MISSING", "Send the document as exactly one of file (multipart upload) or base64");
    if (file) return readDocument(file, config.maxDocumentBytes);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64!) || base64!.length > Math.ceil(config.maxDocumentBytes / 3) * 4 + 4) {
      throw new FolioError(base64!.length > config.maxDocumentBytes * 2 ? "KYC_DOCUMENT_TOO_LARGE" : "KYC_INVALID_INPUT", "base64 must be standard base64 of a document within the size limit");
    }
    return checkDocument(Buffer.from(base64!, "base64"), config.maxDocumentBytes);
  }

  return {
    /** Stores an identity document (PDF, JPEG or PNG by its bytes, at most the configured size), encrypted. */
    async uploadDocument(wallet: Address, kind: DocumentKind, file: UploadedFile | null, base64: string | null): Promise<KycDocumentInfo> {
      if (!DOCUMENT_KINDS.includes(kind)) throw new FolioError("KYC_INVALID_INPUT", `kind must be one of ${DOCUMENT_KINDS.join(", ")}`);
      const document = await receive(file, base64);
      const info = await db.transaction(async (tx) => {
        const application = await records.applicationOrDraft(tx, wallet);
        // An approved investor's documents go to their renewal in progress; otherwise the application must be editable.
        const renewalId = application.status === "approved" ? (await renewals.editableRenewal(tx, wallet)).renewal.id : null;
        if (!renewalId) await records.editable(tx, wallet);
        // Counted under the application's row lock, so concurrent uploads cannot both pass the limits.
        const held = await tx.query<{ n: string; bytes: string }>(
          "select count(*)::text as n, coalesce(sum(size_bytes), 0)::text as bytes from kyc_documents where application_id = $1 and renewal_id is not distinct from $2",
          [application.id, renewalId],
        );
        if (Number(held.rows[0]!.n) >= MAX_DOCUMENTS) throw new FolioError("KYC_TOO_MANY_DOCUMENTS", `An application or renewal holds at most ${MAX_DOCUMENTS} documents`, { hint: "Remove one first" });
        if (Number(held.rows[0]!.bytes) + document.bytes.length > config.maxApplicationBytes) {
          throw new FolioError("KYC_DOCUMENT_QUOTA_EXCEEDED", `The documents of an application or renewal may total at most ${config.maxApplicationBytes} bytes`, {
            hint: "Remove a document or send smaller scans",
          });
        }
        const id = randomUUID();
        const key = (await records.dataKey(tx, application.id, true))!;
        const sealed = envelope.encrypt(key, application.id, `document:${id}`, document.bytes);
        const { rows } = await tx.query<Row>(
          `insert into kyc_documents (id, application_id, kind, content_type, size_bytes, content, renewal_id) values ($1, $2, $3, $4, $5, $6, $7)
           returning id, application_id, kind, content_type, size_bytes, created_at`,
          [id, application.id, kind, document.contentType, document.bytes.length, sealed, renewalId],
        );
        await tx.query("update kyc_applications set updated_at = now() where id = $1", [application.id]);
        await recordAudit(tx, { actor: wallet, action: "kyc.document.upload", target: application.id, outcome: "success", details: { documentId: id, kind, contentType: document.contentType, sizeBytes: document.bytes.length, renewalId } });
        return toDocumentInfo(rows[0]!);
      });
      log.info({ msg: "kyc document stored", applicationId: info.applicationId, documentId: info.id, kind, sizeBytes: info.sizeBytes });
      return info;
    },

    async removeDocument(wallet: Address, documentId: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const current = await records.applicationOfWallet(tx, wallet, true);
        // An approved investor may remove documents of their renewal in progress only.
        const renewalId = current?.status === "approved" ? (await renewals.editableRenewal(tx, wallet)).renewal.id : null;
        const application = renewalId ? current! : await records.editable(tx, wallet);
        if (!isId(documentId)) throw documentNotFound();
        const { affectedRows } = await tx.query(
          "delete from kyc_documents where id = $1 and application_id = $2 and renewal_id is not distinct from $3",
          [documentId, application.id, renewalId],
        );
        if (!affectedRows) throw documentNotFound();
        await recordAudit(tx, { actor: wallet, action: "kyc.document.remove", target: application.id, outcome: "success", details: { documentId } });
        return true;
      });
    },
  };
}

export const documentNotFound = () => new FolioError("KYC_DOCUMENT_NOT_FOUND", "No such document");
