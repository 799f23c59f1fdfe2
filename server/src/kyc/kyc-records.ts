import { randomUUID } from "node:crypto";
import { getAddress, type Address } from "viem";
import { createAuditLog, recordAudit } from "../audit/audit-log.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { APPLICATION_COLUMNS, toApplication, type KycApplication, type Row } from "./application-view.ts";
import { isId, notFound } from "./kyc-rules.ts";
import type { PersonalData } from "./personal-data.ts";

/**
 * Reading and keying KYC records: applications by id or wallet, the per-record data key, decrypted fields, and the
 * shared guards of decisions (no self-decision, refusals audited). Every KYC module works through these.
 */
export function createKycRecords(options: { db: Database; envelope: Envelope }) {
  const { db, envelope } = options;
  const audit = createAuditLog(db);

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

  /** The wallet's application, locked; a new draft when it has none. */
  async function applicationOrDraft(q: Queryable, wallet: Address): Promise<KycApplication> {
    const existing = await applicationOfWallet(q, wallet, true);
    if (existing) return existing;
    const id = randomUUID();
    await q.query("insert into kyc_applications (id, wallet) values ($1, $2)", [id, wallet]);
    await q.query("insert into kyc_wallets (wallet, application_id) values ($1, $2)", [wallet, id]);
    await recordAudit(q, { actor: wallet, action: "kyc.application.create", target: id, outcome: "success" });
    return (await applicationById(q, id, true))!;
  }

  /** The application's wallets, the opening wallet first: it is the one registered with the investor. */
  async function walletsOf(q: Queryable, applicationId: string): Promise<Address[]> {
    const { rows } = await q.query<{ wallet: Address }>("select wallet from kyc_wallets where application_id = $1 order by linked_at, wallet", [applicationId]);
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

  return {
    applicationOfWallet, applicationById, requireById, dataKey, unseal, readPersonal, documentKinds, editable,
    applicationOrDraft, walletsOf, refuseSelfDecision, audited,
  };
}

export type KycRecords = ReturnType<typeof createKycRecords>;
