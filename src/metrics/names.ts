import { METRICS } from './catalog/list.ts';

export type { Unit } from './units.ts';

/** The metric names the model, the planner and program.yml may use: those of the catalog list. */
export type MetricName = (typeof METRICS)[number]['name'];

export const METRIC_NAMES = METRICS.map((m) => m.name) as unknown as readonly [MetricName, ...MetricName[]];

export const isMetricName = (s: string): s is MetricName => (METRIC_NAMES as readonly string[]).includes(s);

type Declared = (typeof METRICS)[number];

/** Metrics whose rows fall on days (not stocks read at a day): they have a daily series. */
export type FlowMetric = Extract<Declared, { rows: { date: string } }>['name'];

/** Metrics that split into parts adding up to the whole (amounts and counts with dimensions). */
export type BreakdownMetric = Extract<Declared, { rows: { date: string }; dimensions: object; aggregate: { sum: string } | { count: true } }>['name'];
