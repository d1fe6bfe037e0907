import type { ScopedSource } from '../access/scope.ts';
import { metricDef } from './catalog/index.ts';
import type { MetricName } from './names.ts';
import type { MetricFilters, Period } from './types.ts';

/**
 * One metric for every partner of a scoped source, in one query. Partners without rows get the
 * metric's empty value: 0 for counts and money, null for a rate with nothing to divide by.
 */
export async function measure(
  src: ScopedSource,
  metric: MetricName,
  period: Period,
  filters: MetricFilters,
  today: string,
): Promise<Map<number, number | null>> {
  const def = metricDef(metric);
  if (src.partnerIds.length === 0) return new Map();
  const rows = await def.query(src, period, filters, today);
  const found = new Map(rows.map((r) => [r.partner_id, r.value]));
  const empty = def.unit === 'percent' ? null : 0;
  return new Map(
    src.partnerIds.map((id) => {
      const v = found.get(id);
      return [id, v === undefined || v === null ? empty : v];
    }),
  );
}
