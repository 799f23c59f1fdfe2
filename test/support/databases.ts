import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, inject } from "vitest";
import { openDatabase, type Database } from "../../server/src/db/database.ts";
import { migrate } from "../../server/src/db/migrate.ts";

export interface DatabaseKind {
  name: "PGlite" | "PostgreSQL";
  /** A new, empty, migrated database of this kind. */
  open(): Promise<Database>;
}

/** A fresh in-memory PGlite database: for suites that need no PostgreSQL-specific behaviour. */
export const pglite: DatabaseKind = {
  name: "PGlite",
  async open() {
    const db = await openDatabase({ memory: true });
    await migrate(db);
    return db;
  },
};

/** A fresh database on the shared test cluster per call, so suites never see each other's rows. */
function postgres(url: string): DatabaseKind {
  return {
    name: "PostgreSQL",
    async open() {
      const name = `folio_test_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const target = new URL(url);
      target.pathname = `/${name}`;
      const db = await openDatabase({ url: target.toString() });
      await migrate(db);
      return db;
    },
  };
}

export function postgresUrl(): string | undefined {
  return inject("postgresUrl") || undefined;
}

/** Runs a suite once on PGlite and once on PostgreSQL (or reports PostgreSQL as skipped when it is missing). */
export function describeEachDatabase(title: string, suite: (kind: DatabaseKind) => void) {
  describe(`${title} [PGlite]`, () => suite(pglite));
  const url = postgresUrl();
  if (url) describe(`${title} [PostgreSQL]`, () => suite(postgres(url)));
  else describe.skip(`${title} [PostgreSQL] (skipped: PostgreSQL not installed)`, () => suite(pglite));
}
