import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db } from './connect.ts';
import { MIGRATIONS } from './migrations/index.ts';

export function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Applies pending migrations; throws with the failing migration's name so callers exit non-zero. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  return checked(error, results);
}

export async function migrateDownAll(db: Db): Promise<string[]> {
  const m = migrator(db);
  const applied: string[] = [];
  for (;;) {
    const { error, results } = await m.migrateDown();
    const names = checked(error, results);
    if (names.length === 0) return applied;
    applied.push(...names);
  }
}

function checked(error: unknown, results: MigrationResultSet['results']): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const why = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${why}`.replace('  ', ' '));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
