import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code.
// Digest subscriptions: one per user, switched off rather than deleted so a manager who stopped
// the default Monday digest is not subscribed again by the default. Notifications: `uncertain`
// marks a row whose earlier attempt may have reached the platform (timeout, 5xx, a crash while
// 'sending'), so the sender asks the platform before sending it again.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('digest_subscriptions')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('digest_subscriptions_user_uq').unique().on('digest_subscriptions').column('user_id').execute();
  await db.schema
    .createIndex('digest_subscriptions_schedule_idx')
    .on('digest_subscriptions')
    .columns(['cron', 'time_zone'])
    .where(sql.ref('enabled'), '=', true)
    .execute();

  await db.schema
    .alterTable('notifications')
    .addColumn('uncertain', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notifications_recipient_idx').on('notifications').column('recipient_user_id').execute();
  // The sender's claim scans only rows that still have work to do.
  await sql`create index notifications_due_idx on notifications (next_attempt_at) where status in ('pending', 'sending')`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists notifications_due_idx`.execute(db);
  await db.schema.dropIndex('notifications_recipient_idx').execute();
  await db.schema.alterTable('notifications').dropColumn('uncertain').dropColumn('updated_at').execute();
  await db.schema.dropIndex('digest_subscriptions_schedule_idx').execute();
  await db.schema.dropIndex('digest_subscriptions_user_uq').execute();
  await db.schema
    .alterTable('digest_subscriptions')
    .dropColumn('enabled')
    .dropColumn('is_default')
    .dropColumn('updated_at')
    .execute();
}
