import type { ScopedSource } from '../access/scope.ts';
import { isStock } from './declaration.ts';
import { emptyParts, isQuotient, valueOfParts } from './parts.ts';
import { flowParts } from './sql/flow-parts.ts';
import { stockParts } from './sql/stock-parts.ts';
import type { MetricDef, MetricFilters, MetricParts, Period } from './types.ts';

/**
 * One metric's parts for every partner of a scoped source, in one query, as its declaration says.
 * Partners without rows get the empty parts (nothing counted; for a rate, nothing to divide by).
 */
export async function measureParts(
  src: ScopedSource,
  def: MetricDef,
  period: Period,
  filters: MetricFilters,
  today: string,
): Promise<Map<number, MetricParts>> {
  if (src.partnerIds.length === 0) return new Map();
  const rows = isStock(def.rows) ? await stockParts(src, def, def.rows, period, filters, today) : await flowParts(src, def, def.rows, period, filters);
  const quotient = isQuotient(def);
  const found = new Map(rows.map((r) => [r.partner_id, { num: r.num, den: quotient ? (r.den ?? 0) : null }]));
  return new Map(src.partnerIds.map((id) => [id, found.get(id) ?? emptyParts(def)]));
}

/**
 * One metric for every partner of a scoped source, in one query: 0 for counts and money without
 * rows, null for a rate with nothing to divide by.
 */
export async function measure(
  src: ScopedSource,
  def: MetricDef,
  period: Period,
  filters: MetricFilters,
  today: string,
): Promise<Map<number, number | null>> {
  const parts = await measureParts(src, def, period, filters, today);
  return new Map([...parts].map(([id, p]) => [id, valueOfParts(def, p)]));
}
