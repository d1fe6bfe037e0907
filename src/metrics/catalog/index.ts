import { PulseError } from '../../errors.ts';
import { isStock, type MetricDeclaration } from '../declaration.ts';
import { isMetricName, METRIC_NAMES, type MetricName } from '../names.ts';
import type { MetricDef } from '../types.ts';
import { METRICS } from './list.ts';

export { DEFAULT_EXPIRY_HORIZON_DAYS } from './expiring-certifications.ts';

/** A declaration with what follows from it: flow or stock, and how a group's value is formed. */
function define(d: MetricDeclaration<MetricName>): MetricDef {
  const a = d.aggregate;
  return { ...d, kind: isStock(d.rows) ? 'stock' : 'flow', aggregation: 'ratio' in a ? 'ratio' : 'sum' in a ? 'sum' : 'count' };
}

/** Every metric, by name: the only measures the planner, the model and program.yml can name. */
export const CATALOG: Readonly<Record<MetricName, MetricDef>> = Object.fromEntries(METRICS.map((d) => [d.name, define(d)])) as Record<MetricName, MetricDef>;

/** The definition of a metric; a name from outside the type system (model output) is checked. */
export function metricDef(name: string): MetricDef {
  if (!isMetricName(name)) {
    throw new PulseError('bad_input', `I don't know the metric "${name}"; I know ${METRIC_NAMES.join(', ')}.`);
  }
  return CATALOG[name];
}

export const ALL_METRICS: readonly MetricDef[] = METRIC_NAMES.map((n) => CATALOG[n]);
