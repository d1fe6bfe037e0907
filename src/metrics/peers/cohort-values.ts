import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import { ALL_METRICS } from '../catalog/index.ts';
import { windowPeriod } from '../period.ts';
import { storedFigures } from '../figures/read.ts';
import { measure } from '../run.ts';
import type { MetricDef, MetricFilters, Period } from '../types.ts';
import { cohortSource } from '../../access/scope.ts';

// A cohort's values are the same for every partner compared with it (every Gold partner asking
// "how do I compare?" reads the same ~1,000 Gold partners), so they are kept per process until
// the data under them changes: the key holds data_version, which every write to partners or
// partner data moves in its own transaction. A tier is read once; its regional cohorts are its
// members in that region. Only the peer benchmark and the peer rank (this folder) read this; the values
// never leave them.

export interface Cohort {
  tier: string;
  region?: string;
}

export interface CohortValues {
  /** Every partner of the cohort, by id. */
  members: readonly number[];
  /** Each member's value (null: a rate with nothing to divide by). */
  values: ReadonlyMap<number, number | null>;
  /** The members' values that are not null, ascending. */
  sorted: readonly number[];
}

interface TierValues {
  members: readonly { id: number; region: string }[];
  values: ReadonlyMap<number, number | null>;
}

/** Tier × metric × period entries kept per database; the least recently used go first. */
const MAX_ENTRIES = 256;
const caches = new WeakMap<Db, Map<string, Promise<TierValues>>>();

const norm = (s: string): string => s.trim().toLowerCase();

export async function dataVersion(db: Db): Promise<string> {
  const r = await sql<{ version: string }>`select version::text as version from data_version`.execute(db);
  return r.rows[0]?.version ?? '0';
}

/** Each tier entry's cohorts, whole (key '') and per region, derived once. */
const derived = new WeakMap<TierValues, Map<string, CohortValues>>();

/**
 * `version` reads data_version; a turn passes one that reads it once, so a comparison of five
 * metrics in two cohorts asks once, not ten times.
 */
export async function cohortValues(
  db: Db,
  cohort: Cohort,
  metric: MetricDef,
  period: Period,
  filters: MetricFilters,
  today: string,
  version: () => Promise<string> = () => dataVersion(db),
): Promise<CohortValues> {
  const tier = await tierValues(db, await version(), norm(cohort.tier), metric, period, filters, today);
  const region = cohort.region ? norm(cohort.region) : '';
  let byRegion = derived.get(tier);
  if (!byRegion) derived.set(tier, (byRegion = new Map()));
  const known = byRegion.get(region);
  if (known) return known;
  const members = tier.members.filter((m) => region === '' || m.region === region).map((m) => m.id);
  const values = new Map(members.map((id) => [id, tier.values.get(id) ?? null]));
  const sorted = [...values.values()].filter((v): v is number => v !== null).sort((a, b) => a - b);
  const out = { members, values, sorted };
  byRegion.set(region, out);
  return out;
}

/**
 * A metric's identity in the cache: its name, and for a vendor's metric what it reads (two
 * programs in one process may give one key different definitions).
 */
const metricKey = (d: MetricDef): string => (d.vendor ? `${d.name}:${JSON.stringify([d.aggregate, d.rows])}` : d.name);

function tierValues(db: Db, version: string, tier: string, metric: MetricDef, period: Period, filters: MetricFilters, today: string): Promise<TierValues> {
  const key = JSON.stringify([version, tier, metricKey(metric), period.from, period.to, filters, today]);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const loading = load(db, tier, metric, period, filters, today);
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  while (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return loading;
}

async function load(db: Db, tier: string, metric: MetricDef, period: Period, filters: MetricFilters, today: string): Promise<TierValues> {
  const rows = await db
    .selectFrom('partners')
    .select(['id', sql<string>`lower(trim(region))`.as('region')])
    .where(sql`lower(tier)`, '=', tier)
    .orderBy('id')
    .execute();
  // A standard figure comes from the sets computed after the data change: a tier's ~1,000 rows.
  const values = await measure(cohortSource(db, rows.map((r) => r.id)), metric, period, filters, today, storedFigures(db, today));
  return { members: rows, values };
}

/** The period a peer comparison uses when none is named: the tier window for flows, today for stocks. */
export function defaultPeerPeriod(metric: Pick<MetricDef, 'kind'>, today: string): Period {
  return windowPeriod(metric.kind === 'flow' ? 'trailing_12_months' : 'current', today);
}

/**
 * Every tier's cohort for every metric over its default peer period, read now rather than on the
 * first question (pulse serve does it at start and after each data change; see
 * src/jobs/cohort-warmer.ts). Returns how many cohorts it read.
 */
export async function warmCohorts(db: Db, tiers: readonly string[], today: string, metrics: readonly MetricDef[] = ALL_METRICS): Promise<number> {
  const version = await dataVersion(db);
  let n = 0;
  for (const tier of tiers) {
    for (const metric of metrics) {
      await tierValues(db, version, norm(tier), metric, defaultPeerPeriod(metric, today), {}, today);
      n++;
    }
  }
  return n;
}
