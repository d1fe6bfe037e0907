// `src/metrics/catalog.ts` and `src/metrics/catalog/index.ts` are the same module: the folder
// holds one file per metric, this name is what importers spell.
export { ALL_METRICS, CATALOG, DEFAULT_EXPIRY_HORIZON_DAYS, metricDef } from './catalog/index.ts';
export { BUILT_IN_METRICS, metricSetWith, type MetricSet } from './metric-set.ts';
export { divisorFactor, emptyParts, isQuotient, sumParts, valueOfParts } from './parts.ts';
