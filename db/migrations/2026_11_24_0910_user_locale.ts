import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. A person may read numbers and dates in their own
// locale (a BCP 47 tag such as de-DE); null means the program's default.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
