// `src/metrics/catalog.ts` and `src/metrics/catalog/index.ts` are the same module: the folder
// holds one file per metric, this name is what importers spell.
export { ALL_METRICS, CATALOG, DEFAULT_EXPIRY_HORIZON_DAYS, metricDef } from './catalog/index.ts';
export { emptyParts, sumParts, valueOfParts } from './parts.ts';
