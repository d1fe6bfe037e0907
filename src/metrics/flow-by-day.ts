import { sql } from 'kysely';
import type { ScopedSource } from '../access/scope.ts';
import { isStock } from './declaration.ts';
import { all, conditions, rawAggregate, scaleOf } from './sql/conditions.ts';
import { flowRead } from './sql/flow-parts.ts';
import { numDenOf } from './sql/num-den.ts';
import { inSpan } from './sql/read-parts.ts';
import type { MetricDef, MetricFilters, Period } from './types.ts';

/**
 * One day of a flow metric for one partner. Money and counts add up over days as `num`; a rate
 * is `100 · Σnum / Σden` over any stretch of days, which is why both parts are kept apart: a
 * projection or a weekly chart can then rebuild the metric over any window exactly as the catalog
 * computes it over its period.
 */
export interface FlowDay {
  day: string;
  num: number;
  /** Only for rates and means: the denominator (closed deals, leads, allocated MDF, decided renewals, rows); 0 otherwise. */
  den: number;
}

/** Metrics whose rows fall on days (not stocks read at a day): they have a daily series. */
export const isFlowMetric = (def: Pick<MetricDef, 'kind'>): boolean => def.kind === 'flow';

/**
 * The metric's declaration read grouped by its date column instead of by partner: the same rows,
 * conditions and parts as its value over a period. Sums over every partner of `src` (callers pass one).
 */
export async function flowByDay(src: ScopedSource, def: MetricDef, period: Period, filters: MetricFilters = {}): Promise<FlowDay[]> {
  if (isStock(def.rows)) throw new Error(`${def.name} is read on a day, not day by day`);
  if (src.partnerIds.length === 0 || period.to <= period.from) return [];
  const read = flowRead(def, def.rows, filters);
  const { num, den } = numDenOf(def.aggregate);
  const day = sql.ref(read.date);
  const rows = await src
    .from(read.table)
    .select([sql<string>`${day}::text`.as('day'), rawAggregate(num).as('num'), (den ? rawAggregate(den) : sql`0`).as('den')])
    .where(all([...inSpan(read.date, { from: period.from, to: period.to }), ...conditions(read.where), ...read.raw]))
    .groupBy(day)
    .execute();
  const numScale = scaleOf(num);
  const denScale = den ? scaleOf(den) : 1;
  return (rows as { day: string; num: unknown; den: unknown }[])
    .map((r) => ({ day: r.day, num: Number(r.num ?? 0) / numScale, den: Number(r.den ?? 0) / denScale }))
    .sort((a, b) => a.day.localeCompare(b.day));
}
