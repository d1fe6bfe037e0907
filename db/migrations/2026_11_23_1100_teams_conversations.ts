import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. One row per Teams person (tenant + AAD object
// id): the reference of their personal chat with the bot, which proactive messages need. The
// reference is the Bot Framework's JSON as received, kept opaque here.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('teams_conversations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    // Null until the person is linked to a Partner Pulse user; a reference is worth keeping before.
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('aad_object_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('teams_conversations_person_uq', ['tenant_id', 'aad_object_id'])
    .execute();
  await db.schema.createIndex('teams_conversations_user_idx').on('teams_conversations').column('user_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('teams_conversations').ifExists().execute();
}
