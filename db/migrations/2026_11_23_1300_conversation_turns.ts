import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. The last few turns of each person's thread
// (Slack thread, Teams conversation, terminal session), so "and last quarter?" has something to
// follow; and the model tokens each question cost, for the audit log and the daily budget.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('conversation_turns')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // Per person: in a shared thread each asker follows up on their own answers only.
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('runs', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_turns_thread_idx')
    .on('conversation_turns')
    .columns(['user_id', 'thread_key', 'id'])
    .execute();
  await db.schema.alterTable('audit_log').addColumn('llm_tokens', 'integer').execute();
  await db.schema.createIndex('audit_log_user_at_idx').on('audit_log').columns(['user_id', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('audit_log_user_at_idx').ifExists().execute();
  await db.schema.alterTable('audit_log').dropColumn('llm_tokens').execute();
  await db.schema.dropTable('conversation_turns').ifExists().execute();
}
