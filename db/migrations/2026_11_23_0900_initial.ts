import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code, so later changes to the
// app cannot rewrite history. Money is integer cents (bigint); times are timestamptz; calendar
// days (booking dates, expiry dates) are `date`.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('partner_user','partner_admin','channel_manager','vendor_admin')`),
    )
    .addColumn('partner_id', 'integer')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_email_lower_uq on users (lower(email))`.execute(db);

  await db.schema
    .createTable('partners')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('reseller','distributor','msp','supplier')`),
    )
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('partners.id'))
    .addColumn('channel_manager_id', 'integer', (c) => c.references('users.id'))
    .addColumn('joined_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('partners_channel_manager_idx').on('partners').column('channel_manager_id').execute();
  await db.schema.createIndex('partners_parent_idx').on('partners').column('parent_id').execute();
  await db.schema.createIndex('partners_tier_region_idx').on('partners').columns(['tier', 'region']).execute();
  await sql`create unique index partners_name_lower_uq on partners (lower(name))`.execute(db);
  await db.schema
    .alterTable('users')
    .addForeignKeyConstraint('users_partner_fk', ['partner_id'], 'partners', ['id'])
    .execute();
  await db.schema.createIndex('users_partner_idx').on('users').column('partner_id').execute();

  await db.schema
    .createTable('chat_identities')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull().check(sql`platform in ('slack','teams','console')`))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('platform_user_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('linked_by', 'text', (c) => c.notNull().defaultTo('email'))
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('chat_identities_platform_user_uq', ['platform', 'workspace_id', 'platform_user_id'])
    .execute();
  await db.schema.createIndex('chat_identities_user_idx').on('chat_identities').column('user_id').execute();

  await db.schema
    .createTable('deal_registrations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('submitted','approved','rejected','won','lost','expired')`),
    )
    .addColumn('co_sell', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('decided_on', 'date')
    .addColumn('closed_on', 'date')
    .addColumn('expires_on', 'date')
    .execute();
  await db.schema
    .createIndex('deals_partner_status_idx')
    .on('deal_registrations')
    .columns(['partner_id', 'status', 'closed_on'])
    .execute();
  await db.schema
    .createIndex('deals_partner_submitted_idx')
    .on('deal_registrations')
    .columns(['partner_id', 'submitted_on'])
    .execute();

  await db.schema
    .createTable('revenue')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('product_line', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('booked_on', 'date', (c) => c.notNull())
    .execute();
  await sql`create index revenue_partner_booked_idx on revenue (partner_id, booked_on) include (amount_cents)`.execute(
    db,
  );

  await db.schema
    .createTable('leads')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('partner'))
    .addColumn('created_on', 'date', (c) => c.notNull())
    .addColumn('converted_on', 'date')
    .execute();
  await db.schema.createIndex('leads_partner_created_idx').on('leads').columns(['partner_id', 'created_on']).execute();

  await db.schema
    .createTable('certifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('holder_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('holder_email', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('earned_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addCheckConstraint('certifications_dates_ck', sql`expires_on >= earned_on`)
    .execute();
  await db.schema
    .createIndex('certs_partner_expires_idx')
    .on('certifications')
    .columns(['partner_id', 'expires_on'])
    .execute();
  await db.schema.createIndex('certs_expires_idx').on('certifications').column('expires_on').execute();

  await db.schema
    .createTable('mdf')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('allocated_cents', 'bigint', (c) => c.notNull())
    .addColumn('claimed_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('allocated_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mdf_partner_idx').on('mdf').columns(['partner_id', 'allocated_on']).execute();

  await db.schema
    .createTable('incentives')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('rebate','commission','spiff','payout')`))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','approved','paid','rejected')`))
    .addColumn('paid_on', 'date')
    .execute();
  await db.schema
    .createIndex('incentives_partner_period_idx')
    .on('incentives')
    .columns(['partner_id', 'period_end'])
    .execute();

  await db.schema
    .createTable('renewals')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','renewed','churned')`))
    .addColumn('renewed_on', 'date')
    .execute();
  await db.schema.createIndex('renewals_partner_due_idx').on('renewals').columns(['partner_id', 'due_on']).execute();

  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'integer', (c) => c.references('partners.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('digest_subscriptions_user_idx').on('digest_subscriptions').column('user_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('partner_id', 'integer', (c) => c.references('partners.id'))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','sending','sent','failed','undeliverable')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('platform', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('notifications_status_next_idx')
    .on('notifications')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('intent', 'text')
    .addColumn('args', 'jsonb')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();

  await db.schema
    .createTable('data_sources')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('data_sources_entity_idx').on('data_sources').columns(['entity', 'finished_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'data_sources',
    'audit_log',
    'notifications',
    'digest_subscriptions',
    'renewals',
    'incentives',
    'mdf',
    'certifications',
    'leads',
    'revenue',
    'deal_registrations',
    'chat_identities',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropConstraint('users_partner_fk').execute();
  await db.schema.dropTable('partners').execute();
  await db.schema.dropTable('users').execute();
}
