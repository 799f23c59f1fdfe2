import type { Database } from "./database.ts";
import { migrations as allMigrations, type Migration } from "./migrations/index.ts";

/** Applies pending migrations in order, each in its own transaction. Returns the ids it applied. */
export async function migrate(db: Database, migrations: Migration[] = allMigrations): Promise<number[]> {
  await db.query(`create table if not exists schema_migrations (
    id integer primary key, name text not null, applied_at timestamptz not null default now())`);
  const { rows } = await db.query<{ id: number }>("select id from schema_migrations");
  const applied = new Set(rows.map((r) => Number(r.id)));
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      // Serialises concurrent replicas starting together: the second waits, then sees the row and skips.
      await tx.query("lock table schema_migrations in exclusive mode");
      const again = await tx.query("select 1 from schema_migrations where id = $1", [migration.id]);
      if (again.rows.length) return;
      await tx.exec(migration.sql);
      await tx.query("insert into schema_migrations (id, name) values ($1, $2)", [migration.id, migration.name]);
      done.push(migration.id);
    });
  }
  return done;
}
