import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { MetricName } from '../metrics/names.ts';
import { measure } from '../metrics/run.ts';
import type { MetricFilters, Period } from '../metrics/types.ts';
import { cohortSource } from './scope.ts';

// A cohort's values are the same for every partner compared with it (every Gold partner asking
// "how do I compare?" reads the same ~1,000 Gold partners), so they are kept per process until
// the data under them changes: the key holds data_version, which every write to partners or
// partner data moves in its own transaction. Only src/access/benchmark.ts and the peer rank read
// this; the values never leave them.

export interface Cohort {
  tier: string;
  region?: string;
}

export interface CohortValues {
  /** Every partner of the cohort, by id. */
  members: readonly number[];
  /** Each member's value (null: a rate with nothing to divide by). */
  values: ReadonlyMap<number, number | null>;
}

/** Cohorts kept per database; old versions fall out first. */
const MAX_ENTRIES = 64;
const caches = new WeakMap<Db, Map<string, Promise<CohortValues>>>();

export async function cohortValues(db: Db, cohort: Cohort, metric: MetricName, period: Period, filters: MetricFilters, today: string): Promise<CohortValues> {
  const version = await sql<{ version: string }>`select version::text as version from data_version`.execute(db);
  const key = JSON.stringify([version.rows[0]?.version ?? null, cohort.tier.trim().toLowerCase(), cohort.region?.trim().toLowerCase() ?? null, metric, period.from, period.to, filters, today]);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) {
    // Most recently used goes last.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const loading = load(db, cohort, metric, period, filters, today);
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  while (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return loading;
}

async function load(db: Db, cohort: Cohort, metric: MetricName, period: Period, filters: MetricFilters, today: string): Promise<CohortValues> {
  let q = db.selectFrom('partners').select('id').where(sql`lower(tier)`, '=', cohort.tier.trim().toLowerCase());
  if (cohort.region) q = q.where(sql`lower(region)`, '=', cohort.region.trim().toLowerCase());
  const members = (await q.orderBy('id').execute()).map((r) => r.id);
  const values = await measure(cohortSource(db, members), metric, period, filters, today);
  return { members, values };
}
