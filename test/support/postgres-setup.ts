// Vitest global setup for server tests: finds or starts the PostgreSQL that the server suites run against besides
// PGlite. FOLIO_TEST_DATABASE_URL wins; otherwise a throw-away cluster is started from Debian's binaries.
import type { TestProject } from "vitest/node";
import { findPostgresBin, startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export const POSTGRES_MISSING =
  "PostgreSQL not found: the PostgreSQL runs of the server tests are skipped. " +
  "Install it with `apt-get install -y --no-install-recommends postgresql` or set FOLIO_TEST_DATABASE_URL.";

export default async function setup(project: TestProject) {
  const given = process.env.FOLIO_TEST_DATABASE_URL;
  if (given) {
    project.provide("postgresUrl", given);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI) throw new Error(`CI requires PostgreSQL. ${POSTGRES_MISSING}`);
    console.warn(`\n⚠ ${POSTGRES_MISSING}\n`);
    project.provide("postgresUrl", "");
    return;
  }
  const cluster = await startThrowawayPostgres(bin);
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
