import { afterAll, beforeAll, expect, it } from "vitest";
import { createAuditLog, recordAudit, verifyAuditLog, type AuditLog } from "../../../server/src/audit/audit-log.ts";
import { GENESIS_HASH, hashAuditRow } from "../../../server/src/audit/canonical.ts";
import type { Database } from "../../../server/src/db/database.ts";
import { describeEachDatabase } from "../../support/databases.ts";

describeEachDatabase("audit log", (kind) => {
  let db: Database;
  let audit: AuditLog;
  beforeAll(async () => {
    db = await kind.open();
    audit = createAuditLog(db);
  });
  afterAll(() => db?.close());

  const rowCount = async () => Number((await db.query<{ n: string }>("select count(*)::text as n from audit_log")).rows[0]!.n);

  it("links every entry to the previous one by hash, from the genesis hash", async () => {
    const first = await audit.record({ actor: null, action: "test.first", outcome: "success", details: { n: 1 } });
    const second = await audit.record({ actor: "0x0000000000000000000000000000000000000001", action: "test.second", target: "t", outcome: "failure", details: { code: "X", ok: false, none: null } });
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    const { hash, ...content } = second;
    expect(hashAuditRow(content)).toBe(hash);
    expect(await audit.verify()).toEqual({ valid: true, checkedRows: 2, firstInvalidId: null, problem: null });
  });

  it("keeps one chain under 40 concurrent writers (no fork, no duplicate link)", async () => {
    const before = await rowCount();
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit.record({ actor: null, action: "test.concurrent", outcome: "success", details: { i } })));
    expect(await rowCount()).toBe(before + 40);
    const { rows } = await db.query<{ prev_hash: string }>("select prev_hash from audit_log");
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    expect((await audit.verify(7)).valid).toBe(true); // small batches: the walk crosses batch boundaries
  });

  it("rolls an entry back with the transaction that recorded it", async () => {
    const before = await rowCount();
    await expect(db.transaction(async (tx) => {
      await recordAudit(tx, { actor: null, action: "test.rolledBack", outcome: "success" });
      throw new Error("the action failed");
    })).rejects.toThrow("the action failed");
    expect(await rowCount()).toBe(before);
    expect((await audit.verify()).valid).toBe(true);
  });

  it("refuses details that are not flat values", async () => {
    const before = await rowCount();
    await expect(audit.record({ actor: null, action: "test.bad", outcome: "success", details: { nested: { a: 1 } as never } }))
      .rejects.toMatchObject({ code: "AUDIT_DETAILS_INVALID" });
    await expect(audit.record({ actor: null, action: "test.bad", outcome: "success", details: { n: Number.NaN } }))
      .rejects.toMatchObject({ code: "AUDIT_DETAILS_INVALID" });
    expect(await rowCount()).toBe(before);
  });

  it.each([
    ["UPDATE", "update audit_log set outcome = 'success' where id = (select min(id) from audit_log)"],
    ["DELETE", "delete from audit_log where id = (select min(id) from audit_log)"],
    ["TRUNCATE", "truncate audit_log"],
  ])("refuses %s at the database: the table is append-only", async (_op, sql) => {
    const before = await db.query("select * from audit_log order by id");
    await expect(db.query(sql)).rejects.toThrow(/append-only/);
    expect((await db.query("select * from audit_log order by id")).rows).toEqual(before.rows);
  });

  it("pages newest first", async () => {
    const page = await audit.list({ limit: 3, beforeId: null });
    expect(page).toHaveLength(4); // limit + 1 tells that there is a next page
    const ids = page.map((r) => BigInt(r.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const next = await audit.list({ limit: 3, beforeId: page[2]!.id });
    expect(BigInt(next[0]!.id)).toBeLessThan(BigInt(page[2]!.id));
  });

  // Last: it tampers with the table behind the trigger's back, as an attacker with superuser access would.
  it("detects an altered row and a removed row, naming the first bad row", async () => {
    expect((await verifyAuditLog(db)).valid).toBe(true);
    const { rows } = await db.query<{ id: string }>("select id::text as id from audit_log order by audit_log.id");
    const [victim, removed, afterRemoved] = [rows[3]!.id, rows[10]!.id, rows[11]!.id];
    await db.query("alter table audit_log disable trigger audit_log_append_only");
    try {
      await db.query(`update audit_log set details = '{"i": 999}'::jsonb where id = $1`, [victim]);
      expect(await verifyAuditLog(db)).toMatchObject({ valid: false, checkedRows: 3, firstInvalidId: victim, problem: expect.stringMatching(/altered/) });

      // Recomputing the altered row's own hash does not help: the next row's link no longer matches.
      const { rows: [row] } = await db.query<Record<string, unknown>>("select * from audit_log where id = $1", [victim]);
      const content = {
        id: victim, actor: row!.actor as string | null, action: row!.action as string, target: row!.target as string | null,
        outcome: row!.outcome as "success", details: { i: 999 }, createdAt: new Date(row!.created_at as string).toISOString(), prevHash: row!.prev_hash as string,
      };
      await db.query("update audit_log set hash = $1 where id = $2", [hashAuditRow(content), victim]);
      const relinked = await verifyAuditLog(db);
      expect(relinked.valid).toBe(false);
      expect(BigInt(relinked.firstInvalidId!)).toBeGreaterThan(BigInt(victim));
      expect(relinked.problem).toMatch(/prev_hash/);

      await db.query("delete from audit_log where id = $1", [removed]);
      await db.query("delete from audit_log where id <= $1", [victim]);
      expect(await verifyAuditLog(db)).toMatchObject({ valid: false, firstInvalidId: rows[4]!.id });
      await db.query("delete from audit_log where id < $1", [removed]);
      expect(await verifyAuditLog(db)).toMatchObject({ valid: false, checkedRows: 0, firstInvalidId: afterRemoved });
    } finally {
      await db.query("alter table audit_log enable trigger audit_log_append_only");
    }
    await expect(db.query("delete from audit_log")).rejects.toThrow(/append-only/);
  });
});
