import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Range } from './sql.ts';
import { TODAY, TOMORROW } from './sql.ts';

// Hand-written SQL for figures over a group of partners, from the metric definitions: amounts and
// counts summed, a rate as the ratio of the group's sums. Partners are chosen here in SQL too
// (a manager's rows in `partners`, everyone, a distributor's tree), never through the app's scope.

export const THIS_YEAR = { from: '2026-01-01', to: TOMORROW };

export interface GroupPartner {
  id: number;
  name: string;
  tier: string;
  region: string;
}

/** The partners a channel manager manages (by e-mail), optionally of one tier / region; by name. */
export async function managedBy(db: Db, email: string, f: { tier?: string; region?: string } = {}): Promise<GroupPartner[]> {
  const r = await sql<GroupPartner>`select p.id, p.name, p.tier, p.region from partners p join users u on u.id = p.channel_manager_id
    where lower(u.email) = lower(${email}) and (${f.tier ?? null}::text is null or p.tier = ${f.tier ?? null})
      and (${f.region ?? null}::text is null or p.region = ${f.region ?? null}) order by p.name`.execute(db);
  return r.rows;
}

/** Every partner (a vendor admin), optionally of one tier / region; by name. */
export async function everyPartner(db: Db, f: { tier?: string; region?: string } = {}): Promise<GroupPartner[]> {
  const r = await sql<GroupPartner>`select id, name, tier, region from partners
    where (${f.tier ?? null}::text is null or tier = ${f.tier ?? null}) and (${f.region ?? null}::text is null or region = ${f.region ?? null})
    order by name`.execute(db);
  return r.rows;
}

/** A distributor and every partner under it, at any depth; by name. */
export async function distributorTree(db: Db, name: string): Promise<GroupPartner[]> {
  const r = await sql<GroupPartner>`with recursive tree(id) as (
      select id from partners where name = ${name}
      union select p.id from partners p join tree t on p.parent_id = t.id)
    select p.id, p.name, p.tier, p.region from partners p join tree using (id) order by p.name`.execute(db);
  return r.rows;
}

const ids = (g: readonly GroupPartner[]): number[] => g.map((p) => p.id);

const one = async (db: Db, q: ReturnType<typeof sql<{ v: number | string | null }>>): Promise<number | null> => {
  const v = (await q.execute(db)).rows[0]?.v;
  return v === null || v === undefined ? null : Number(v);
};

export const groupRevenue = async (db: Db, g: readonly GroupPartner[], p: Range): Promise<number> =>
  (await one(db, sql`select sum(amount_cents) / 100.0 as v from revenue where partner_id = any(${ids(g)}::int[]) and booked_on >= ${p.from}::date and booked_on < ${p.to}::date`)) ?? 0;

export const groupWonDeals = async (db: Db, g: readonly GroupPartner[], p: Range): Promise<number> =>
  (await one(db, sql`select count(*)::int as v from deal_registrations where partner_id = any(${ids(g)}::int[]) and status = 'won' and closed_on >= ${p.from}::date and closed_on < ${p.to}::date`)) ?? 0;

/** Won ÷ (won + lost) over every deal of the group that closed in the period. */
export const groupWinRate = async (db: Db, g: readonly GroupPartner[], p: Range): Promise<number | null> =>
  one(
    db,
    sql`select 100.0 * count(*) filter (where status = 'won') / nullif(count(*), 0) as v from deal_registrations
        where partner_id = any(${ids(g)}::int[]) and status in ('won', 'lost') and closed_on >= ${p.from}::date and closed_on < ${p.to}::date`,
  );

/** The mean of the partners' own win rates: what a group rate must NOT be. */
export const meanOfWinRates = async (db: Db, g: readonly GroupPartner[], p: Range): Promise<number | null> =>
  one(
    db,
    sql`select avg(r) as v from (select 100.0 * count(*) filter (where status = 'won') / nullif(count(*), 0) as r from deal_registrations
        where partner_id = any(${ids(g)}::int[]) and status in ('won', 'lost') and closed_on >= ${p.from}::date and closed_on < ${p.to}::date
        group by partner_id) x`,
  );

export const groupRenewalRate = async (db: Db, g: readonly GroupPartner[], p: Range): Promise<number | null> =>
  one(
    db,
    sql`select 100.0 * count(*) filter (where status = 'renewed') / nullif(count(*), 0) as v from renewals
        where partner_id = any(${ids(g)}::int[]) and due_on >= ${p.from}::date and due_on < ${p.to}::date and status in ('renewed', 'churned')`,
  );

export const groupPipeline = async (db: Db, g: readonly GroupPartner[]): Promise<number> =>
  (await one(db, sql`select sum(amount_cents) / 100.0 as v from deal_registrations where partner_id = any(${ids(g)}::int[]) and status in ('submitted', 'approved') and submitted_on < ${TOMORROW}::date`)) ?? 0;

export const groupActiveCerts = async (db: Db, g: readonly GroupPartner[], day = TODAY): Promise<number> =>
  (await one(db, sql`select count(*)::int as v from certifications where partner_id = any(${ids(g)}::int[]) and earned_on <= ${day}::date and expires_on >= ${day}::date`)) ?? 0;

/** Certifications active today that expire within `days`, soonest first, as the group list shows them. */
export async function groupExpiringCerts(db: Db, g: readonly GroupPartner[], days: number): Promise<{ partner: string; holder: string; name: string; expiresOn: string }[]> {
  const r = await sql<{ partner: string; holder: string; name: string; expires_on: string }>`
    select p.name as partner, c.holder_name as holder, c.name, to_char(c.expires_on, 'YYYY-MM-DD') as expires_on
    from certifications c join partners p on p.id = c.partner_id
    where c.partner_id = any(${ids(g)}::int[]) and c.earned_on <= ${TODAY}::date and c.expires_on >= ${TODAY}::date
      and c.expires_on <= ${TODAY}::date + ${days}::int
    order by c.expires_on, c.holder_name, c.id`.execute(db);
  return r.rows.map((x) => ({ partner: x.partner, holder: x.holder, name: x.name, expiresOn: x.expires_on }));
}

/** Each partner's revenue in the period, largest first (ties by name). */
export async function revenueByPartner(db: Db, g: readonly GroupPartner[], p: Range): Promise<{ name: string; v: number }[]> {
  const r = await sql<{ name: string; v: string | number }>`select p.name, coalesce((select sum(amount_cents) / 100.0 from revenue r
      where r.partner_id = p.id and booked_on >= ${p.from}::date and booked_on < ${p.to}::date), 0) as v
    from partners p where p.id = any(${ids(g)}::int[]) order by v desc, p.name`.execute(db);
  return r.rows.map((x) => ({ name: x.name, v: Number(x.v) }));
}

/** Each partner's win rate in the period (null with no deal decided). */
export async function winRateByPartner(db: Db, g: readonly GroupPartner[], p: Range): Promise<{ name: string; v: number | null }[]> {
  const r = await sql<{ name: string; v: string | number | null }>`select p.name, (select 100.0 * count(*) filter (where status = 'won') / nullif(count(*), 0)
      from deal_registrations d where d.partner_id = p.id and status in ('won', 'lost') and closed_on >= ${p.from}::date and closed_on < ${p.to}::date) as v
    from partners p where p.id = any(${ids(g)}::int[]) order by p.name`.execute(db);
  return r.rows.map((x) => ({ name: x.name, v: x.v === null ? null : Number(x.v) }));
}
