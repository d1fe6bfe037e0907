import { PulseError } from '../errors.ts';
import { ALL_METRICS, defineMetric } from './catalog/index.ts';
import type { MetricDef } from './types.ts';
import { vendorDeclaration, type VendorMetricSpec } from './vendor.ts';

/**
 * The metrics one program can name: the built-in catalog plus the vendor's own. Built once per
 * program (src/program/metrics.ts) and handed to everything that resolves a metric by name: the
 * scoped data API, the planner's vocabulary, the model's tools and the intents.
 */
export interface MetricSet {
  /** Built-in metrics first, in the catalog's order, then the vendor's in the file's order. */
  readonly all: readonly MetricDef[];
  readonly names: readonly string[];
  has(name: string): boolean;
  find(name: string): MetricDef | undefined;
  /** The definition; an unknown name (a model's or a person's) is a `bad_input` error naming the known ones. */
  def(name: string): MetricDef;
}

export function metricSetOf(defs: readonly MetricDef[]): MetricSet {
  const byName = new Map(defs.map((d) => [d.name, d] as const));
  const names = defs.map((d) => d.name);
  return {
    all: defs,
    names,
    has: (name) => byName.has(name),
    find: (name) => byName.get(name),
    def(name) {
      const d = byName.get(name);
      if (!d) throw new PulseError('bad_input', `I don't know the metric "${name}"; I know ${names.join(', ')}.`);
      return d;
    },
  };
}

/** The built-in metrics alone (a program without a `metrics:` section). */
export const BUILT_IN_METRICS: MetricSet = metricSetOf(ALL_METRICS);

/** The built-in metrics and a vendor's own (keys already checked against the built-in names). */
export function metricSetWith(vendor: readonly VendorMetricSpec[]): MetricSet {
  if (vendor.length === 0) return BUILT_IN_METRICS;
  return metricSetOf([...ALL_METRICS, ...vendor.map((v) => defineMetric(vendorDeclaration(v), true))]);
}
