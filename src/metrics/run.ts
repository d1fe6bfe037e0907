import type { ScopedSource } from '../access/scope.ts';
import { metricDef } from './catalog/index.ts';
import type { MetricName } from './names.ts';
import { emptyParts, valueOfParts } from './parts.ts';
import type { MetricFilters, MetricParts, Period } from './types.ts';

/**
 * One metric's parts for every partner of a scoped source, in one query. Partners without rows get
 * the empty parts (nothing counted; for a rate, nothing to divide by).
 */
export async function measureParts(
  src: ScopedSource,
  metric: MetricName,
  period: Period,
  filters: MetricFilters,
  today: string,
): Promise<Map<number, MetricParts>> {
  const def = metricDef(metric);
  if (src.partnerIds.length === 0) return new Map();
  const rows = await def.parts(src, period, filters, today);
  const ratio = def.aggregation === 'ratio';
  const found = new Map(rows.map((r) => [r.partner_id, { num: Number(r.num ?? 0), den: ratio ? Number(r.den ?? 0) : null }]));
  return new Map(src.partnerIds.map((id) => [id, found.get(id) ?? emptyParts(metric)]));
}

/**
 * One metric for every partner of a scoped source, in one query: 0 for counts and money without
 * rows, null for a rate with nothing to divide by.
 */
export async function measure(
  src: ScopedSource,
  metric: MetricName,
  period: Period,
  filters: MetricFilters,
  today: string,
): Promise<Map<number, number | null>> {
  const parts = await measureParts(src, metric, period, filters, today);
  return new Map([...parts].map(([id, p]) => [id, valueOfParts(metric, p)]));
}
