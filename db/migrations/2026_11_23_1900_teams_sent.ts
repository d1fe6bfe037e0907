import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. The activity id Teams gave each proactive
// message, by the outbox's idempotency key. The Bot Framework cannot search a chat, so this is
// how a send whose answer came late (or came to a process since restarted) is found again
// instead of being sent twice.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('teams_sent_messages')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('teams_sent_messages').ifExists().execute();
}
