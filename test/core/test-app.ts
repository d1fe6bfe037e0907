import { sql } from 'kysely';
import type { Db, DbHandle } from '../../db/connect.ts';
import { openApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

/** The real app around a test database handle (the handle stays owned by testDb). */
export async function appFor(handle: DbHandle): Promise<App> {
  const config = loadConfig({ ...process.env, DATABASE_URL: handle.url });
  if (!config.ok) throw new Error(config.error.message);
  const app = await openApp(config.value, { handle });
  if (!app.ok) throw new Error(app.error.message);
  return app.value;
}

/** Row count of every table in the schema, migration bookkeeping included. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db);
    counts[table_name] = r.rows[0]?.n ?? -1;
  }
  return counts;
}

export async function lastAudit(db: Db) {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}
