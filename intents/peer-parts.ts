import type { Bucket, PeerBenchmark } from '../src/metrics/peers/benchmark.ts';
import { defaultPeerPeriod } from '../src/metrics/peers/cohort-values.ts';
import type { Unit } from '../src/metrics/names.ts';
import { parsePeriod } from '../src/metrics/period.ts';
import type { MetricDef, Period } from '../src/metrics/types.ts';
import type { Formatter } from '../src/reply/format.ts';
import type { Chart } from '../src/reply/types.ts';
import { clampTitle } from '../src/charts/prepare.ts';

// Shared by compare_peers and leaderboard: the period a comparison runs over, and the anonymous
// distribution chart. The chart carries bucket counts only, never a peer's figure or name.

export type PeriodChoice = { ok: true; value: Period } | { ok: false; message: string };

/** A named period, else the tier window: flows over the last 12 months, stocks as of today. */
export function comparePeriod(metric: Pick<MetricDef, 'kind'>, phrase: string | undefined, today: string, f: Formatter): PeriodChoice {
  if (phrase !== undefined && phrase.trim() !== '') {
    const p = parsePeriod(phrase, today, f.dates);
    return p.ok ? { ok: true, value: p.value } : { ok: false, message: p.error.message };
  }
  return { ok: true, value: defaultPeerPeriod(metric, today) };
}

const edge = (v: number, unit: Unit, f: Formatter): string => f.short(v, unit);

/** Fewest partners a range may hold: a range with one or two in it comes close to naming a figure. */
export const MIN_BUCKET = 3;

/**
 * Adjacent ranges merged until each holds at least MIN_BUCKET partners: with count metrics a range
 * can be a single value ("4–5 certifications"), and a range of one partner is that partner's figure.
 */
export function coarsen(buckets: readonly Bucket[], min = MIN_BUCKET): Bucket[] {
  const out = buckets.map((b) => ({ ...b }));
  for (;;) {
    const i = out.findIndex((b) => b.count < min);
    if (i < 0 || out.length <= 1) return out;
    const left = out[i - 1];
    const right = out[i + 1];
    const j = !right || (left && left.count <= right.count) ? i - 1 : i + 1;
    const [a, b] = [out[Math.min(i, j)], out[Math.max(i, j)]];
    if (!a || !b) return out;
    out.splice(Math.min(i, j), 2, { from: a.from, to: b.to, count: a.count + b.count });
  }
}

export const bucketLabel = (b: Bucket, unit: Unit, f: Formatter): string => `${edge(b.from, unit, f)}–${edge(b.to, unit, f)}`;

/** Which bucket holds `value` (the last one holds its upper edge, as the benchmark counts). */
export function bucketOf(buckets: readonly Bucket[], value: number | null): number | undefined {
  if (value === null) return undefined;
  const i = buckets.findIndex((b, k) => value >= b.from && (value < b.to || k === buckets.length - 1));
  return i >= 0 ? i : undefined;
}

type Shown = Extract<PeerBenchmark, { withheld: false }>;

/** The chart of a benchmark; pass the coarsened buckets (see `coarsen`). */
export function distributionChart(b: Shown, buckets: readonly Bucket[], title: string, f: Formatter): Chart {
  const at = bucketOf(buckets, b.yourValue);
  return {
    kind: 'peer_distribution',
    title: clampTitle(title),
    categories: buckets.map((x) => bucketLabel(x, b.unit, f)),
    series: [{ name: 'partners', values: buckets.map((x) => x.count) }],
    unit: 'count',
    ...(at !== undefined ? { highlight: at } : {}),
  };
}
