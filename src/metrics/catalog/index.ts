import { PulseError } from '../../errors.ts';
import { isStock, type MetricDeclaration } from '../declaration.ts';
import { isBuiltInMetric, METRIC_NAMES, type BuiltInMetric } from '../names.ts';
import type { Aggregation, MetricDef } from '../types.ts';
import { METRICS } from './list.ts';

export { DEFAULT_EXPIRY_HORIZON_DAYS } from './expiring-certifications.ts';

function aggregationOf(d: MetricDeclaration): Aggregation {
  const a = d.aggregate;
  if ('ratio' in a) return 'ratio';
  if ('average' in a || 'latest' in a) return 'average';
  return 'sum' in a ? 'sum' : 'count';
}

/** A declaration with what follows from it: flow or stock, and how a group's value is formed. */
export function defineMetric(d: MetricDeclaration, vendor = false): MetricDef {
  return { ...d, kind: isStock(d.rows) ? 'stock' : 'flow', aggregation: aggregationOf(d), vendor };
}

/** Every built-in metric, by name. A program adds its own (src/metrics/metric-set.ts). */
export const CATALOG: Readonly<Record<BuiltInMetric, MetricDef>> = Object.fromEntries(METRICS.map((d) => [d.name, defineMetric(d)])) as Record<BuiltInMetric, MetricDef>;

/** The definition of a built-in metric; a name from outside the type system is checked. */
export function metricDef(name: string): MetricDef {
  if (!isBuiltInMetric(name)) {
    throw new PulseError('bad_input', `I don't know the metric "${name}"; I know ${METRIC_NAMES.join(', ')}.`);
  }
  return CATALOG[name];
}

/** The built-in metrics, in the catalog's order. */
export const ALL_METRICS: readonly MetricDef[] = METRIC_NAMES.map((n) => CATALOG[n]);
