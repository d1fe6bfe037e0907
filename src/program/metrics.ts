import { metricSetWith, type MetricSet } from '../metrics/metric-set.ts';
import type { Program } from './schema.ts';

const sets = new WeakMap<Program, MetricSet>();

/**
 * The metrics a program can name: the built-in catalog and the program's own `metrics:`. Built
 * once per loaded program (the set is immutable, so sharing it between turns shares no state).
 */
export function programMetrics(program: Program): MetricSet {
  let set = sets.get(program);
  if (!set) {
    set = metricSetWith(program.metrics ?? []);
    sets.set(program, set);
  }
  return set;
}
