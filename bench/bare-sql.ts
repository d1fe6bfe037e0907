import type pg from 'pg';
import type { BuiltInMetric, MetricName } from '../src/metrics/names.ts';

// The figures written out by hand from the metric definitions, in plain SQL through `pg`, not
// through the catalog, Kysely or the scope layer: if the answer path and these disagree, one of
// them is wrong. $1 partner id, $2 from (inclusive), $3 to (exclusive), $4 today.

const EXPIRY_HORIZON_DAYS = 30;

const SQL: Record<BuiltInMetric, string> = {
  revenue: `select sum(amount_cents) / 100.0 as v from revenue where partner_id = $1 and booked_on >= $2::date and booked_on < $3::date`,
  // Today's open deals when the period runs to today; else as the pipeline stood on its last day.
  pipeline_value: `select sum(amount_cents) / 100.0 as v from deal_registrations where partner_id = $1 and $2::date is not null and case
    when $3::date - 1 >= $4::date then status in ('submitted','approved') and submitted_on <= $4::date
    else submitted_on < $3::date and (status in ('submitted','approved') or (status in ('won','lost') and closed_on >= $3::date)
      or (status = 'rejected' and decided_on >= $3::date) or (status = 'expired' and expires_on >= $3::date)) end`,
  deal_registrations: `select count(*) as v from deal_registrations where partner_id = $1 and submitted_on >= $2::date and submitted_on < $3::date`,
  won_deals: `select count(*) as v from deal_registrations where partner_id = $1 and status = 'won' and closed_on >= $2::date and closed_on < $3::date`,
  co_sell_deals: `select count(*) as v from deal_registrations where partner_id = $1 and co_sell and status = 'won' and closed_on >= $2::date and closed_on < $3::date`,
  win_rate: `select 100.0 * count(*) filter (where status = 'won') / nullif(count(*), 0) as v from deal_registrations where partner_id = $1 and status in ('won','lost') and closed_on >= $2::date and closed_on < $3::date`,
  lead_conversion_rate: `select 100.0 * count(converted_on) / nullif(count(*), 0) as v from leads where partner_id = $1 and created_on >= $2::date and created_on < $3::date`,
  // Each person (email, else name) and certification once.
  active_certifications: `select count(distinct (lower(coalesce(holder_email, holder_name)), lower(name))) as v from certifications where partner_id = $1 and earned_on <= least($3::date - 1, $4::date) and expires_on >= least($3::date - 1, $4::date) and $2::date is not null`,
  // Pairs held today whose last expiry falls within the horizon.
  expiring_certifications: `select count(*) as v from (select max(expires_on) as last from certifications where partner_id = $1 and earned_on <= $4::date and expires_on >= $4::date and $2::date is not null and $3::date is not null
    group by lower(coalesce(holder_email, holder_name)), lower(name)) x where last <= $4::date + $5::int`,
  mdf_utilization: `select 100.0 * sum(claimed_cents) / nullif(sum(allocated_cents), 0) as v from mdf where partner_id = $1 and allocated_on >= $2::date and allocated_on < $3::date`,
  incentives_earned: `select sum(amount_cents) / 100.0 as v from incentives where partner_id = $1 and status in ('approved','paid') and period_end >= $2::date and period_end < $3::date`,
  renewal_rate: `select 100.0 * count(*) filter (where status = 'renewed') / nullif(count(*), 0) as v from renewals where partner_id = $1 and status in ('renewed','churned') and due_on >= $2::date and due_on < $3::date`,
  churn_rate: `select 100.0 * count(*) filter (where status = 'churned') / nullif(count(*), 0) as v from renewals where partner_id = $1 and status in ('renewed','churned') and due_on >= $2::date and due_on < $3::date`,
};

const RATES = new Set<MetricName>(['win_rate', 'lead_conversion_rate', 'mdf_utilization', 'renewal_rate', 'churn_rate']);
export const RATE_METRICS: ReadonlySet<MetricName> = RATES;

export interface BareMetricInput {
  metric: MetricName;
  partnerId: number;
  from: string;
  to: string;
  today: string;
  withinDays?: number;
}

/** The statement for a built-in metric; the bench's demo program names no vendor metric. */
function sqlOf(metric: MetricName): string {
  const text = (SQL as Record<string, string | undefined>)[metric];
  if (text === undefined) throw new Error(`bench: no bare SQL for metric ${metric}`);
  return text;
}

/** The metric's value as the definition says: 0 for empty sums and counts, null for an undefined rate. */
export async function bareMetric(c: pg.ClientBase, q: BareMetricInput): Promise<number | null> {
  const params: unknown[] = [q.partnerId, q.from, q.to, q.today];
  if (q.metric === 'expiring_certifications') params.push(q.withinDays ?? EXPIRY_HORIZON_DAYS);
  const text = sqlOf(q.metric);
  // Postgres wants exactly as many values as the statement has placeholders.
  const used = Math.max(...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const r = await c.query<{ v: string | number | null }>(text, params.slice(0, used));
  const v = r.rows[0]?.v;
  if (v === null || v === undefined) return RATES.has(q.metric) ? null : 0;
  return Number(v);
}

/** Active (or, with `within`, active and expiring within `within` days) certifications, capped at `limit`. */
export async function bareCertificationCount(
  c: pg.ClientBase,
  q: { partnerId: number; today: string; within: number | null; limit: number },
): Promise<number> {
  const r = await c.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from certifications where partner_id = $1 and earned_on <= $2::date and expires_on >= $2::date
       and ($3::int is null or expires_on <= $2::date + $3::int) limit $4) x`,
    [q.partnerId, q.today, q.within, q.limit],
  );
  return r.rows[0]?.n ?? 0;
}

/** Registrations with the given statuses (all when null), capped at `limit` newest, and their total. */
export async function bareDeals(
  c: pg.ClientBase,
  q: { partnerId: number; statuses: readonly string[] | null; limit: number },
): Promise<{ count: number; total: number }> {
  const r = await c.query<{ n: number; total: string | null }>(
    `select count(*)::int as n, sum(amount_cents) / 100.0 as total from (
       select amount_cents from deal_registrations where partner_id = $1 and ($2::text[] is null or status::text = any($2::text[]))
       order by submitted_on desc, id desc limit $3) x`,
    [q.partnerId, q.statuses, q.limit],
  );
  return { count: r.rows[0]?.n ?? 0, total: Number(r.rows[0]?.total ?? 0) };
}

/**
 * A metric over a group of partners: each partner's value by the definitions above (one round trip,
 * `$1` bound to each id in turn), then amounts and counts summed and a rate as the ratio of the
 * group's summed numerators and denominators, never a mean of rates.
 */
export async function bareGroupMetric(c: pg.ClientBase, q: Omit<BareMetricInput, 'partnerId'> & { partnerIds: readonly number[] }): Promise<number | null> {
  if (RATES.has(q.metric)) {
    const sums = { num: 0, den: 0 };
    for (const p of await lateral(c, RATE_PARTS[q.metric] ?? '', q.partnerIds, [q.from, q.to])) {
      sums.num += Number(p.num ?? 0);
      sums.den += Number(p.den ?? 0);
    }
    return sums.den > 0 ? (100 * sums.num) / sums.den : null;
  }
  const rest: unknown[] = [q.from, q.to, q.today];
  if (q.metric === 'expiring_certifications') rest.push(q.withinDays ?? EXPIRY_HORIZON_DAYS);
  const rows = await lateral(c, sqlOf(q.metric), q.partnerIds, rest);
  return rows.reduce((t, r) => t + Number(r.v ?? 0), 0);
}

/** `text` (one partner: `$1`, then `rest` as `$2`…) run for every id in one statement. */
async function lateral(c: pg.ClientBase, text: string, partnerIds: readonly number[], rest: readonly unknown[]): Promise<Record<string, string | number | null>[]> {
  const used = Math.max(...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const inner = text.replace(/\$(\d+)(?!\d)/g, (_m, n: string) => (n === '1' ? 'g.id' : `$${n}`));
  const r = await c.query<Record<string, string | number | null>>(`select x.* from unnest($1::int[]) as g(id) cross join lateral (${inner}) x`, [
    [...partnerIds],
    ...rest.slice(0, used - 1),
  ]);
  return r.rows;
}

/** A rate's numerator and denominator over [from, to): what went well, and what was decided (allocated, created). */
const RATE_PARTS: Partial<Record<MetricName, string>> = {
  win_rate: `select count(*) filter (where status = 'won') as num, count(*) as den from deal_registrations where partner_id = $1 and status in ('won','lost') and closed_on >= $2::date and closed_on < $3::date`,
  lead_conversion_rate: `select count(converted_on) as num, count(*) as den from leads where partner_id = $1 and created_on >= $2::date and created_on < $3::date`,
  mdf_utilization: `select coalesce(sum(claimed_cents), 0) as num, coalesce(sum(allocated_cents), 0) as den from mdf where partner_id = $1 and allocated_on >= $2::date and allocated_on < $3::date`,
  renewal_rate: `select count(*) filter (where status = 'renewed') as num, count(*) as den from renewals where partner_id = $1 and status in ('renewed','churned') and due_on >= $2::date and due_on < $3::date`,
  churn_rate: `select count(*) filter (where status = 'churned') as num, count(*) as den from renewals where partner_id = $1 and status in ('renewed','churned') and due_on >= $2::date and due_on < $3::date`,
};

export async function bareRateParts(c: pg.ClientBase, metric: MetricName, partnerId: number, from: string, to: string): Promise<{ num: number; den: number }> {
  const text = RATE_PARTS[metric];
  if (!text) throw new Error(`${metric} is not a rate`);
  const r = await c.query<{ num: string | number; den: string | number }>(text, [partnerId, from, to]);
  return { num: Number(r.rows[0]?.num ?? 0), den: Number(r.rows[0]?.den ?? 0) };
}

/** Certifications the partner earned in [from, to): the pace at which it adds certified people. */
export async function bareCertificationsEarned(c: pg.ClientBase, partnerId: number, from: string, to: string): Promise<number> {
  const r = await c.query<{ n: number }>(`select count(*)::int as n from certifications where partner_id = $1 and earned_on >= $2::date and earned_on < $3::date`, [partnerId, from, to]);
  return r.rows[0]?.n ?? 0;
}
