import { randomUUID } from "node:crypto";
import { getAddress, zeroHash, type Address } from "viem";
import { createAuditLog, recordAudit } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { KycConfig } from "../config/kyc-config.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { APPLICATION_COLUMNS, toApplication, toDocumentInfo, type ApplicationStatus, type KycApplication, type KycDocumentInfo, type Row } from "./application-view.ts";
import { bitsToFlags, createKycChainWrites, newInvestorId } from "./chain-writes.ts";
import { checkDocument, DOCUMENT_KINDS, readDocument, type DocumentKind } from "./documents.ts";
import { missingFields, validatePersonalData, type PersonalData, type PersonalDataInput } from "./personal-data.ts";
import { importInvestorCsv } from "./csv-import.ts";
import { isId, notFound, readDecision, requireReason, stateError, type ApprovalInput } from "./kyc-rules.ts";
import { createRenewals } from "./renewals.ts";
import { createSuspensions } from "./suspensions.ts";
import { createWalletLinks } from "./wallet-links.ts";

export interface KycServiceOptions {
  db: Database;
  chain: Chain;
  outbox: Outbox;
  envelope: Envelope;
  config: KycConfig["kyc"];
  logger: Logger;
}

export type { ApprovalInput } from "./kyc-rules.ts";

export type OnChainStatus = "none" | "pending" | "confirmed" | "failed";

const MAX_DOCUMENTS = 10;

/**
 * KYC onboarding: applications (personal data and documents encrypted per record), compliance decisions, and the
 * registry writes they cause (through the outbox). Methods take the acting address; authorization by role happens
 * in the resolvers (auth/authorize.ts), ownership checks here.
 */
export function createKycService(options: KycServiceOptions) {
  const { db, chain, outbox, envelope, config, logger } = options;
  const log = logger.child({ component: "kyc" });
  const audit = createAuditLog(db);
  const writes = createKycChainWrites({ chain, outbox });

  // ── records and keys ─────────────────────────────────────────────────────────────────────────────────────────

  async function findApplication(q: Queryable, where: string, params: unknown[], lock = false): Promise<KycApplication | null> {
    const { rows } = await q.query<Row>(`select ${APPLICATION_COLUMNS} from kyc_applications where ${where}${lock ? " for update" : ""}`, params);
    return rows[0] ? toApplication(rows[0]) : null;
  }

  /** The application a wallet belongs to (its opening wallet or a linked one). */
  const applicationOfWallet = (q: Queryable, wallet: Address, lock = false) =>
    findApplication(q, "id = (select application_id from kyc_wallets where wallet = $1)", [wallet], lock);

  const applicationById = (q: Queryable, id: string, lock = false) =>
    (isId(id) ? findApplication(q, "id = $1", [id], lock) : Promise.resolve(null));

  async function requireById(q: Queryable, id: string, lock = false): Promise<KycApplication> {
    const application = await applicationById(q, id, lock);
    if (!application) throw new FolioError("KYC_APPLICATION_NOT_FOUND", "No KYC application with this id");
    return application;
  }

  /** The record's data key, unwrapped; created when `create` and missing. Null once erased. */
  async function dataKey(q: Queryable, applicationId: string, create = false): Promise<Buffer | null> {
    const { rows } = await q.query<{ wrapped_key: string }>("select wrapped_key from kyc_data_keys where application_id = $1", [applicationId]);
    if (rows[0]) return envelope.unwrapDataKey(applicationId, rows[0].wrapped_key);
    if (!create) return null;
    const fresh = envelope.newDataKey(applicationId);
    await q.query("insert into kyc_data_keys (application_id, wrapped_key) values ($1, $2)", [applicationId, fresh.wrapped]);
    return fresh.key;
  }

  /** A ciphertext of the record (sealed as `field`) as text; null when there is none or the record was erased. */
  async function unseal(q: Queryable, applicationId: string, field: string, sealed: string | null | undefined): Promise<string | null> {
    if (!sealed) return null;
    const key = await dataKey(q, applicationId);
    return key ? envelope.decrypt(key, applicationId, field, sealed).toString("utf8") : null;
  }

  async function readPersonal(q: Queryable, applicationId: string): Promise<PersonalData | null> {
    const { rows } = await q.query<{ personal_data: string | null }>("select personal_data from kyc_applications where id = $1", [applicationId]);
    const text = await unseal(q, applicationId, "personal_data", rows[0]?.personal_data);
    return text === null ? null : (JSON.parse(text) as PersonalData);
  }

  async function documentKinds(q: Queryable, applicationId: string): Promise<string[]> {
    const { rows } = await q.query<{ kind: string }>("select distinct kind from kyc_documents where application_id = $1", [applicationId]);
    return rows.map((r) => r.kind);
  }

  /** The viewer's application in a state the applicant may still edit (draft or rejected). */
  async function editable(q: Queryable, wallet: Address): Promise<KycApplication> {
    const application = await applicationOfWallet(q, wallet, true);
    if (!application) throw notFound();
    if (application.status !== "draft" && application.status !== "rejected") {
      throw new FolioError("KYC_INVALID_STATE", `The application is ${application.status} and can no longer be changed by the applicant`);
    }
    return application;
  }

  async function createDraft(q: Queryable, wallet: Address): Promise<KycApplication> {
    const taken = await q.query("select application_id from kyc_wallets where wallet = $1", [wallet]);
    if (taken.rows.length) return (await applicationOfWallet(q, wallet, true))!;
    const id = randomUUID();
    await q.query("insert into kyc_applications (id, wallet) values ($1, $2)", [id, wallet]);
    await q.query("insert into kyc_wallets (wallet, application_id) values ($1, $2)", [wallet, id]);
    await recordAudit(q, { actor: wallet, action: "kyc.application.create", target: id, outcome: "success" });
    return (await applicationById(q, id, true))!;
  }

  /** Runs a compliance action; a refusal is recorded in the audit log (with its code only), then rethrown. */
  async function audited<T>(actor: Address, action: string, target: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = error instanceof FolioError ? error.code : "INTERNAL";
      await audit.record({ actor, action, target: isId(target) ? target : null, outcome: "failure", details: { code } });
      throw error;
    }
  }

  const walletLinks = createWalletLinks({ db, chain, writes, log, applicationOfWallet });
  const decisionDeps = { db, envelope, writes, log, applicationById, requireById, dataKey, refuseSelfDecision, audited };
  const renewals = createRenewals({ ...decisionDeps, applicationOfWallet, unseal, readPersonal, documentKinds });
  const suspensions = createSuspensions({ ...decisionDeps, walletsOf });

  // ── applicant ────────────────────────────────────────────────────────────────────────────────────────────────

  return {
    writes,
    isVerified: (wallet: Address) => writes.isVerified(wallet),

    myApplication: (wallet: Address) => applicationOfWallet(db, wallet),

    /** Creates the viewer's draft if needed and merges the given fields into it (each validated). */
    async saveApplication(wallet: Address, input: PersonalDataInput): Promise<KycApplication> {
      const fields = validatePersonalData(input);
      const id = await db.transaction(async (tx) => {
        const existing = await applicationOfWallet(tx, wallet, true);
        const application = existing ?? (await createDraft(tx, wallet));
        if (application.status !== "draft" && application.status !== "rejected") await editable(tx, wallet);
        const merged = { ...((await readPersonal(tx, application.id)) ?? {}), ...fields };
        const key = (await dataKey(tx, application.id, true))!;
        const sealed = envelope.encrypt(key, application.id, "personal_data", JSON.stringify(merged));
        // Correcting a rejected application reopens it as a draft; the rejection reason stays until resubmission.
        await tx.query("update kyc_applications set personal_data = $2, status = 'draft', updated_at = now() where id = $1", [application.id, sealed]);
        await recordAudit(tx, { actor: wallet, action: "kyc.application.save", target: application.id, outcome: "success", details: { fields: Object.keys(fields).length } });
        return application.id;
      });
      log.info({ msg: "kyc application saved", applicationId: id });
      return (await applicationById(db, id))!;
    },

    /** Stores an identity document (PDF, JPEG or PNG by its bytes, at most the configured size), encrypted. */
    async uploadDocument(
      wallet: Address,
      kind: DocumentKind,
      file: { size: number; arrayBuffer(): Promise<ArrayBuffer> } | null,
      base64: string | null,
    ): Promise<KycDocumentInfo> {
      if (!DOCUMENT_KINDS.includes(kind)) throw new FolioError("KYC_INVALID_INPUT", `kind must be one of ${DOCUMENT_KINDS.join(", ")}`);
      if ((file == null) === (base64 == null)) throw new FolioError("KYC_DOCUMENT_MISSING", "Send the document as exactly one of file (multipart upload) or base64");
      let document: { bytes: Buffer; contentType: string };
      if (file) document = await readDocument(file, config.maxDocumentBytes);
      else {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64!) || base64!.length > Math.ceil(config.maxDocumentBytes / 3) * 4 + 4) {
          throw new FolioError(base64!.length > config.maxDocumentBytes * 2 ? "KYC_DOCUMENT_TOO_LARGE" : "KYC_INVALID_INPUT", "base64 must be standard base64 of a document within the size limit");
        }
        document = checkDocument(Buffer.from(base64!, "base64"), config.maxDocumentBytes);
      }
      const info = await db.transaction(async (tx) => {
        const existing = await applicationOfWallet(tx, wallet, true);
        const application = existing ?? (await createDraft(tx, wallet));
        // An approved investor's documents go to their renewal in progress; otherwise the application must be editable.
        const renewalId = application.status === "approved" ? (await renewals.editableRenewal(tx, wallet)).renewal.id : null;
        if (!renewalId) await editable(tx, wallet);
        const count = await tx.query<{ n: string }>(
          "select count(*)::text as n from kyc_documents where application_id = $1 and renewal_id is not distinct from $2",
          [application.id, renewalId],
        );
        if (Number(count.rows[0]!.n) >= MAX_DOCUMENTS) throw new FolioError("KYC_TOO_MANY_DOCUMENTS", `An application or renewal holds at most ${MAX_DOCUMENTS} documents`, { hint: "Remove one first" });
        const id = randomUUID();
        const key = (await dataKey(tx, application.id, true))!;
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
        const current = await applicationOfWallet(tx, wallet, true);
        // An approved investor may remove documents of their renewal in progress only.
        const renewalId = current?.status === "approved" ? (await renewals.editableRenewal(tx, wallet)).renewal.id : null;
        const application = renewalId ? current! : await editable(tx, wallet);
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

    /** Sends the viewer's complete application to the compliance queue. */
    async submitApplication(wallet: Address): Promise<KycApplication> {
      const id = await db.transaction(async (tx) => {
        const application = await editable(tx, wallet);
        const data = (await readPersonal(tx, application.id)) ?? {};
        const missing = missingFields(data, await documentKinds(tx, application.id));
        if (missing.length) throw new FolioError("KYC_APPLICATION_INCOMPLETE", `The application is missing: ${missing.join(", ")}`);
        await tx.query(
          "update kyc_applications set status = 'submitted', submitted_at = now(), rejection_reason = null, updated_at = now() where id = $1",
          [application.id],
        );
        await recordAudit(tx, { actor: wallet, action: "kyc.application.submit", target: application.id, outcome: "success" });
        return application.id;
      });
      log.info({ msg: "kyc application submitted", applicationId: id });
      return (await applicationById(db, id))!;
    },

    requestWalletLink: walletLinks.requestWalletLink,
    linkWallet: walletLinks.linkWallet,

    // ── reading ──────────────────────────────────────────────────────────────────────────────────────────────────

    applicationById: (id: string) => applicationById(db, id),

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

    /**
     * Decrypts an application's personal data for `actor`. Access by anyone but the applicant is recorded in the
     * audit log (who, which record, when), in the same transaction as the read.
     */
    async openPersonalData(actor: Address, application: KycApplication, byApplicant: boolean): Promise<PersonalData | null> {
      return db.transaction(async (tx) => {
        const data = await readPersonal(tx, application.id);
        if (!byApplicant) await recordAudit(tx, { actor, action: "kyc.application.open", target: application.id, outcome: "success", details: { erased: data === null } });
        return data;
      });
    },

    /** A document's bytes for `actor`, audit-logged like personal data. */
    async openDocument(actor: Address, documentId: string, mayRead: (application: KycApplication) => Promise<boolean>): Promise<KycDocumentInfo & { content: Buffer }> {
      if (!isId(documentId)) throw documentNotFound();
      const { rows } = await db.query<Row>("select * from kyc_documents where id = $1", [documentId]);
      const row = rows[0];
      const application = row && (await applicationById(db, row.application_id as string));
      if (!row || !application || !(await mayRead(application))) throw documentNotFound();
      return db.transaction(async (tx) => {
        const key = await dataKey(tx, application.id);
        if (!key) throw documentNotFound();
        const content = envelope.decrypt(key, application.id, `document:${documentId}`, row.content as string);
        await recordAudit(tx, { actor, action: "kyc.document.open", target: application.id, outcome: "success", details: { documentId } });
        return { ...toDocumentInfo(row), content };
      });
    },

    /** A rejection or suspension reason (written by compliance officers), decrypted; null when none or erased. */
    async reason(applicationId: string, field: "rejection_reason" | "suspension_reason"): Promise<string | null> {
      const { rows } = await db.query<Record<string, string | null>>(`select ${field} as reason from kyc_applications where id = $1`, [applicationId]);
      return unseal(db, applicationId, field, rows[0]?.reason);
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

    // ── compliance decisions ─────────────────────────────────────────────────────────────────────────────────────

    /**
     * Approves a submitted application: a random investor id is registered in the IdentityRegistry with the
     * application's wallets, through the outbox, in the transaction that records the decision. An officer can never
     * approve an application that one of their own wallets belongs to.
     */
    async approve(actor: Address, applicationId: string, input: ApprovalInput): Promise<KycApplication> {
      return audited(actor, "kyc.approve", applicationId, async () => {
        const { country, flags, validityDays } = readDecision(input);
        const before = await requireById(db, applicationId);
        await refuseSelfDecision(db, actor, before);
        const wallets = await walletsOf(db, applicationId);
        for (const wallet of wallets) {
          if ((await writes.investorOf(wallet)) !== zeroHash) {
            throw new FolioError("KYC_WALLET_REGISTERED", "A wallet of this application is already linked to an investor on chain");
          }
        }
        const validUntil = (await writes.chainTime()) + BigInt(validityDays) * 86_400n;
        const investorId = newInvestorId();
        await db.transaction(async (tx) => {
          const application = await requireById(tx, applicationId, true);
          if (application.status !== "submitted") throw stateError(application.status, "approved");
          await tx.query(
            `update kyc_applications set status = 'approved', investor_id = $2, country = $3, flags = $4, kyc_valid_until = $5,
               chain_status = 'active', decided_at = now(), decided_by = $6, updated_at = now() where id = $1`,
            [applicationId, investorId, country, flags, validUntil.toString(), actor],
          );
          const [first, ...others] = wallets;
          const key = `kyc:${applicationId}:approve`;
          await writes.registerInvestor(tx, { applicationId, key: `${key}:register`, investorId, wallet: first!, country, validUntil, flags });
          if (others.length) await writes.addWallets(tx, { applicationId, key: `${key}:wallets`, investorId, wallets: others });
          await recordAudit(tx, {
            actor, action: "kyc.approve", target: applicationId, outcome: "success",
            details: { investorId, country, flags, kycValidUntil: Number(validUntil), wallets: wallets.length },
          });
        });
        log.info({ msg: "kyc application approved", applicationId, investorId });
        return (await applicationById(db, applicationId))!;
      });
    },

    /** Rejects a submitted application with a reason the applicant sees; they can correct it and resubmit. */
    async reject(actor: Address, applicationId: string, reason: string): Promise<KycApplication> {
      return audited(actor, "kyc.reject", applicationId, async () => {
        const text = requireReason(reason);
        await refuseSelfDecision(db, actor, await requireById(db, applicationId));
        await db.transaction(async (tx) => {
          const application = await requireById(tx, applicationId, true);
          if (application.status !== "submitted") throw stateError(application.status, "rejected");
          const key = (await dataKey(tx, applicationId, true))!;
          await tx.query(
            "update kyc_applications set status = 'rejected', rejection_reason = $2, decided_at = now(), decided_by = $3, updated_at = now() where id = $1",
            [applicationId, envelope.encrypt(key, applicationId, "rejection_reason", text), actor],
          );
          await recordAudit(tx, { actor, action: "kyc.reject", target: applicationId, outcome: "success" });
        });
        log.info({ msg: "kyc application rejected", applicationId });
        return (await applicationById(db, applicationId))!;
      });
    },

    /** Suspends an approved investor (e.g. a sanctions hit) on chain, freezing their wallets on tokens that ask for it. */
    suspend: suspensions.suspend,
    /** Lifts a suspension: active again (liquidate-only if KYC ran out), unfreezing what the suspension froze. */
    reinstate: suspensions.reinstate,

    // ── renewals ─────────────────────────────────────────────────────────────────────────────────────────────────

    saveRenewal: renewals.save,
    submitRenewal: renewals.submit,
    approveRenewal: renewals.approve,
    rejectRenewal: renewals.reject,
    latestRenewal: renewals.latest,
    openRenewalData: renewals.openRenewalData,
    renewalRejectionReason: renewals.rejectionReason,
    renewalQueue: renewals.queue,

    /** Documents of a renewal (the applicant's and officers' view of it). */
    async renewalDocuments(renewalId: string): Promise<KycDocumentInfo[]> {
      const { rows } = await db.query<Row>(
        "select id, application_id, kind, content_type, size_bytes, created_at from kyc_documents where renewal_id = $1 order by created_at, id",
        [renewalId],
      );
      return rows.map(toDocumentInfo);
    },

    /**
     * Erasure: deletes the record's data key and every ciphertext (personal data, documents, reasons), so nothing
     * personal can be read back; the decisions (status history in the audit log, investor id, wallets, outbox
     * entries) stay, as record-keeping duties require. An investor still active on chain becomes liquidate-only:
     * without KYC data they may sell but not buy.
     */
    async erase(actor: Address, applicationId: string): Promise<KycApplication> {
      return audited(actor, "kyc.erase", applicationId, async () => {
        await db.transaction(async (tx) => {
          const application = await requireById(tx, applicationId, true);
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
        return (await applicationById(db, applicationId))!;
      });
    },

    /** The viewer's own erasure request. */
    async eraseMine(wallet: Address): Promise<KycApplication> {
      const application = await applicationOfWallet(db, wallet);
      if (!application) throw notFound();
      return this.erase(wallet, application.id);
    },

    // ── tokens, imports ──────────────────────────────────────────────────────────────────────────────────────────

    async tokenPolicy(token: Address): Promise<{ token: Address; freezeOnSuspension: boolean }> {
      const { rows } = await db.query<{ freeze_on_suspension: boolean }>("select freeze_on_suspension from kyc_token_settings where token = $1", [token]);
      return { token, freezeOnSuspension: rows[0]?.freeze_on_suspension ?? false };
    },

    async setTokenPolicy(actor: Address, token: Address, freezeOnSuspension: boolean) {
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into kyc_token_settings (token, freeze_on_suspension, updated_by) values ($1, $2, $3)
           on conflict (token) do update set freeze_on_suspension = excluded.freeze_on_suspension, updated_by = excluded.updated_by, updated_at = now()`,
          [token, freezeOnSuspension, actor],
        );
        await recordAudit(tx, { actor, action: "kyc.tokenPolicy.set", target: token, outcome: "success", details: { freezeOnSuspension } });
      });
      return { token, freezeOnSuspension };
    },

    importCsv: (actor: Address, text: string) => importInvestorCsv({ db, writes, log, batchSize: config.importBatchSize }, actor, text),

    // ── expiry (the KYC job) ─────────────────────────────────────────────────────────────────────────────────────

    /**
     * Flags approved investors whose KYC runs out within the warning window (`expiringSoon`), and moves those whose
     * KYC has run out by chain time to liquidate-only on chain. Idempotent: safe to run from several replicas.
     */
    async checkExpiry(): Promise<{ flagged: number; expired: number }> {
      const now = await writes.chainTime();
      const warnFrom = now + BigInt(config.expiryWarningDays) * 86_400n;
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
    },

    flagsOf: (application: KycApplication) => (application.flags === null ? null : bitsToFlags(application.flags)),
  };

  async function walletsOf(q: Queryable, applicationId: string): Promise<Address[]> {
    const { rows } = await q.query<{ wallet: Address }>("select wallet from kyc_wallets where application_id = $1 order by linked_at, wallet", [applicationId]);
    // The opening wallet first: it is the one registered with the investor.
    const opening = await q.query<{ wallet: Address }>("select wallet from kyc_applications where id = $1", [applicationId]);
    const first = opening.rows[0]!.wallet;
    return [first, ...rows.map((r) => r.wallet).filter((w) => w !== first)];
  }

  async function refuseSelfDecision(q: Queryable, actor: Address, application: KycApplication) {
    const { rows } = await q.query("select 1 from kyc_wallets where application_id = $1 and wallet = $2", [application.id, getAddress(actor)]);
    if (rows.length || application.wallet === actor) {
      throw new FolioError("KYC_SELF_DECISION", "Compliance officers cannot decide on an application of their own", { hint: "Another compliance officer must decide" });
    }
  }
}

export type KycService = ReturnType<typeof createKycService>;

const documentNotFound = () => new FolioError("KYC_DOCUMENT_NOT_FOUND", "No such document");

