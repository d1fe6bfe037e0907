import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. When the source system last changed each
// imported row (the file's or webhook's `updated_at`), so an import can skip a row older than the
// one stored instead of reverting it. Null where the source never said.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

const TABLES = ['partners', 'users', 'deal_registrations', 'revenue', 'leads', 'certifications', 'mdf', 'incentives', 'renewals', 'facts'];

export async function up(db: AnyDb): Promise<void> {
  for (const t of TABLES) await db.schema.alterTable(t).addColumn('source_updated_at', 'timestamptz').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of TABLES) await db.schema.alterTable(t).dropColumn('source_updated_at').execute();
}
