import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Program } from '../../src/program/schema.ts';

// Hand-written SQL for the portfolio figures, from the definitions in the brief and program.yml,
// not through the catalog or src/portfolio: if the two disagree, one of them is wrong. Dates are
// spelled out for PULSE_NOW = 2026-11-23.

export const TODAY = '2026-11-23';
export const TOMORROW = '2026-11-24';
/** The quarterly review: the end of Q4 2026. */
export const REVIEW = '2026-12-31';
/** This quarter to date, and the same stretch of the quarter before. */
export const THIS_QUARTER = { from: '2026-10-01', to: TOMORROW };
export const PREVIOUS = { from: '2026-07-01', to: '2026-08-24' };
/** Trailing 12 months ending today, and the part of the window ending on the review day already behind us. */
const T12M = { from: '2025-11-24', to: TOMORROW, days: 365 };
const REVIEW_WINDOW_SO_FAR = { from: '2026-01-01', to: TOMORROW };
/** Days from tomorrow to the review day, both included. */
const DAYS_AHEAD = 38;

export type Asker = 'manager' | 'admin' | 'wideworld';

/** The partners an asker may see, as SQL over `partners p`. */
export function scopeSql(asker: Asker): RawBuilder<boolean> {
  switch (asker) {
    case 'manager':
      return sql<boolean>`p.channel_manager_id = (select id from users where email = 'manager@contoso.example')`;
    case 'admin':
      return sql<boolean>`true`;
    case 'wideworld':
      return sql<boolean>`p.id in (with recursive t(id) as (select id from partners where name = 'Wide World Importers'
                                    union select c.id from partners c join t on c.parent_id = t.id) select id from t)`;
  }
}

export interface Filters {
  tier?: string;
  region?: string;
}

const filterSql = (f: Filters): RawBuilder<boolean> =>
  sql<boolean>`(${f.tier ?? null}::text is null or lower(p.tier) = lower(${f.tier ?? null}::text))
           and (${f.region ?? null}::text is null or lower(p.region) = lower(${f.region ?? null}::text))`;

export interface PartnerRow {
  id: number;
  name: string;
  tier: string;
  region: string;
}

export async function partnersOf(db: Db, asker: Asker, f: Filters = {}): Promise<PartnerRow[]> {
  const r = await sql<PartnerRow>`select id, name, tier, region from partners p where ${scopeSql(asker)} and ${filterSql(f)} order by name`.execute(db);
  return r.rows;
}

export async function tierCounts(db: Db, asker: Asker, f: Filters = {}): Promise<Map<string, number>> {
  const r = await sql<{ tier: string; n: number }>`select tier, count(*)::int as n from partners p where ${scopeSql(asker)} and ${filterSql(f)} group by tier`.execute(db);
  return new Map(r.rows.map((x) => [x.tier, x.n]));
}

export interface Totals {
  revenue: number;
  pipeline_value: number;
  deal_registrations: number;
  won_deals: number;
  win_rate: number | null;
}

/**
 * Open deals as the pipeline stood on the period's last day: registered by then and not yet won,
 * lost, rejected or expired then; for a period that runs to today, today's open deals.
 */
const pipelineAt = (to: string): RawBuilder<boolean> =>
  to > TODAY
    ? sql<boolean>`status in ('submitted', 'approved') and submitted_on <= ${TODAY}::date`
    : sql<boolean>`submitted_on < ${to}::date and (status in ('submitted', 'approved') or (status in ('won', 'lost') and closed_on >= ${to}::date)
        or (status = 'rejected' and decided_on >= ${to}::date) or (status = 'expired' and expires_on >= ${to}::date))`;

/** A certification holder and certification, case-insensitive: one pair however many rows (renewals) hold it. */
const PAIR = sql`lower(coalesce(c.holder_email, c.holder_name)), lower(c.name)`;

/** The group's key totals over [from, to): amounts and counts summed, the win rate as won ÷ decided over the whole group. */
export async function totals(db: Db, asker: Asker, f: Filters, p: { from: string; to: string }): Promise<Totals> {
  const r = await sql<{ revenue: string | null; pipeline: string | null; regs: number; won: number; decided: number }>`
    with g as (select id from partners p where ${scopeSql(asker)} and ${filterSql(f)})
    select
      (select sum(amount_cents) from revenue where partner_id in (select id from g) and booked_on >= ${p.from}::date and booked_on < ${p.to}::date) as revenue,
      (select sum(amount_cents) from deal_registrations where partner_id in (select id from g) and ${pipelineAt(p.to)}) as pipeline,
      (select count(*)::int from deal_registrations where partner_id in (select id from g) and submitted_on >= ${p.from}::date and submitted_on < ${p.to}::date) as regs,
      (select count(*)::int from deal_registrations where partner_id in (select id from g) and status = 'won' and closed_on >= ${p.from}::date and closed_on < ${p.to}::date) as won,
      (select count(*)::int from deal_registrations where partner_id in (select id from g) and status in ('won', 'lost') and closed_on >= ${p.from}::date and closed_on < ${p.to}::date) as decided`.execute(db);
  const x = r.rows[0];
  if (!x) throw new Error('no totals');
  return {
    revenue: Number(x.revenue ?? 0) / 100,
    pipeline_value: Number(x.pipeline ?? 0) / 100,
    deal_registrations: x.regs,
    won_deals: x.won,
    win_rate: x.decided > 0 ? (100 * x.won) / x.decided : null,
  };
}

export async function expiringCount(db: Db, asker: Asker, f: Filters = {}): Promise<number> {
  // Pairs held today whose last expiry falls within 30 days (a pair renewed past it is not expiring).
  const r = await sql<{ n: number }>`
    select count(*)::int as n from (
      select max(c.expires_on) as last from certifications c join partners p on p.id = c.partner_id
       where ${scopeSql(asker)} and ${filterSql(f)} and c.earned_on <= ${TODAY}::date and c.expires_on >= ${TODAY}::date
       group by c.partner_id, ${PAIR}) x
     where last <= ${TODAY}::date + 30`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export interface MoveRow {
  name: string;
  from: string | null;
  to: string;
  on: string;
}

/** Tier changes whose UTC day falls in [from, to), oldest first. */
export async function moves(db: Db, asker: Asker, f: Filters, p: { from: string; to: string }): Promise<MoveRow[]> {
  const r = await sql<MoveRow>`
    select p.name, t.from_tier as "from", t.to_tier as "to", to_char(t.changed_at at time zone 'UTC', 'YYYY-MM-DD') as "on"
      from tier_changes t join partners p on p.id = t.partner_id
     where ${scopeSql(asker)} and ${filterSql(f)}
       and (t.changed_at at time zone 'UTC')::date >= ${p.from}::date and (t.changed_at at time zone 'UTC')::date < ${p.to}::date
     order by t.changed_at, t.id`.execute(db);
  return r.rows;
}

/** Every requirement metric of the program, per partner: today's value over its window and the value projected to the review. */
export interface Standing {
  now: Record<string, number | null>;
  atReview: Record<string, number | null>;
}

const sumCents = (table: 'revenue', from: string, to: string) =>
  sql<number>`coalesce((select sum(amount_cents) from ${sql.table(table)} x where x.partner_id = p.id and x.booked_on >= ${from}::date and x.booked_on < ${to}::date), 0) / 100.0`;
const won = (from: string, to: string, coSell: boolean) =>
  sql<number>`(select count(*) from deal_registrations d where d.partner_id = p.id and d.status = 'won' and d.closed_on >= ${from}::date and d.closed_on < ${to}::date ${coSell ? sql`and d.co_sell` : sql``})`;
const renewals = (from: string, to: string, status: 'renewed' | null) =>
  sql<number>`(select count(*) from renewals r where r.partner_id = p.id and r.status ${status ? sql`= ${status}` : sql`in ('renewed', 'churned')`} and r.due_on >= ${from}::date and r.due_on < ${to}::date)`;

/**
 * Today's values and the values on the review day at today's pace, written out for the demo's
 * program (revenue, won deals, co-sell deals and renewal rate over the trailing 12 months; active
 * certifications today): value on R = actual over [window(R).from, today] + (value over the
 * window ending today ÷ 365) × the 38 days from tomorrow to R; the renewal rate projects renewed
 * and decided apart; certifications (person–certification pairs): held today − those whose last
 * expiry falls before R + (rows earned in the last 90 days ÷ 90) × 38.
 */
export async function standings(db: Db, asker: Asker, f: Filters = {}): Promise<Map<number, Standing>> {
  const r = await sql<{
    id: number;
    rev: number;
    rev_so_far: number;
    won: number;
    won_so_far: number;
    co: number;
    co_so_far: number;
    ren: number;
    dec: number;
    ren_so_far: number;
    dec_so_far: number;
    active: number;
    lapsing: number;
    earned: number;
  }>`
    select p.id,
      ${sumCents('revenue', T12M.from, T12M.to)} as rev, ${sumCents('revenue', REVIEW_WINDOW_SO_FAR.from, REVIEW_WINDOW_SO_FAR.to)} as rev_so_far,
      ${won(T12M.from, T12M.to, false)} as won, ${won(REVIEW_WINDOW_SO_FAR.from, REVIEW_WINDOW_SO_FAR.to, false)} as won_so_far,
      ${won(T12M.from, T12M.to, true)} as co, ${won(REVIEW_WINDOW_SO_FAR.from, REVIEW_WINDOW_SO_FAR.to, true)} as co_so_far,
      ${renewals(T12M.from, T12M.to, 'renewed')} as ren, ${renewals(T12M.from, T12M.to, null)} as dec,
      ${renewals(REVIEW_WINDOW_SO_FAR.from, REVIEW_WINDOW_SO_FAR.to, 'renewed')} as ren_so_far, ${renewals(REVIEW_WINDOW_SO_FAR.from, REVIEW_WINDOW_SO_FAR.to, null)} as dec_so_far,
      (select count(distinct (${PAIR})) from certifications c where c.partner_id = p.id and c.earned_on <= ${TODAY}::date and c.expires_on >= ${TODAY}::date) as active,
      (select count(*) from (select max(c.expires_on) as last from certifications c where c.partner_id = p.id and c.earned_on <= ${TODAY}::date and c.expires_on >= ${TODAY}::date
         group by ${PAIR}) x where last < ${REVIEW}::date) as lapsing,
      (select count(*) from certifications c where c.partner_id = p.id and c.earned_on > ${TODAY}::date - 90 and c.earned_on <= ${TODAY}::date) as earned
    from partners p where ${scopeSql(asker)} and ${filterSql(f)}`.execute(db);
  const out = new Map<number, Standing>();
  const pace = (whole: number) => (Number(whole) / T12M.days) * DAYS_AHEAD;
  for (const x of r.rows) {
    const [ren, dec, renSoFar, decSoFar] = [x.ren, x.dec, x.ren_so_far, x.dec_so_far].map(Number) as [number, number, number, number];
    const decAtReview = decSoFar + pace(dec);
    out.set(x.id, {
      now: {
        revenue: Number(x.rev),
        won_deals: Number(x.won),
        co_sell_deals: Number(x.co),
        renewal_rate: dec > 0 ? (100 * ren) / dec : null,
        active_certifications: Number(x.active),
      },
      atReview: {
        revenue: Number(x.rev_so_far) + pace(x.rev),
        won_deals: Number(x.won_so_far) + pace(x.won),
        co_sell_deals: Number(x.co_so_far) + pace(x.co),
        renewal_rate: decAtReview > 0 ? (100 * (renSoFar + pace(ren))) / decAtReview : null,
        active_certifications: Number(x.active) - Number(x.lapsing) + (Number(x.earned) / 90) * DAYS_AHEAD,
      },
    });
  }
  return out;
}

export interface Expected {
  name: string;
  tier: string;
  /** Metrics failing (at risk) or missing (next tier), as ranked. */
  metrics: string[];
  score: number;
}

/** Relative gaps within a billionth of each other are a tie. */
const cmp = (a: number, b: number): number => (Math.abs(a - b) < 1e-9 ? 0 : a - b);

const tierAt = (program: Program, name: string) => program.tiers.findIndex((t) => t.name.toLowerCase() === name.toLowerCase());

/** Partners whose projected values miss a requirement of the tier they hold; largest relative shortfall first. */
export function expectedAtRisk(program: Program, partners: readonly PartnerRow[], s: Map<number, Standing>): Expected[] {
  const out: Expected[] = [];
  for (const p of partners) {
    const tier = program.tiers[tierAt(program, p.tier)];
    if (!tier) continue;
    const fails = tier.requirements
      .map((r) => ({ metric: r.metric, value: s.get(p.id)?.atReview[r.metric] ?? 0, min: r.min ?? 0 }))
      .filter((x) => x.value < x.min - 1e-9)
      .map((x) => ({ metric: x.metric, short: (x.min - x.value) / x.min }))
      .sort((a, b) => cmp(b.short, a.short));
    if (fails.length > 0) out.push({ name: p.name, tier: p.tier, metrics: fails.map((x) => x.metric), score: fails[0]?.short ?? 0 });
  }
  return out.sort((a, b) => cmp(b.score, a.score) || b.metrics.length - a.metrics.length || a.name.localeCompare(b.name));
}

/** Partners below the top tier against the next one: fewest missing, then the smallest sum of relative gaps. */
export function expectedNearNext(program: Program, partners: readonly PartnerRow[], s: Map<number, Standing>): (Expected & { next: string })[] {
  const out: (Expected & { next: string })[] = [];
  for (const p of partners) {
    const i = tierAt(program, p.tier);
    const next = program.tiers[i < 0 ? 0 : i + 1];
    if (!next) continue;
    const missing = next.requirements
      .map((r) => ({ metric: r.metric, gap: ((r.min ?? 0) - (s.get(p.id)?.now[r.metric] ?? 0)) / (r.min ?? 0) }))
      .filter((x) => x.gap > 0)
      .sort((a, b) => cmp(b.gap, a.gap));
    out.push({ name: p.name, tier: p.tier, next: next.name, metrics: missing.map((x) => x.metric), score: missing.reduce((t, x) => t + x.gap, 0) });
  }
  return out.sort((a, b) => a.metrics.length - b.metrics.length || cmp(a.score, b.score) || a.name.localeCompare(b.name));
}
