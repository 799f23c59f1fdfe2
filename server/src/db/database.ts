import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { serially } from "../serial.ts";

export interface QueryResult<Row> {
  rows: Row[];
  affectedRows: number;
}

/** The SQL surface both PGlite and PostgreSQL offer: same SQL, same parameters ($1, $2, ...). */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Takes the advisory lock `name` when it is free, else returns null: one holder among every process sharing
   * this database (a PostgreSQL session lock on a dedicated connection; PGlite is one process, so a local flag).
   */
  tryAdvisoryLock(name: string): Promise<AdvisoryLock | null>;
  close(): Promise<void>;
  /**
   * PostgreSQL only (PGlite serves one process, so there is no one to hear): calls `onPayload` with each NOTIFY on
   * `channel`, over a dedicated connection, until the returned listener is closed or its connection drops.
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<Listener>;
}

export interface Listener {
  /** False once closed or once its connection is gone (notifications sent meanwhile are lost: poll as well). */
  readonly open: boolean;
  close(): Promise<void>;
}

export interface AdvisoryLock {
  /** False once released or once the session that held it is gone (the lock is then free for others). */
  readonly held: boolean;
  release(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ("url" in target) return openPostgres(target.url);
  return openPglite("memory" in target ? undefined : target.dataDir);
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = await PGlite.create(dataDir);
  const wrap = (q: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await q.query<Row>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const locks = new Set<string>();
  return {
    kind: "pglite",
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    async tryAdvisoryLock(name) {
      if (locks.has(name)) return null;
      locks.add(name);
      let held = true;
      return {
        get held() {
          return held;
        },
        async release() {
          if (held) locks.delete(name);
          held = false;
        },
      };
    },
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection that PostgreSQL ends (a restart, a failover, an administrator) is reported here; the
  // pool drops it and the next query opens a new one. Without a listener the event would kill the whole process.
  pool.on("error", () => undefined);
  // Fail fast on a wrong URL or an unreachable server, at start-up rather than on the first request.
  await pool.query("select 1");
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await q.query(sql, params);
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  /**
   * A transaction's one connection runs one query at a time. Queries its work asks side by side (Promise.all) wait
   * in line here, in the order asked, rather than in pg's own queue of the client, which pg 9 removes.
   */
  const inLine = (client: pg.PoolClient): Queryable => {
    const q = wrap(client);
    const next = serially();
    return { query: (sql, params) => next(() => q.query(sql, params)), exec: (sql) => next(() => q.exec(sql)) };
  };
  return {
    kind: "postgres",
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A checked-out client whose connection drops emits "error" on itself (the pool only listens while it is idle):
      // the query in progress fails with it, so the event needs only a listener, or it would kill the process.
      const dropped = () => undefined;
      client.on("error", dropped);
      try {
        await client.query("begin");
        const result = await work(inLine(client));
        await client.query("commit");
        return result;
      } catch (error) {
        // On a connection that is gone the rollback fails too: the transaction's own error is the one to report,
        // and the broken client is destroyed rather than returned to the pool.
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.off("error", dropped);
        client.release();
      }
    },
    async tryAdvisoryLock(name) {
      // A session lock lives as long as its connection, so it gets its own client outside the pool: a crashed
      // process frees it when PostgreSQL notices the closed socket.
      const client = new pg.Client({ connectionString: url });
      let held = false;
      client.on("error", () => {
        held = false;
      });
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock(hashtextextended($1, 0)) as locked", [name]);
      if (!rows[0]?.locked) {
        await client.end();
        return null;
      }
      held = true;
      client.once("end", () => {
        held = false;
      });
      return {
        get held() {
          return held;
        },
        async release() {
          if (!held) return;
          held = false;
          await client.end().catch(() => {});
        },
      };
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString: url });
      let open = false;
      let closed = false;
      client.on("error", () => {
        open = false;
      });
      client.on("notification", (message) => {
        if (message.channel === channel) onPayload(message.payload ?? "");
      });
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      open = true;
      client.once("end", () => {
        open = false;
      });
      return {
        get open() {
          return open;
        },
        async close() {
          if (closed) return;
          open = false;
          closed = true;
          await client.end().catch(() => {});
        },
      };
    },
    close: () => pool.end(),
  };
}
