import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code.
// Monthly rollups of revenue and deal registrations per partner. Peer cohorts and tier checks
// aggregate twelve months of a tier's ~1,000 partners; reading whole months from here and only
// the days at either end from the raw rows cuts the rows read about tenfold.
//
// Statement-level triggers with transition tables keep them exact in the same transaction as the
// change, whatever makes it: COPY, an import's upsert, a webhook, a hand-made UPDATE or DELETE,
// TRUNCATE. (A trigger with transition tables may have only one event, hence three per table.)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

const REVENUE_DELTA = (rows: string, sign: string) => `
  insert into revenue_months (partner_id, month, amount_cents, lines)
  select partner_id, date_trunc('month', booked_on)::date, ${sign} sum(amount_cents), ${sign} count(*)
    from ${rows} group by 1, 2 order by 1, 2
  on conflict (partner_id, month) do update
    set amount_cents = revenue_months.amount_cents + excluded.amount_cents, lines = revenue_months.lines + excluded.lines`;

// Each deal counts once in the month it was submitted and, once closed, in the month it closed.
const DEAL_DELTA = (rows: string, sign: string) => `
  insert into deal_months (partner_id, basis, month, status, co_sell, deals, amount_cents)
  select partner_id, basis, month, status, co_sell, ${sign} count(*), ${sign} sum(amount_cents)
    from (select partner_id, 'submitted' as basis, date_trunc('month', submitted_on)::date as month, status, co_sell, amount_cents from ${rows}
          union all
          select partner_id, 'closed', date_trunc('month', closed_on)::date, status, co_sell, amount_cents from ${rows} where closed_on is not null) d
   group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (partner_id, basis, month, status, co_sell) do update
    set deals = deal_months.deals + excluded.deals, amount_cents = deal_months.amount_cents + excluded.amount_cents`;

function deltaFunction(name: string, delta: (rows: string, sign: string) => string): string {
  return `
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then ${delta('old_rows', '-')}; end if;
      if tg_op in ('INSERT', 'UPDATE') then ${delta('new_rows', '')}; end if;
      return null;
    end $$`;
}

function triggers(table: string, fn: string, rollup: string): string[] {
  return [
    `create trigger ${table}_rollup_ins after insert on ${table} referencing new table as new_rows for each statement execute function ${fn}()`,
    `create trigger ${table}_rollup_upd after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${fn}()`,
    `create trigger ${table}_rollup_del after delete on ${table} referencing old table as old_rows for each statement execute function ${fn}()`,
    // DELETE, not TRUNCATE: a TRUNCATE of both tables in one statement may not truncate again.
    `create function ${fn}_truncate() returns trigger language plpgsql as $$ begin delete from ${rollup}; return null; end $$`,
    `create trigger ${table}_rollup_trunc after truncate on ${table} for each statement execute function ${fn}_truncate()`,
  ];
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('revenue_months')
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('lines', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_months_pkey', ['partner_id', 'month'])
    .execute();
  await db.schema
    .createTable('deal_months')
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('submitted', 'closed')`))
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('co_sell', 'boolean', (c) => c.notNull())
    .addColumn('deals', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_months_pkey', ['partner_id', 'basis', 'month', 'status', 'co_sell'])
    .execute();

  await sql.raw(deltaFunction('pulse_revenue_rollup', REVENUE_DELTA)).execute(db);
  await sql.raw(deltaFunction('pulse_deal_rollup', DEAL_DELTA)).execute(db);
  for (const s of triggers('revenue', 'pulse_revenue_rollup', 'revenue_months')) await sql.raw(s).execute(db);
  for (const s of triggers('deal_registrations', 'pulse_deal_rollup', 'deal_months')) await sql.raw(s).execute(db);

  // What is already there.
  await sql.raw(REVENUE_DELTA('revenue', '')).execute(db);
  await sql.raw(DEAL_DELTA('deal_registrations', '')).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['revenue', 'deal_registrations']) {
    for (const k of ['ins', 'upd', 'del', 'trunc']) await sql.raw(`drop trigger if exists ${t}_rollup_${k} on ${t}`).execute(db);
  }
  for (const f of ['pulse_revenue_rollup', 'pulse_deal_rollup']) {
    await sql.raw(`drop function if exists ${f}_truncate()`).execute(db);
    await sql.raw(`drop function if exists ${f}()`).execute(db);
  }
  await db.schema.dropTable('deal_months').ifExists().execute();
  await db.schema.dropTable('revenue_months').ifExists().execute();
}
