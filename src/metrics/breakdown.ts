import { sql } from 'kysely';
import type { ScopedSource } from '../access/scope.ts';
import { isStock } from './declaration.ts';
import { all, conditions, rawAggregate, scaleOf } from './sql/conditions.ts';
import { flowRead } from './sql/flow-parts.ts';
import { numDenOf } from './sql/num-den.ts';
import { inSpan } from './sql/read-parts.ts';
import type { MetricDef, Period } from './types.ts';

/** Metrics that split into parts that add back up to the whole: flows of amounts and counts that declare dimensions. */
export const isBreakdownMetric = (d: MetricDef): boolean =>
  d.kind === 'flow' && (d.aggregation === 'sum' || d.aggregation === 'count') && d.dimensions !== undefined;

/** Revenue splits by product line, deals by product; both by customer; a vendor metric by its one dimension (as `product`). */
export type BreakdownBy = 'product' | 'customer';

/** The dimensions a metric splits by, in the order an explanation lists them. */
export const breakdownsOf = (d: MetricDef): BreakdownBy[] => (['customer', 'product'] as const).filter((by) => d.dimensions?.[by] !== undefined);

export interface BreakdownRow {
  key: string;
  value: number;
}

/** The metric over `period` for the partners of `src`, per product (line) or customer, largest first. */
export async function breakdown(src: ScopedSource, def: MetricDef, period: Period, by: BreakdownBy): Promise<BreakdownRow[]> {
  const column = def.dimensions?.[by];
  if (isStock(def.rows) || !column || !isBreakdownMetric(def)) throw new Error(`${def.name} does not split by ${by}`);
  if (src.partnerIds.length === 0 || period.to <= period.from) return [];
  const read = flowRead(def, def.rows, {});
  const { num } = numDenOf(def.aggregate);
  const key = sql.ref(column);
  const rows = await src
    .from(read.table)
    // Facts may leave their dimension empty: those rows split off as "(none)".
    .select([sql<string>`coalesce(${key}, '(none)')`.as('key'), rawAggregate(num).as('value')])
    .where(all([...inSpan(read.date, { from: period.from, to: period.to }), ...conditions(read.where)]))
    .groupBy(key)
    .execute();
  const scale = scaleOf(num);
  return (rows as { key: string; value: unknown }[])
    .map((r) => ({ key: r.key, value: Number(r.value ?? 0) / scale }))
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}
