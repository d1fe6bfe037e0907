import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. People who used an email's unsubscribe link
// for a kind of mail that has no subscription of its own: certification alerts and vendor pushes
// ('alerts'). The digest's link turns its subscription off instead (digest_subscriptions.enabled).
// A row stops that kind of mail by email only; chat delivery is unaffected.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('email_opt_outs')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull().check(sql`topic in ('alerts')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('email_opt_outs_pk', ['user_id', 'topic'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('email_opt_outs').ifExists().execute();
}
