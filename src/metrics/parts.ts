import { metricDef } from './catalog/index.ts';
import type { MetricName } from './names.ts';
import type { MetricParts } from './types.ts';

/** The parts of a partner without rows: nothing counted, and for a rate nothing to divide by. */
export function emptyParts(metric: MetricName): MetricParts {
  return { num: 0, den: metricDef(metric).aggregation === 'ratio' ? 0 : null };
}

/**
 * A metric's value from its parts: the amount or count itself, or for a rate 100·num/den (null
 * with nothing to divide by). Missing parts are the empty ones.
 */
export function valueOfParts(metric: MetricName, parts: MetricParts | undefined): number | null {
  const p = parts ?? emptyParts(metric);
  if (metricDef(metric).aggregation !== 'ratio') return p.num;
  return p.den === null || p.den === 0 ? null : (100 * p.num) / p.den;
}

/** Parts over a group: numerators and denominators each summed (a rate is then the ratio of the sums). */
export function sumParts(metric: MetricName, all: Iterable<MetricParts>): MetricParts {
  const out = emptyParts(metric);
  for (const p of all) {
    out.num += p.num;
    if (out.den !== null) out.den += p.den ?? 0;
  }
  return out;
}
