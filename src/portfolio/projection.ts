import { PACE_DAYS } from '../insights/pace.ts';
import { daysFromTo, plusDays } from '../metrics/calendar.ts';
import type { MetricName } from '../metrics/names.ts';
import type { MetricParts, PartnerData, PartsRequest } from '../metrics/partner-data.ts';
import { divisorFactor, valueOfParts } from '../metrics/parts.ts';
import { windowPeriod } from '../metrics/period.ts';
import type { Period } from '../metrics/types.ts';
import { keyOf, type MetricWindow } from './requirements.ts';

// Requirement values on a future review day at today's pace, for a whole group at once: the same
// pace model as src/insights/pace.ts (which projects one partner from its daily history), read
// with one grouped read per table whatever the number of partners or of (metric, window) pairs.
//
// - A flow over a window W: on review day R the value is what already happened in window(R) up
//   to today, plus the daily pace (the value over the window ending today ÷ its days) times the
//   days of window(R) still to come. A trailing-12-month window so loses its oldest days and
//   gains projected ones; a year- or quarter-to-date window restarts at its boundary.
// - A rate: numerator and denominator projected as two flows, then divided.
// - Active certifications: the count today, minus those that lapse before R (a certification
//   counts through its expiry day), plus new ones at the pace of the last 90 days.
// - Any other stock: today's value plus its net change per day over the last 90 days.

export interface Projected {
  /** Today's value over the window (null: a rate with nothing to divide by). */
  current: number | null;
  /** The value on the review day at today's pace. */
  projected: number | null;
}

/** Per (metric, window) key, per partner. */
export type ProjectionsByKey = Map<string, Map<number, Projected>>;

const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);

const none: MetricParts = { num: 0, den: 0 };

/**
 * What one (metric, window) needs read, and how its projection comes out of what was read: the
 * parts of `requests` in order, and (for active certifications) how many each partner earned over
 * the last PACE_DAYS days.
 */
interface PairRead {
  requests: PartsRequest[];
  earned: boolean;
  project(parts: readonly Map<number, MetricParts>[], earned: ReadonlyMap<number, number>): Map<number, Projected>;
}

/** The days the pace of new certifications is read over: the last PACE_DAYS, today included. */
const recentDays = (today: string): Period => ({ from: plusDays(today, 1 - PACE_DAYS), to: plusDays(today, 1), label: `the last ${PACE_DAYS} days` });

/**
 * Every (metric, window) for every partner on `review`: one read of parts per table the pairs use
 * (PartnerData.metricPartsMany), plus one count of recent certifications when a pair needs it,
 * whatever the number of partners or pairs.
 */
export async function projectAt(data: PartnerData, pairs: readonly MetricWindow[], partnerIds: readonly number[], review: string): Promise<ProjectionsByKey> {
  const out: ProjectionsByKey = new Map();
  if (partnerIds.length === 0) return out;
  const reads = pairs.map((p) => ({ pair: p, read: pairRead(data, p, partnerIds, review) }));
  const [parts, earned] = await Promise.all([
    data.metricPartsMany(
      reads.flatMap((r) => r.read.requests),
      partnerIds,
    ),
    reads.some((r) => r.read.earned) ? data.certificationsEarnedByPartner(partnerIds, recentDays(data.today)) : Promise.resolve(new Map<number, number>()),
  ]);
  let at = 0;
  for (const { pair, read } of reads) {
    out.set(keyOf(pair), read.project(parts.slice(at, at + read.requests.length), earned));
    at += read.requests.length;
  }
  return out;
}

function pairRead(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): PairRead {
  if (data.metrics.def(p.metric).kind === 'flow') return flowRead(data, p, ids, review);
  if (p.metric === 'active_certifications') return certificationsRead(data, p, ids, review);
  return stockRead(data, p, ids, review);
}

/** Each partner's value of a metric from its parts (as PartnerData.metricByPartner gives it). */
function valuesOf(data: PartnerData, metric: MetricName, parts: ReadonlyMap<number, MetricParts> | undefined): Map<number, number | null> {
  const def = data.metrics.def(metric);
  return new Map([...(parts ?? [])].map(([id, v]) => [id, valueOfParts(def, v)]));
}

function flowRead(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): PairRead {
  const today = data.today;
  const tomorrow = plusDays(today, 1);
  const now = windowPeriod(p.window, today);
  const days = Math.max(1, daysFromTo(now.from, now.to));
  const then = windowPeriod(p.window, review);
  // The part of the review's window already behind us (never before the window ending today,
  // which is all the history the pace model reads), and the days still to come.
  const past: Period = { from: maxDay(then.from, now.from), to: minDay(then.to, tomorrow), label: 'so far' };
  const future = Math.max(0, daysFromTo(maxDay(then.from, tomorrow), then.to));
  // Rates (×100) and means (×1) are projected as two flows divided; amounts and counts as one.
  const factor = divisorFactor(data.metrics.def(p.metric));
  const requests: PartsRequest[] = [{ metric: p.metric, period: now }];
  if (past.to > past.from) requests.push({ metric: p.metric, period: past });
  return {
    requests,
    earned: false,
    project([whole = new Map(), done = new Map()]) {
      const out = new Map<number, Projected>();
      for (const id of ids) {
        const w = whole.get(id) ?? none;
        const d = done.get(id) ?? none;
        const num = d.num + (w.num / days) * future;
        if (factor === null) {
          out.set(id, { current: w.num, projected: num });
          continue;
        }
        const wDen = w.den ?? 0;
        const den = (d.den ?? 0) + (wDen / days) * future;
        out.set(id, { current: wDen > 0 ? (factor * w.num) / wDen : null, projected: den > 0 ? (factor * num) / den : null });
      }
      return out;
    },
  };
}

function certificationsRead(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): PairRead {
  const today = data.today;
  const ahead = Math.max(0, daysFromTo(today, review));
  const requests: PartsRequest[] = [{ metric: 'active_certifications', period: windowPeriod(p.window, today) }];
  // Expiring from today up to the day before the review: gone by the end of the review day.
  if (ahead > 0) requests.push({ metric: 'expiring_certifications', period: windowPeriod('current', today), filters: { withinDays: ahead - 1 } });
  return {
    requests,
    earned: true,
    project([activeParts, lapsingParts], earned) {
      const active = valuesOf(data, 'active_certifications', activeParts);
      const lapsing = valuesOf(data, 'expiring_certifications', lapsingParts);
      const out = new Map<number, Projected>();
      for (const id of ids) {
        const now = active.get(id) ?? 0;
        const projected = now - (lapsing.get(id) ?? 0) + ((earned.get(id) ?? 0) / PACE_DAYS) * ahead;
        out.set(id, { current: now, projected });
      }
      return out;
    },
  };
}

function stockRead(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): PairRead {
  const today = data.today;
  const then = plusDays(today, -PACE_DAYS);
  const ahead = Math.max(0, daysFromTo(today, review));
  return {
    requests: [
      { metric: p.metric, period: windowPeriod(p.window, today) },
      { metric: p.metric, period: { from: then, to: plusDays(then, 1), label: `${PACE_DAYS} days ago` } },
    ],
    earned: false,
    project([nowParts, beforeParts]) {
      const now = valuesOf(data, p.metric, nowParts);
      const before = valuesOf(data, p.metric, beforeParts);
      const out = new Map<number, Projected>();
      for (const id of ids) {
        const current = now.get(id) ?? 0;
        const perDay = (current - (before.get(id) ?? 0)) / PACE_DAYS;
        out.set(id, { current, projected: current + perDay * ahead });
      }
      return out;
    },
  };
}
