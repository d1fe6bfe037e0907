import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. Every change of a partner's tier, so the weekly
// digest can say who moved. A trigger records it whatever changed the tier (an import, a webhook,
// a manual UPDATE); the time is the application's clock when it set `pulse.now` for the
// transaction (imports do, so a pinned PULSE_NOW and the data agree), the database's otherwise.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('tier_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('from_tier', 'text')
    .addColumn('to_tier', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('tier_changes_partner_at_idx').on('tier_changes').columns(['partner_id', 'changed_at']).execute();
  await sql`
    create function pulse_record_tier_change() returns trigger language plpgsql as $$
    begin
      insert into tier_changes (partner_id, from_tier, to_tier, changed_at)
      values (new.id, old.tier, new.tier,
              coalesce(nullif(current_setting('pulse.now', true), '')::timestamptz, now()));
      return null;
    end $$`.execute(db);
  await sql`
    create trigger partners_tier_changed after update of tier on partners
    for each row when (old.tier is distinct from new.tier)
    execute function pulse_record_tier_change()`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger if exists partners_tier_changed on partners`.execute(db);
  await sql`drop function if exists pulse_record_tier_change()`.execute(db);
  await db.schema.dropTable('tier_changes').ifExists().execute();
}
