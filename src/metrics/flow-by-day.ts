import { sql, type SqlBool } from 'kysely';
import type { ScopedSource } from '../access/scope.ts';
import type { DealStatus } from '../../db/schema.ts';
import type { MetricName } from './names.ts';
import type { MetricFilters, Period } from './types.ts';

/**
 * One day of a flow metric for one partner. Money and counts add up over days as `num`; a rate
 * is `100 · Σnum / Σden` over any stretch of days, which is why both parts are kept apart: a
 * projection or a weekly chart can then rebuild the metric over any window exactly as the catalog
 * computes it over its period.
 */
export interface FlowDay {
  day: string;
  num: number;
  /** Only for percent metrics: the denominator (closed deals, leads, allocated MDF, decided renewals). */
  den: number;
}

export type FlowMetric = Exclude<MetricName, 'pipeline_value' | 'active_certifications' | 'expiring_certifications'>;

const FLOW: ReadonlySet<string> = new Set<FlowMetric>([
  'revenue',
  'deal_registrations',
  'won_deals',
  'win_rate',
  'lead_conversion_rate',
  'mdf_utilization',
  'incentives_earned',
  'renewal_rate',
  'churn_rate',
  'co_sell_deals',
]);

export const isFlowMetric = (m: MetricName): m is FlowMetric => FLOW.has(m);

const DEAL_STATUSES: readonly DealStatus[] = ['submitted', 'approved', 'rejected', 'won', 'lost', 'expired'];

interface DayRow {
  day: string;
  num: number | null;
  den: number | null;
}

const zero = sql<number>`0`;

/**
 * The catalog's definition of each flow metric, grouped by its date column instead of by partner.
 * Kept beside the catalog's queries in meaning, checked against them in test/insights. Sums over
 * every partner of `src` (callers pass one).
 */
export async function flowByDay(
  src: ScopedSource,
  metric: FlowMetric,
  period: Period,
  filters: MetricFilters = {},
): Promise<FlowDay[]> {
  if (src.partnerIds.length === 0 || period.to <= period.from) return [];
  const rows = await query(src, metric, period, filters);
  return rows.map((r) => ({ day: r.day, num: Number(r.num ?? 0), den: Number(r.den ?? 0) })).sort((a, b) => a.day.localeCompare(b.day));
}

function query(src: ScopedSource, metric: FlowMetric, p: Period, filters: MetricFilters): Promise<DayRow[]> {
  switch (metric) {
    case 'revenue': {
      let q = src
        .from('revenue')
        .select([sql<string>`booked_on`.as('day'), sql<number>`sum(amount_cents) / 100.0`.as('num'), zero.as('den')])
        .where('booked_on', '>=', p.from)
        .where('booked_on', '<', p.to);
      if (filters.product) q = q.where(sql`lower(product_line)`, '=', filters.product.toLowerCase());
      return q.groupBy('booked_on').execute();
    }
    case 'deal_registrations': {
      let q = src
        .from('deal_registrations')
        .select([sql<string>`submitted_on`.as('day'), sql<number>`count(*)`.as('num'), zero.as('den')])
        .where('submitted_on', '>=', p.from)
        .where('submitted_on', '<', p.to);
      if (filters.status) {
        const statuses = filters.status.map((s) => s.toLowerCase()).filter((s): s is DealStatus => (DEAL_STATUSES as readonly string[]).includes(s));
        q = statuses.length > 0 ? q.where('status', 'in', statuses) : q.where(sql<SqlBool>`false`);
      }
      if (filters.product) q = q.where(sql`lower(product)`, '=', filters.product.toLowerCase());
      return q.groupBy('submitted_on').execute();
    }
    case 'won_deals':
    case 'co_sell_deals': {
      let q = src
        .from('deal_registrations')
        .select([sql<string>`closed_on`.as('day'), sql<number>`count(*)`.as('num'), zero.as('den')])
        .where('status', '=', 'won')
        .where('closed_on', '>=', p.from)
        .where('closed_on', '<', p.to);
      if (metric === 'co_sell_deals') q = q.where('co_sell', '=', true);
      return q.groupBy('closed_on').execute();
    }
    case 'win_rate':
      return src
        .from('deal_registrations')
        .select([
          sql<string>`closed_on`.as('day'),
          sql<number>`count(*) filter (where status = 'won')`.as('num'),
          sql<number>`count(*)`.as('den'),
        ])
        .where('status', 'in', ['won', 'lost'])
        .where('closed_on', '>=', p.from)
        .where('closed_on', '<', p.to)
        .groupBy('closed_on')
        .execute();
    case 'lead_conversion_rate':
      return src
        .from('leads')
        .select([sql<string>`created_on`.as('day'), sql<number>`count(converted_on)`.as('num'), sql<number>`count(*)`.as('den')])
        .where('created_on', '>=', p.from)
        .where('created_on', '<', p.to)
        .groupBy('created_on')
        .execute();
    case 'mdf_utilization':
      return src
        .from('mdf')
        .select([
          sql<string>`allocated_on`.as('day'),
          sql<number>`sum(claimed_cents) / 100.0`.as('num'),
          sql<number>`sum(allocated_cents) / 100.0`.as('den'),
        ])
        .where('allocated_on', '>=', p.from)
        .where('allocated_on', '<', p.to)
        .groupBy('allocated_on')
        .execute();
    case 'incentives_earned':
      return src
        .from('incentives')
        .select([sql<string>`period_end`.as('day'), sql<number>`sum(amount_cents) / 100.0`.as('num'), zero.as('den')])
        .where('status', 'in', ['approved', 'paid'])
        .where('period_end', '>=', p.from)
        .where('period_end', '<', p.to)
        .groupBy('period_end')
        .execute();
    case 'renewal_rate':
    case 'churn_rate':
      return src
        .from('renewals')
        .select([
          sql<string>`due_on`.as('day'),
          sql<number>`count(*) filter (where status = ${metric === 'churn_rate' ? 'churned' : 'renewed'})`.as('num'),
          sql<number>`count(*)`.as('den'),
        ])
        .where('status', 'in', ['renewed', 'churned'])
        .where('due_on', '>=', p.from)
        .where('due_on', '<', p.to)
        .groupBy('due_on')
        .execute();
  }
}
