import type { Db } from '../../../db/connect.ts';
import { isoDay, now } from '../../clock.ts';
import { fail, ok, type Result } from '../../errors.ts';
import { BUILT_IN_METRICS, type MetricSet } from '../metric-set.ts';
import type { MetricName, Unit } from '../names.ts';
import type { StoredFigures } from '../figures/read.ts';
import { measure } from '../run.ts';
import type { MetricFilters, Period } from '../types.ts';
import { canSee, type Principal } from '../../access/principal.ts';
import { cohortValues } from './cohort-values.ts';
import { scopeFor } from '../../access/scope.ts';

/**
 * Below this many partners with a value, a benchmark would point at individuals: it is withheld.
 * Only partners the asker cannot see count (see `cohortCheck`).
 */
export const MIN_COHORT = 5;

/**
 * Whether a cohort may be shown to this asker. `small`: fewer than MIN_COHORT partners with a value.
 * `seen`: fewer than MIN_COHORT of them are outside the asker's scope, so the figures the asker
 * already knows (a distributor's sub-partners, a manager's partners) would bracket the others: a
 * distributor with four sub-partners and one other partner in a group could place that partner's
 * revenue between two of its own by asking each sub-partner's percentile. An asker who sees every
 * member (a vendor admin) learns nothing about anyone hidden, so only the first rule applies.
 */
export type CohortCheck = { shown: true } | { shown: false; because: 'small' | 'seen' };

/** `counted`: the cohort's values the statistics use (the compared partner's when it is a member). */
export function cohortCheck(principal: Principal, values: ReadonlyMap<number, number | null>, counted: number): CohortCheck {
  if (counted < MIN_COHORT) return { shown: false, because: 'small' };
  if (principal.visible.kind === 'all') return { shown: true };
  let hidden = 0;
  for (const [id, v] of values) if (v !== null && !canSee(principal, id)) hidden++;
  return hidden === 0 || hidden >= MIN_COHORT ? { shown: true } : { shown: false, because: 'seen' };
}

/** The sentence a withheld benchmark carries; `group` as in "Gold partners in EMEA". */
export function withheldReason(because: 'small' | 'seen', group: string): string {
  return because === 'small'
    ? `Peer benchmarks need at least ${MIN_COHORT} comparable partners; the group of ${group} is smaller, so it stays private.`
    : `Peer benchmarks need at least ${MIN_COHORT} comparable partners besides the ones you can already see; the group of ${group} has fewer, so it stays private.`;
}

export interface BenchmarkRequest {
  metric: MetricName;
  /** The partner being compared; must be in the asker's scope. */
  partnerId: number;
  period: Period;
  /** Peers: partners of this tier (and region, when given), matched case-insensitively. */
  cohort: { tier: string; region?: string };
  filters?: MetricFilters;
  /** 'YYYY-MM-DD'; defaults to the clock's today. */
  today?: string;
}

export interface Bucket {
  from: number;
  to: number;
  count: number;
}

/**
 * What leaves this module: aggregates only. `withheld` when fewer than MIN_COHORT cohort partners
 * have a value (the compared partner counts when it is one of them), or fewer than MIN_COHORT of
 * them are partners the asker cannot see (`cohortCheck`). Quartiles are interpolated and rounded
 * (3 significant figures for money, whole numbers for percents, one decimal for counts), and
 * bucket edges are round numbers, so no figure is any other partner's exact value.
 */
export type PeerBenchmark =
  | { withheld: true; metric: MetricName; unit: Unit; period: Period; minCohort: number; reason: string }
  | {
      withheld: false;
      metric: MetricName;
      unit: Unit;
      period: Period;
      cohortSize: number;
      /** Share of the other cohort partners below yours (ties count half), 0–100; null without a value. */
      percentile: number | null;
      p25: number;
      median: number;
      p75: number;
      yourValue: number | null;
      buckets: Bucket[];
    };

/**
 * Anonymous peer benchmark. The partner id goes through `scopeFor` (Forbidden when outside the
 * scope, like every other read); peers' values are read through `cohortSource` and never returned.
 */
export async function peerBenchmark(
  db: Db,
  principal: Principal,
  req: BenchmarkRequest,
  metrics: MetricSet = BUILT_IN_METRICS,
  version?: () => Promise<string>,
  stored?: StoredFigures,
): Promise<Result<PeerBenchmark>> {
  const def = metrics.find(req.metric);
  if (!def) return fail('bad_input', `I don't know the metric "${String(req.metric)}".`);
  const today = req.today ?? isoDay(now());
  const own = await measure(scopeFor(db, principal, [req.partnerId]), def, req.period, req.filters ?? {}, today, stored);
  const yourValue = own.get(req.partnerId) ?? null;

  const cohort = await cohortValues(db, req.cohort, def, req.period, req.filters ?? {}, today, version);
  // The compared partner counts in the cohort only when it belongs to it: a Silver partner looking
  // at Gold peers must not make a group of four Gold partners large enough to show.
  const member = cohort.values.has(req.partnerId);
  const kept = member ? (cohort.values.get(req.partnerId) ?? null) : null;
  const others = kept === null ? cohort.sorted : without(cohort.sorted, kept);
  // A member whose value is the one the cohort holds leaves the cohort as it is (the usual case):
  // its statistics, kept per cohort, are then computed once for everyone who asks.
  const all = member && yourValue !== null ? (yourValue === kept ? cohort.sorted : withValue(others, yourValue)) : others;

  const base = { metric: req.metric, unit: def.unit, period: req.period };
  const check = cohortCheck(principal, cohort.values, all.length);
  if (!check.shown) {
    const group = `${req.cohort.tier} partners${req.cohort.region ? ` in ${req.cohort.region}` : ''}`;
    return ok({ ...base, withheld: true, minCohort: MIN_COHORT, reason: withheldReason(check.because, group) });
  }
  const stats = statistics(all, def.unit);
  return ok({
    ...base,
    withheld: false,
    cohortSize: all.length,
    percentile: yourValue === null || others.length === 0 ? null : percentileOf(yourValue, others),
    p25: stats.p25,
    median: stats.median,
    p75: stats.p75,
    yourValue,
    buckets: stats.buckets.map((b) => ({ ...b })),
  });
}

interface Statistics {
  p25: number;
  median: number;
  p75: number;
  buckets: readonly Bucket[];
}

/** Per sorted list (a cohort's, kept while its data holds) and unit. */
const statisticsOf = new WeakMap<readonly number[], Map<Unit, Statistics>>();

function statistics(sorted: readonly number[], unit: Unit): Statistics {
  let byUnit = statisticsOf.get(sorted);
  if (!byUnit) statisticsOf.set(sorted, (byUnit = new Map()));
  const known = byUnit.get(unit);
  if (known) return known;
  const round = rounder(unit);
  const out = {
    p25: round(quantile(sorted, 0.25)),
    median: round(quantile(sorted, 0.5)),
    p75: round(quantile(sorted, 0.75)),
    buckets: buckets(sorted, unit),
  };
  byUnit.set(unit, out);
  return out;
}

/** `others` ascending. */
function percentileOf(v: number, others: readonly number[]): number {
  const below = countWhile(others, (x) => x < v);
  const equal = countWhile(others, (x) => x <= v) - below;
  return Math.round((100 * (below + equal / 2)) / others.length);
}

/** How many values from the start of an ascending list pass `pred` (a prefix, found by bisection). */
function countWhile(sorted: readonly number[], pred: (x: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(sorted[mid] ?? 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ascending list without one occurrence of v. */
function without(sorted: readonly number[], v: number): number[] {
  const i = countWhile(sorted, (x) => x < v);
  return sorted[i] === v ? [...sorted.slice(0, i), ...sorted.slice(i + 1)] : [...sorted];
}

/** The ascending list with v added in its place. */
function withValue(sorted: readonly number[], v: number): number[] {
  const i = countWhile(sorted, (x) => x < v);
  return [...sorted.slice(0, i), v, ...sorted.slice(i)];
}

/** Linear interpolation between order statistics (Postgres' percentile_cont). */
function quantile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

function rounder(unit: Unit): (v: number) => number {
  if (unit === 'percent') return (v) => Math.round(v);
  if (unit === 'count') return (v) => Math.round(v * 10) / 10;
  // Money and a vendor's own units (ppm, hours): three significant figures.
  return (v) => (v === 0 ? 0 : Number(v.toPrecision(3)));
}

/** A step of 1, 2, 2.5 or 5 × 10ⁿ that cuts `range` into about five. */
function niceStep(range: number, unit: Unit): number {
  const raw = range / 5;
  if (raw <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(raw));
  const f = raw / exp;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * exp;
  return unit === 'count' ? Math.max(1, Math.round(step)) : step;
}

const clean = (x: number): number => Number(x.toPrecision(12));

/** Counts per round-edged bin; the last bin holds its upper edge. */
function buckets(sorted: readonly number[], unit: Unit): Bucket[] {
  const min = sorted[0] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const step = niceStep(max - min, unit);
  const start = clean(Math.floor(min / step) * step);
  const n = Math.max(1, Math.ceil(clean((max - start) / step)) + (max === start ? 1 : 0));
  const out: Bucket[] = Array.from({ length: n }, (_, i) => ({
    from: clean(start + i * step),
    to: clean(start + (i + 1) * step),
    count: 0,
  }));
  for (const v of sorted) {
    const i = Math.min(n - 1, Math.floor(clean((v - start) / step)));
    const b = out[i];
    if (b) b.count += 1;
  }
  return out;
}
