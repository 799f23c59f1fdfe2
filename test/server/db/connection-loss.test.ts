import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../server/src/db/database.ts";
import { postgresUrl } from "../../support/databases.ts";

// PostgreSQL ending the server's connections (a restart, a failover, pg_terminate_backend) must fail the work in
// progress, never the process: an unhandled "error" event would crash it, and vitest would report it here.
describe.skipIf(!postgresUrl())("PostgreSQL connections ended under the server", () => {
  let admin: pg.Client;
  let db: Database;
  let name: string;

  beforeAll(async () => {
    name = `folio_test_${randomBytes(6).toString("hex")}`;
    admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(postgresUrl()!);
    url.pathname = `/${name}`;
    db = await openDatabase({ url: url.toString() });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.query(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  const endSessions = () => admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);

  it("drops idle pooled connections that PostgreSQL ended and answers the next query on a new one", async () => {
    await Promise.all([db.query("select 1"), db.query("select 2"), db.query("select 3")]);
    await endSessions();
    await new Promise((r) => setTimeout(r, 200));
    expect((await db.query<{ n: number }>("select 4 as n")).rows[0]!.n).toBe(4);
  });

  it("fails a transaction whose connection is ended with the connection error, not the rollback's, and goes on", async () => {
    const failed = db.transaction(async (tx) => {
      await tx.query("select 1");
      await endSessions();
      await new Promise((r) => setTimeout(r, 200));
      await tx.query("select 2");
    });
    await expect(failed).rejects.toThrow(/connection/i);
    expect((await db.query<{ n: number }>("select 5 as n")).rows[0]!.n).toBe(5);
  });
});
