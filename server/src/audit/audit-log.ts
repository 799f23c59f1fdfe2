import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { GENESIS_HASH, hashAuditRow, type AuditRowContent } from "./canonical.ts";

/** One state-changing action. `details` must never hold personal data: ids, codes and counts only. */
export interface AuditEntry {
  /** Who acted: a checksummed address, or null for anonymous callers and the system. */
  actor: string | null;
  /** Dotted verb, e.g. `auth.signIn`, `role.grant`. */
  action: string;
  target?: string | null;
  outcome: "success" | "failure";
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditRecord extends AuditRowContent {
  hash: string;
}

export interface AuditVerification {
  valid: boolean;
  checkedRows: number;
  /** The first row whose hash or link does not match, when the chain is broken. */
  firstInvalidId: string | null;
  problem: string | null;
}

// A fixed key for pg_advisory_xact_lock: every writer of the chain takes it, so two writers never read the same
// previous hash and fork the chain. It is transaction-scoped: released at commit or rollback, never leaked.
const AUDIT_LOCK_KEY = 0x464f_4c49_4f41_5544n; // "FOLIOAUD"

/** A row of audit_log as the database returns it. */
export interface AuditRow {
  id: string | number;
  actor: string | null;
  action: string;
  target: string | null;
  outcome: "success" | "failure";
  details: Record<string, unknown> | string;
  created_at: Date | string;
  prev_hash: string;
  hash: string;
}

/** An audit_log row as the API shows it (also for modules that select their own rows, e.g. agent actions). */
export function auditRecordFromRow(row: AuditRow): AuditRecord {
  return {
    id: String(row.id),
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    details: typeof row.details === "string" ? JSON.parse(row.details) : row.details,
    createdAt: new Date(row.created_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const isDetailValue = (v: unknown) =>
  v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/**
 * Appends one entry inside the caller's transaction `tx` (so the entry commits or rolls back with the action it
 * records). Use `createAuditLog(db).record(entry)` outside a transaction.
 */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<AuditRecord> {
  const details = entry.details ?? {};
  if (!Object.values(details).every(isDetailValue)) {
    throw new FolioError("AUDIT_DETAILS_INVALID", "Audit details must be flat strings, finite numbers, booleans or null");
  }
  await tx.query("select pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY.toString()]);
  const last = await tx.query<{ hash: string }>("select hash from audit_log order by id desc limit 1");
  const { rows: [next] } = await tx.query<{ id: string }>("select nextval('audit_log_id_seq')::text as id");
  const content: AuditRowContent = {
    id: next!.id,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    details,
    createdAt: new Date().toISOString(),
    prevHash: last.rows[0]?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditRow(content);
  await tx.query(
    `insert into audit_log (id, actor, action, target, outcome, details, created_at, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [content.id, content.actor, content.action, content.target, content.outcome, JSON.stringify(details), content.createdAt, content.prevHash, hash],
  );
  return { ...content, hash };
}

export function createAuditLog(db: Database) {
  return {
    /** Appends an entry in its own transaction. */
    record: (entry: AuditEntry) => db.transaction((tx) => recordAudit(tx, entry)),

    /** Newest first; `beforeId` continues a page. Returns `limit + 1` rows at most (for connections). */
    async list(options: { limit: number; beforeId: string | null }): Promise<AuditRecord[]> {
      const { rows } = options.beforeId
        ? await db.query<AuditRow>("select * from audit_log where id < $1 order by id desc limit $2", [options.beforeId, options.limit + 1])
        : await db.query<AuditRow>("select * from audit_log order by id desc limit $1", [options.limit + 1]);
      return rows.map(auditRecordFromRow);
    },

    /** Walks the whole chain from the first row and reports the first row whose hash or link does not match. */
    async verify(batchSize = 1000): Promise<AuditVerification> {
      let prevHash = GENESIS_HASH;
      let lastId = "0";
      let checkedRows = 0;
      for (;;) {
        const { rows } = await db.query<AuditRow>("select * from audit_log where id > $1 order by id limit $2", [lastId, batchSize]);
        for (const row of rows.map(auditRecordFromRow)) {
          const fail = (problem: string): AuditVerification => ({ valid: false, checkedRows, firstInvalidId: row.id, problem });
          if (row.prevHash !== prevHash) return fail("prev_hash does not match the previous row's hash (a row was removed, inserted or reordered)");
          const { hash, ...content } = row;
          if (hashAuditRow(content) !== hash) return fail("hash does not match the row's content (the row was altered)");
          prevHash = hash;
          lastId = row.id;
          checkedRows += 1;
        }
        if (rows.length < batchSize) return { valid: true, checkedRows, firstInvalidId: null, problem: null };
      }
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/** Exported for services that record outside GraphQL. */
export async function verifyAuditLog(db: Database): Promise<AuditVerification> {
  return createAuditLog(db).verify();
}
