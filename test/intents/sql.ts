import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

// Independent SQL for the figures the intents report, written from the metric definitions in the
// brief, not through the catalog: if the two disagree, one of them is wrong.

export const TODAY = '2026-11-23';
export const TOMORROW = '2026-11-24';
/** trailing_12_months = [addMonths(T + 1 day, −12), T + 1 day). */
export const T12M = { from: '2025-11-24', to: TOMORROW };
export const LAST_QUARTER = { from: '2026-07-01', to: '2026-10-01' };
export const QUARTER_BEFORE = { from: '2026-04-01', to: '2026-07-01' };
export const THIS_QUARTER = { from: '2026-10-01', to: TOMORROW };

export interface Range {
  from: string;
  to: string;
}

const one = async (db: Db, q: ReturnType<typeof sql<{ v: number | null }>>): Promise<number | null> =>
  (await q.execute(db)).rows[0]?.v ?? null;

export const partnerId = async (db: Db, name: string): Promise<number> => {
  const r = await sql<{ id: number }>`select id from partners where name = ${name}`.execute(db);
  const id = r.rows[0]?.id;
  if (id === undefined) throw new Error(`no demo partner ${name}`);
  return id;
};

export const revenue = async (db: Db, pid: number, p: Range): Promise<number> =>
  (await one(db, sql`select sum(amount_cents) / 100.0 as v from revenue where partner_id = ${pid} and booked_on >= ${p.from}::date and booked_on < ${p.to}::date`)) ?? 0;

/** Each person (email, else name) and certification once, however many rows hold it. */
export const activeCerts = async (db: Db, pid: number, day = TODAY): Promise<number> =>
  (await one(
    db,
    sql`select count(distinct (lower(coalesce(holder_email, holder_name)), lower(name)))::int as v from certifications
        where partner_id = ${pid} and earned_on <= ${day}::date and expires_on >= ${day}::date`,
  )) ?? 0;

export const wonDeals = async (db: Db, pid: number, p: Range): Promise<number> =>
  (await one(db, sql`select count(*)::int as v from deal_registrations where partner_id = ${pid} and status = 'won' and closed_on >= ${p.from}::date and closed_on < ${p.to}::date`)) ?? 0;

export const renewalRate = async (db: Db, pid: number, p: Range): Promise<number | null> =>
  one(
    db,
    sql`select 100.0 * count(*) filter (where status = 'renewed') / nullif(count(*), 0) as v from renewals
        where partner_id = ${pid} and due_on >= ${p.from}::date and due_on < ${p.to}::date and status in ('renewed', 'churned')`,
  );

/** Today's open deals (a period running to today; a past period's pipeline is as it stood then, see test/metrics). */
export const pipeline = async (db: Db, pid: number, before = TOMORROW): Promise<number> =>
  (await one(db, sql`select sum(amount_cents) / 100.0 as v from deal_registrations where partner_id = ${pid} and status in ('submitted', 'approved') and submitted_on < ${before}::date`)) ?? 0;
