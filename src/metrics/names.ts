import { METRICS } from './catalog/list.ts';

export type { BaseUnit, Unit } from './units.ts';

/** The built-in metrics' names: those of the catalog list. */
export type BuiltInMetric = (typeof METRICS)[number]['name'];

/**
 * A metric's name: a built-in one, or the key of a metric a vendor declares in its program file.
 * Which names exist is a property of the program (see src/metrics/metric-set.ts); a name from
 * outside the type system (a model's tool call, a question) is checked against that set.
 */
export type MetricName = string;

/** The built-in metrics' names, in the catalog's order. */
export const METRIC_NAMES = METRICS.map((m) => m.name) as unknown as readonly [BuiltInMetric, ...BuiltInMetric[]];

export const isBuiltInMetric = (s: string): s is BuiltInMetric => (METRIC_NAMES as readonly string[]).includes(s);
