import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../../server/src/db/database.ts";
import { describeEachDatabase } from "../../support/databases.ts";

// Work in a transaction asks for reads side by side (Promise.all): on PostgreSQL its one connection must still run
// one query at a time, or pg queues them itself, which it deprecates and pg 9 removes.
describeEachDatabase("queries asked side by side in a transaction", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterAll(() => db?.close());

  it("run one after another on the transaction's connection, in the order asked, each with its own answer", async () => {
    const original = pg.Client.prototype.query;
    let running = 0;
    let most = 0;
    // Counts the queries a pg client has on the wire at once (PGlite does not go through it).
    pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof original>) {
      running++;
      most = Math.max(most, running);
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (result instanceof Promise) return result.finally(() => running--);
      running--;
      return result;
    } as typeof original;
    try {
      const answers = await db.transaction(async (tx) => {
        const asked = [tx.query<{ n: number }>("select pg_sleep(0.05), 1 as n"), tx.query<{ n: number }>("select 2 as n"), tx.query<{ n: number }>("select 3 as n")];
        return (await Promise.all(asked)).map((r) => r.rows[0]!.n);
      });
      expect(answers).toEqual([1, 2, 3]);
      expect(most).toBeLessThanOrEqual(1);
    } finally {
      pg.Client.prototype.query = original;
    }
  });

  it("go on after one of them fails, and the transaction is rolled back as a whole", async () => {
    await db.exec("create table if not exists side_by_side (n int primary key)");
    const failed = db.transaction(async (tx) => {
      await Promise.all([tx.query("insert into side_by_side values (1)"), tx.query("insert into side_by_side values (1)").catch(() => null)]);
      throw new Error("refused");
    });
    await expect(failed).rejects.toThrow("refused");
    expect((await db.query<{ n: number }>("select count(*)::int as n from side_by_side")).rows[0]!.n).toBe(0);
  });
});
