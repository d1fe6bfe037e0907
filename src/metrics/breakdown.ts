import { sql } from 'kysely';
import type { ScopedSource } from '../access/scope.ts';
import type { Period } from './types.ts';

/** Metrics that split into parts that add back up to the whole: amounts and counts of records. */
export const BREAKDOWN_METRICS = ['revenue', 'won_deals', 'deal_registrations', 'co_sell_deals'] as const;
export type BreakdownMetric = (typeof BREAKDOWN_METRICS)[number];
export const isBreakdownMetric = (m: string): m is BreakdownMetric => (BREAKDOWN_METRICS as readonly string[]).includes(m);

/** Revenue splits by product line, deals by product; both by customer. */
export type BreakdownBy = 'product' | 'customer';

export interface BreakdownRow {
  key: string;
  value: number;
}

/** The metric over `period` for the partners of `src`, per product (line) or customer, largest first. */
export async function breakdown(src: ScopedSource, metric: BreakdownMetric, period: Period, by: BreakdownBy): Promise<BreakdownRow[]> {
  if (src.partnerIds.length === 0 || period.to <= period.from) return [];
  const rows = await query(src, metric, period, by);
  return rows
    .map((r) => ({ key: r.key, value: Number(r.value ?? 0) }))
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}

function query(src: ScopedSource, metric: BreakdownMetric, p: Period, by: BreakdownBy): Promise<{ key: string; value: number | null }[]> {
  if (metric === 'revenue') {
    const key = by === 'product' ? sql<string>`product_line` : sql<string>`customer`;
    return src
      .from('revenue')
      .select([key.as('key'), sql<number>`sum(amount_cents) / 100.0`.as('value')])
      .where('booked_on', '>=', p.from)
      .where('booked_on', '<', p.to)
      .groupBy(key)
      .execute();
  }
  const key = by === 'product' ? sql<string>`product` : sql<string>`customer`;
  let q = src.from('deal_registrations').select([key.as('key'), sql<number>`count(*)`.as('value')]);
  if (metric === 'deal_registrations') {
    q = q.where('submitted_on', '>=', p.from).where('submitted_on', '<', p.to);
  } else {
    q = q.where('status', '=', 'won').where('closed_on', '>=', p.from).where('closed_on', '<', p.to);
    if (metric === 'co_sell_deals') q = q.where('co_sell', '=', true);
  }
  return q.groupBy(key).execute();
}
