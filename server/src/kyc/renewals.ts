import { randomUUID } from "node:crypto";
import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { KycApplication } from "./application-view.ts";
import type { KycChainWrites } from "./chain-writes.ts";
import { notFound, readDecision, requireReason, stateError, type ApprovalInput } from "./kyc-rules.ts";
import { missingFields, validatePersonalData, type PersonalData, type PersonalDataInput } from "./personal-data.ts";

export const RENEWAL_STATUSES = ["draft", "submitted", "approved", "rejected", "withdrawn"] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];

/** A renewal as stored, without anything encrypted. */
export interface KycRenewal {
  id: string;
  seq: number;
  applicationId: string;
  status: RenewalStatus;
  hasPersonalData: boolean;
  hasRejectionReason: boolean;
  country: number | null;
  flags: number | null;
  kycValidUntil: bigint | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const RENEWAL_COLUMNS = `id, seq, application_id, status, (personal_data is not null) as has_data, (rejection_reason is not null) as has_reason,
  country, flags, kyc_valid_until, submitted_at, decided_at, created_at`;
/** Open: the investor is working on it or it awaits a decision (at most one per application). */
const OPEN = "status in ('draft', 'submitted', 'rejected')";

const date = (v: unknown) => (v == null ? null : new Date(v as string));
function toRenewal(r: Record<string, unknown>): KycRenewal {
  return {
    id: r.id as string, seq: Number(r.seq), applicationId: r.application_id as string, status: r.status as RenewalStatus,
    hasPersonalData: Boolean(r.has_data), hasRejectionReason: Boolean(r.has_reason),
    country: r.country == null ? null : Number(r.country), flags: r.flags == null ? null : Number(r.flags),
    kycValidUntil: r.kyc_valid_until == null ? null : BigInt(String(r.kyc_valid_until)),
    submittedAt: date(r.submitted_at), decidedAt: date(r.decided_at), createdAt: new Date(r.created_at as string),
  };
}

/** An approved application registered on chain (active, or liquidate-only because KYC ran out): one that can be renewed. */
function requireOnRecord(application: KycApplication): KycApplication {
  const onRecord = application.investorId !== null && (application.chainStatus === "active" || application.chainStatus === "liquidate_only");
  if (application.status !== "approved" || !onRecord) throw stateError(application.status, "renewed (only an approved investor can renew)");
  return application;
}

/** What renewals need from the KYC service. */
export interface RenewalDeps {
  db: Database;
  envelope: Envelope;
  writes: KycChainWrites;
  log: Logger;
  applicationOfWallet(q: Queryable, wallet: Address, lock?: boolean): Promise<KycApplication | null>;
  applicationById(q: Queryable, id: string): Promise<KycApplication | null>;
  requireById(q: Queryable, id: string, lock?: boolean): Promise<KycApplication>;
  dataKey(q: Queryable, applicationId: string, create?: boolean): Promise<Buffer | null>;
  unseal(q: Queryable, applicationId: string, field: string, sealed: string | null | undefined): Promise<string | null>;
  readPersonal(q: Queryable, applicationId: string): Promise<PersonalData | null>;
  documentKinds(q: Queryable, applicationId: string): Promise<string[]>;
  refuseSelfDecision(q: Queryable, actor: Address, application: KycApplication): Promise<void>;
  audited<T>(actor: Address, action: string, target: string, work: () => Promise<T>): Promise<T>;
}

/**
 * KYC renewal: an approved investor (also one who turned liquidate-only because KYC ran out) sends updated data and
 * documents as a renewal of the same application, keeping investorId and wallets. Approval updates the registry
 * record (new expiry, maybe new country and categories) and reactivates an expired one; rejection changes nothing on
 * chain, so the existing record simply runs out.
 */
export function createRenewals(deps: RenewalDeps) {
  const { db, envelope, writes, log } = deps;
  const dataField = (renewalId: string) => `renewal:${renewalId}:personal_data`;
  const reasonField = (renewalId: string) => `renewal:${renewalId}:rejection_reason`;

  async function openRenewal(q: Queryable, applicationId: string, lock = false): Promise<KycRenewal | null> {
    const { rows } = await q.query(`select ${RENEWAL_COLUMNS} from kyc_renewals where application_id = $1 and ${OPEN}${lock ? " for update" : ""}`, [applicationId]);
    return rows[0] ? toRenewal(rows[0]) : null;
  }

  async function readRenewalData(q: Queryable, renewal: KycRenewal): Promise<PersonalData | null> {
    const { rows } = await q.query<{ personal_data: string | null }>("select personal_data from kyc_renewals where id = $1", [renewal.id]);
    const text = await deps.unseal(q, renewal.applicationId, dataField(renewal.id), rows[0]?.personal_data);
    return text === null ? null : (JSON.parse(text) as PersonalData);
  }

  /** The viewer's approved application, which a renewal may be started for. */
  async function renewable(q: Queryable, wallet: Address): Promise<KycApplication> {
    const application = await deps.applicationOfWallet(q, wallet, true);
    if (!application) throw notFound();
    return requireOnRecord(application);
  }

  /** The viewer's renewal that they may still change (draft, or rejected and being corrected). */
  async function editableRenewal(q: Queryable, wallet: Address): Promise<{ application: KycApplication; renewal: KycRenewal }> {
    const application = await renewable(q, wallet);
    const renewal = await openRenewal(q, application.id, true);
    if (!renewal) throw new FolioError("KYC_RENEWAL_NOT_FOUND", "There is no renewal in progress", { hint: "Start one with saveKycRenewal" });
    if (renewal.status === "submitted") throw new FolioError("KYC_INVALID_STATE", "The renewal is submitted and awaits a decision");
    return { application, renewal };
  }

  return {
    openRenewal,
    editableRenewal,

    /** The application's latest renewal, whatever its status. */
    async latest(applicationId: string): Promise<KycRenewal | null> {
      const { rows } = await db.query(`select ${RENEWAL_COLUMNS} from kyc_renewals where application_id = $1 order by seq desc limit 1`, [applicationId]);
      return rows[0] ? toRenewal(rows[0]) : null;
    },

    /** A renewal's personal data for `actor`; reads by anyone but the applicant are audit-logged. */
    async openRenewalData(actor: Address, renewal: KycRenewal, byApplicant: boolean): Promise<PersonalData | null> {
      return db.transaction(async (tx) => {
        const data = await readRenewalData(tx, renewal);
        if (!byApplicant) {
          await recordAudit(tx, { actor, action: "kyc.renewal.open", target: renewal.applicationId, outcome: "success", details: { renewalId: renewal.id, erased: data === null } });
        }
        return data;
      });
    },

    async rejectionReason(renewal: KycRenewal): Promise<string | null> {
      const { rows } = await db.query<{ rejection_reason: string | null }>("select rejection_reason from kyc_renewals where id = $1", [renewal.id]);
      return deps.unseal(db, renewal.applicationId, reasonField(renewal.id), rows[0]?.rejection_reason);
    },

    /** Submitted renewals, oldest first, as their applications (`afterSeq` is a renewal seq); `limit + 1` at most. */
    async queue(options: { limit: number; afterSeq: number | null }): Promise<{ application: KycApplication; renewalSeq: number }[]> {
      const { rows } = await db.query<{ application_id: string; seq: string }>(
        `select application_id, seq from kyc_renewals where status = 'submitted' and ($1::bigint is null or seq > $1::bigint) order by seq limit $2`,
        [options.afterSeq, options.limit + 1],
      );
      const out = [];
      for (const r of rows) out.push({ application: (await deps.applicationById(db, r.application_id))!, renewalSeq: Number(r.seq) });
      return out;
    },

    /**
     * Starts the viewer's renewal if none is open and merges the given fields into it; fields left out keep their
     * approved value. Correcting a rejected renewal reopens it as a draft.
     */
    async save(wallet: Address, input: PersonalDataInput): Promise<KycApplication> {
      const fields = validatePersonalData(input);
      const id = await db.transaction(async (tx) => {
        const application = await renewable(tx, wallet);
        let renewal = await openRenewal(tx, application.id, true);
        if (renewal?.status === "submitted") throw new FolioError("KYC_INVALID_STATE", "The renewal is submitted and awaits a decision");
        const base = renewal ? await readRenewalData(tx, renewal) : await deps.readPersonal(tx, application.id);
        if (!renewal) {
          const renewalId = randomUUID();
          await tx.query("insert into kyc_renewals (id, application_id) values ($1, $2)", [renewalId, application.id]);
          renewal = (await openRenewal(tx, application.id, true))!;
          await recordAudit(tx, { actor: wallet, action: "kyc.renewal.create", target: application.id, outcome: "success", details: { renewalId } });
        }
        const key = (await deps.dataKey(tx, application.id, true))!;
        const sealed = envelope.encrypt(key, application.id, dataField(renewal.id), JSON.stringify({ ...(base ?? {}), ...fields }));
        await tx.query("update kyc_renewals set personal_data = $2, status = 'draft', updated_at = now() where id = $1", [renewal.id, sealed]);
        await recordAudit(tx, { actor: wallet, action: "kyc.renewal.save", target: application.id, outcome: "success", details: { renewalId: renewal.id, fields: Object.keys(fields).length } });
        return application.id;
      });
      log.info({ msg: "kyc renewal saved", applicationId: id });
      return (await deps.applicationById(db, id))!;
    },

    /** Sends the viewer's renewal to the compliance queue: complete data and at least one new document. */
    async submit(wallet: Address): Promise<KycApplication> {
      const id = await db.transaction(async (tx) => {
        const { application, renewal } = await editableRenewal(tx, wallet);
        const fresh = await tx.query<{ kind: string }>("select distinct kind from kyc_documents where renewal_id = $1", [renewal.id]);
        const kinds = [...new Set([...(await deps.documentKinds(tx, application.id)), ...fresh.rows.map((r) => r.kind)])];
        const missing = missingFields((await readRenewalData(tx, renewal)) ?? {}, kinds);
        if (!fresh.rows.length) missing.push("an updated document");
        if (missing.length) throw new FolioError("KYC_APPLICATION_INCOMPLETE", `The renewal is missing: ${missing.join(", ")}`);
        await tx.query("update kyc_renewals set status = 'submitted', submitted_at = now(), rejection_reason = null, updated_at = now() where id = $1", [renewal.id]);
        await recordAudit(tx, { actor: wallet, action: "kyc.renewal.submit", target: application.id, outcome: "success", details: { renewalId: renewal.id } });
        return application.id;
      });
      log.info({ msg: "kyc renewal submitted", applicationId: id });
      return (await deps.applicationById(db, id))!;
    },

    /**
     * Approves a submitted renewal with a new validity period (from now, by chain time) and maybe a changed country
     * and categories: the registry record is updated through the outbox and, when it is liquidate-only because KYC
     * ran out, set active again. The renewed data becomes the record's personal data.
     */
    async approve(actor: Address, applicationId: string, input: ApprovalInput): Promise<KycApplication> {
      return deps.audited(actor, "kyc.renewal.approve", applicationId, async () => {
        const { country, flags, validityDays } = readDecision(input);
        await deps.refuseSelfDecision(db, actor, await deps.requireById(db, applicationId));
        const validUntil = (await writes.chainTime()) + BigInt(validityDays) * 86_400n;
        let reactivated = false;
        await db.transaction(async (tx) => {
          const application = requireOnRecord(await deps.requireById(tx, applicationId, true));
          const renewal = await openRenewal(tx, applicationId, true);
          if (renewal?.status !== "submitted") throw new FolioError("KYC_RENEWAL_NOT_FOUND", "This application has no submitted renewal to decide on");
          const key = (await deps.dataKey(tx, applicationId))!;
          const data = (await readRenewalData(tx, renewal))!;
          await tx.query(
            `update kyc_renewals set status = 'approved', country = $2, flags = $3, kyc_valid_until = $4, decided_at = now(), decided_by = $5, updated_at = now()
             where id = $1`,
            [renewal.id, country, flags, validUntil.toString(), actor],
          );
          reactivated = application.chainStatus === "liquidate_only";
          await tx.query(
            `update kyc_applications set personal_data = $2, country = $3, flags = $4, kyc_valid_until = $5, chain_status = 'active', expiring_soon = false,
               decided_at = now(), decided_by = $6, updated_at = now() where id = $1`,
            [applicationId, envelope.encrypt(key, applicationId, "personal_data", JSON.stringify(data)), country, flags, validUntil.toString(), actor],
          );
          const base = `kyc:${applicationId}:renewal:${renewal.id}`;
          await writes.updateInvestor(tx, { applicationId, key: `${base}:update`, investorId: application.investorId!, country, validUntil, flags });
          if (reactivated) await writes.setStatus(tx, { applicationId, key: `${base}:status`, investorId: application.investorId!, status: "active" });
          await recordAudit(tx, {
            actor, action: "kyc.renewal.approve", target: applicationId, outcome: "success",
            details: { renewalId: renewal.id, investorId: application.investorId, country, flags, kycValidUntil: Number(validUntil), reactivated },
          });
        });
        log.info({ msg: "kyc renewal approved", applicationId, reactivated });
        return (await deps.applicationById(db, applicationId))!;
      });
    },

    /** Rejects a submitted renewal with a reason; nothing changes on chain, so the current record runs out. */
    async reject(actor: Address, applicationId: string, reason: string): Promise<KycApplication> {
      return deps.audited(actor, "kyc.renewal.reject", applicationId, async () => {
        const text = requireReason(reason);
        await deps.refuseSelfDecision(db, actor, await deps.requireById(db, applicationId));
        await db.transaction(async (tx) => {
          await deps.requireById(tx, applicationId, true);
          const renewal = await openRenewal(tx, applicationId, true);
          if (renewal?.status !== "submitted") throw new FolioError("KYC_RENEWAL_NOT_FOUND", "This application has no submitted renewal to decide on");
          const key = (await deps.dataKey(tx, applicationId))!;
          await tx.query(
            "update kyc_renewals set status = 'rejected', rejection_reason = $2, decided_at = now(), decided_by = $3, updated_at = now() where id = $1",
            [renewal.id, envelope.encrypt(key, applicationId, reasonField(renewal.id), text), actor],
          );
          await recordAudit(tx, { actor, action: "kyc.renewal.reject", target: applicationId, outcome: "success", details: { renewalId: renewal.id } });
        });
        log.info({ msg: "kyc renewal rejected", applicationId });
        return (await deps.applicationById(db, applicationId))!;
      });
    },
  };
}

export type KycRenewals = ReturnType<typeof createRenewals>;
