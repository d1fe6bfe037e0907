import { sql } from 'kysely';
import type { ScopedSource } from '../access/scope.ts';
import { isStock } from './declaration.ts';
import type { StoredFigures } from './figures/read.ts';
import { dailyQuery } from './sql/daily.ts';
import type { FlowDay, MetricDef, MetricFilters, Period } from './types.ts';

export type { FlowDay } from './types.ts';

/** Metrics whose rows fall on days (not stocks read at a day): they have a daily series. */
export const isFlowMetric = (def: Pick<MetricDef, 'kind'>): boolean => def.kind === 'flow';

/**
 * The metric's declaration read grouped by its date column instead of by partner: the same rows,
 * conditions and parts as its value over a period. Sums over every partner of `src` (callers pass
 * one). A tier window's series comes from the series computed after the data change (`stored`)
 * when they are current.
 */
export async function flowByDay(src: ScopedSource, def: MetricDef, period: Period, filters: MetricFilters = {}, stored?: StoredFigures): Promise<FlowDay[]> {
  if (isStock(def.rows)) throw new Error(`${def.name} is read on a day, not day by day`);
  if (src.partnerIds.length === 0 || period.to <= period.from) return [];
  const kept = await stored?.series(src, { def, period, filters });
  if (kept) return kept;
  const q = dailyQuery(src, def, def.rows, period, filters);
  const rows = await q.query.groupBy(sql`1`).execute();
  return (rows as { day: string; num: unknown; den: unknown }[])
    .map((r) => ({ day: r.day, num: Number(r.num ?? 0) / q.numScale, den: Number(r.den ?? 0) / q.denScale }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
