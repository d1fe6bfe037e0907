import { PACE_DAYS } from '../insights/pace.ts';
import { daysFromTo, plusDays } from '../metrics/calendar.ts';
import { divisorFactor } from '../metrics/parts.ts';
import type { MetricParts, PartnerData } from '../metrics/partner-data.ts';
import { windowPeriod } from '../metrics/period.ts';
import type { Period } from '../metrics/types.ts';
import { keyOf, type MetricWindow } from './requirements.ts';

// Requirement values on a future review day at today's pace, for a whole group at once: the same
// pace model as src/insights/pace.ts (which projects one partner from its daily history), read
// with a fixed number of grouped queries per (metric, window) whatever the number of partners.
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

/** Every (metric, window) for every partner on `review`, in a fixed number of queries. */
export async function projectAt(data: PartnerData, pairs: readonly MetricWindow[], partnerIds: readonly number[], review: string): Promise<ProjectionsByKey> {
  const out: ProjectionsByKey = new Map();
  if (partnerIds.length === 0) return out;
  await Promise.all(
    pairs.map(async (p) => {
      out.set(keyOf(p), await projectPair(data, p, partnerIds, review));
    }),
  );
  return out;
}

function projectPair(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): Promise<Map<number, Projected>> {
  if (data.metrics.def(p.metric).kind === 'flow') return projectFlow(data, p, ids, review);
  if (p.metric === 'active_certifications') return projectCertifications(data, p, ids, review);
  return projectStock(data, p, ids, review);
}

async function projectFlow(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): Promise<Map<number, Projected>> {
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
  const [whole, done] = await Promise.all([
    data.metricParts(p.metric, ids, now),
    past.to > past.from ? data.metricParts(p.metric, ids, past) : Promise.resolve(new Map<number, MetricParts>()),
  ]);
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
}

async function projectCertifications(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): Promise<Map<number, Projected>> {
  const today = data.today;
  const ahead = Math.max(0, daysFromTo(today, review));
  const recent: Period = { from: plusDays(today, 1 - PACE_DAYS), to: plusDays(today, 1), label: `the last ${PACE_DAYS} days` };
  const [active, lapsing, earned] = await Promise.all([
    data.metricByPartner('active_certifications', ids, windowPeriod(p.window, today)),
    // Expiring from today up to the day before the review: gone by the end of the review day.
    ahead > 0
      ? data.metricByPartner('expiring_certifications', ids, windowPeriod('current', today), { withinDays: ahead - 1 })
      : Promise.resolve(new Map<number, number | null>()),
    data.certificationsEarnedByPartner(ids, recent),
  ]);
  const out = new Map<number, Projected>();
  for (const id of ids) {
    const now = active.get(id) ?? 0;
    const projected = now - (lapsing.get(id) ?? 0) + ((earned.get(id) ?? 0) / PACE_DAYS) * ahead;
    out.set(id, { current: now, projected });
  }
  return out;
}

async function projectStock(data: PartnerData, p: MetricWindow, ids: readonly number[], review: string): Promise<Map<number, Projected>> {
  const today = data.today;
  const then = plusDays(today, -PACE_DAYS);
  const [now, before] = await Promise.all([
    data.metricByPartner(p.metric, ids, windowPeriod(p.window, today)),
    data.metricByPartner(p.metric, ids, { from: then, to: plusDays(then, 1), label: `${PACE_DAYS} days ago` }),
  ]);
  const ahead = Math.max(0, daysFromTo(today, review));
  const out = new Map<number, Projected>();
  for (const id of ids) {
    const current = now.get(id) ?? 0;
    const perDay = (current - (before.get(id) ?? 0)) / PACE_DAYS;
    out.set(id, { current, projected: current + perDay * ahead });
  }
  return out;
}
