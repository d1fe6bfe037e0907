import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. Chat messages already taken up for an answer,
// by platform and message ("slack:<channel>:<ts>"), so a message delivered again — a retry that
// reached another instance, or the same message under a new event id — is answered once by all
// instances together. Rows past `expires_at` are deleted as new ones come in.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('seen_messages')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('seen_messages_expires_at').on('seen_messages').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('seen_messages').ifExists().execute();
}
