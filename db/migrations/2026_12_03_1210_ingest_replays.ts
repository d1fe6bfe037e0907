import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. The signatures of webhook requests already
// accepted at POST /ingest/<entity>, kept while their timestamp could still pass the 5-minute
// check, so a request sent again with its original headers is refused by every instance, not
// only the one that saw it first. Rows past `expires_at` are deleted as new ones come in.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('ingest_replays')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingest_replays_expires_at').on('ingest_replays').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('ingest_replays').ifExists().execute();
}
