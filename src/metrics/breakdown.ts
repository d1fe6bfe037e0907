import { sql } from 'kysely';
import type { ScopedSource } from '../access/scope.ts';
import { ALL_METRICS, metricDef } from './catalog/index.ts';
import { isStock } from './declaration.ts';
import type { BreakdownMetric } from './names.ts';
import { all, conditions, rawAggregate, scaleOf } from './sql/conditions.ts';
import { flowRead } from './sql/flow-parts.ts';
import { numDenOf } from './sql/num-den.ts';
import { inSpan } from './sql/read-parts.ts';
import type { Period } from './types.ts';

export type { BreakdownMetric } from './names.ts';

/** Metrics that split into parts that add back up to the whole: flows of amounts and counts that declare dimensions. */
export const BREAKDOWN_METRICS: readonly BreakdownMetric[] = ALL_METRICS.filter(
  (d) => d.kind === 'flow' && d.aggregation !== 'ratio' && d.dimensions !== undefined,
).map((d) => d.name as BreakdownMetric);

export const isBreakdownMetric = (m: string): m is BreakdownMetric => (BREAKDOWN_METRICS as readonly string[]).includes(m);

/** Revenue splits by product line, deals by product; both by customer. */
export type BreakdownBy = 'product' | 'customer';

export interface BreakdownRow {
  key: string;
  value: number;
}

/** The metric over `period` for the partners of `src`, per product (line) or customer, largest first. */
export async function breakdown(src: ScopedSource, metric: BreakdownMetric, period: Period, by: BreakdownBy): Promise<BreakdownRow[]> {
  const def = metricDef(metric);
  const column = def.dimensions?.[by];
  if (isStock(def.rows) || !column) throw new Error(`${metric} does not split by ${by}`);
  if (src.partnerIds.length === 0 || period.to <= period.from) return [];
  const read = flowRead(def, def.rows, {});
  const { num } = numDenOf(def.aggregate);
  const key = sql.ref(column);
  const rows = await src
    .from(read.table)
    .select([sql<string>`${key}`.as('key'), rawAggregate(num).as('value')])
    .where(all([...inSpan(read.date, { from: period.from, to: period.to }), ...conditions(read.where)]))
    .groupBy(key)
    .execute();
  const scale = scaleOf(num);
  return (rows as { key: string; value: unknown }[])
    .map((r) => ({ key: r.key, value: Number(r.value ?? 0) / scale }))
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}
