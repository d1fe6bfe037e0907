import { daysFromTo, plusDays } from '../metrics/calendar.ts';
import { windowBounds, windowPeriod } from '../metrics/period.ts';
import type { Window } from '../program/schema.ts';
import type { FlowHistory } from './history.ts';

/**
 * The pace model behind every projection. A requirement is measured over a window that ends on the
 * day it is read; "at this pace" means the days still to come add what an average day of the
 * current window added, while the days already behind us count with what actually happened:
 *
 * - flow metrics (revenue, won deals, co-sell deals, …): rate r = value over the window that ends
 *   today ÷ its days. On a future day d the window is window(d); the part of it already past holds
 *   the booked figures (read from the daily history), the part still to come adds r per day. For a
 *   trailing-12-month window this is "current + r·days − the actual values of the oldest days that
 *   roll off"; a year- or quarter-to-date window restarts at its boundary. After a year the
 *   trailing window is all projection, r·365: a partner below the bar at its own pace never gets
 *   there (projected date null).
 * - rates (renewal rate, win rate, …): the numerator and denominator are projected as two flows
 *   and divided, so the rate drifts from today's value only as old months roll off.
 * - active certifications: today's count, minus each certification on the day after it expires
 *   (expiry dates are known), plus new ones at the pace the partner earned them over the last 90
 *   days. Its run rate is that pace of new certifications a week.
 * - other stocks: today's value plus its net change per day over the last 90 days.
 */
export interface PaceModel {
  kind: 'flow' | 'rate' | 'stock';
  /** The requirement's value at the end of day `d` (today or later) if the pace holds. */
  valueAt(d: string): number | null;
  /** Per week: amount or count added (flows, stocks); null for rates. */
  runRate: number | null;
  /**
   * What it takes from tomorrow to `d` inclusive to reach `required` on `d`: a total still to add
   * (flows, stocks) or, for a rate, the share of what comes up for decision that must go well.
   */
  needed(d: string, required: number): Needed;
}

/**
 * What already counts today but no longer does on the day asked about: booked days that leave a
 * trailing window, or a whole year or quarter when a to-date window restarts. `to` is inclusive.
 */
export interface Leaving {
  total: number;
  from: string;
  to: string;
}

export type Needed =
  | { kind: 'amount'; total: number; perWeek: number | null; leaving?: Leaving }
  | { kind: 'share'; percent: number | null }
  | { kind: 'none' };

export const PACE_DAYS = 90;

const dayAfter = (d: string): string => plusDays(d, 1);

/** Flow metric (amount or count) over a program window. */
export function flowPace(history: FlowHistory, window: Window, today: string): PaceModel {
  const w = windowPeriod(window, today);
  const days = Math.max(1, daysFromTo(w.from, w.to));
  const now = history.sum(w.from, w.to);
  const perDay = now.num / days;
  const split = (d: string) => {
    const wd = windowBounds(window, d);
    const past = history.sum(wd.from, minDay(wd.to, dayAfter(today)));
    const futureFrom = maxDay(wd.from, dayAfter(today));
    return { past, future: Math.max(0, daysFromTo(futureFrom, wd.to)) };
  };
  return {
    kind: 'flow',
    runRate: perDay * 7,
    valueAt: (d) => {
      const { past, future } = split(d);
      return past.num + perDay * future;
    },
    needed: (d, required) => {
      const { past, future } = split(d);
      const total = Math.max(0, required - past.num);
      const wd = windowBounds(window, d);
      const gone = now.num - past.num;
      const leaving = wd.from > w.from && gone > 0 ? { leaving: { total: gone, from: w.from, to: minDay(plusDays(wd.from, -1), today) } } : {};
      return { kind: 'amount', total, perWeek: future > 0 ? (total / future) * 7 : total > 0 ? null : 0, ...leaving };
    },
  };
}

/**
 * A rate (0–100, `factor` 100) or a mean (`factor` 1: a vendor's average) whose numerator and
 * denominator are flows over a program window.
 */
export function ratePace(history: FlowHistory, window: Window, today: string, factor = 100): PaceModel {
  const w = windowPeriod(window, today);
  const days = Math.max(1, daysFromTo(w.from, w.to));
  const now = history.sum(w.from, w.to);
  const numPerDay = now.num / days;
  const denPerDay = now.den / days;
  const split = (d: string) => {
    const wd = windowBounds(window, d);
    const past = history.sum(wd.from, minDay(wd.to, dayAfter(today)));
    const future = Math.max(0, daysFromTo(maxDay(wd.from, dayAfter(today)), wd.to));
    return { past, future };
  };
  return {
    kind: 'rate',
    runRate: null,
    valueAt: (d) => {
      const { past, future } = split(d);
      const den = past.den + denPerDay * future;
      return den > 0 ? (factor * (past.num + numPerDay * future)) / den : null;
    },
    needed: (d, required) => {
      // "What share must go well" speaks of rates; a mean has no such share.
      if (factor !== 100) return { kind: 'none' };
      const { past, future } = split(d);
      const coming = denPerDay * future;
      if (coming <= 0) return { kind: 'share', percent: null };
      // (num_past + x) / (den_past + coming) ≥ required% → x ≥ …; as a share of what comes up.
      const x = (required / 100) * (past.den + coming) - past.num;
      return { kind: 'share', percent: Math.max(0, (100 * x) / coming) };
    },
  };
}

/** Active certifications: known expiries plus new ones at the recent pace of earning them. */
export function certificationPace(current: number, expiries: readonly string[], earnedLast90: number, today: string): PaceModel {
  const perDay = earnedLast90 / PACE_DAYS;
  // A certification counts through its expiry day and is gone the day after.
  const lapsedBy = (d: string) => expiries.filter((e) => e >= today && e < d).length;
  const base = (d: string) => current - lapsedBy(d);
  return {
    kind: 'stock',
    runRate: perDay * 7,
    valueAt: (d) => base(d) + perDay * Math.max(0, daysFromTo(today, d)),
    needed: (d, required) => {
      const days = Math.max(0, daysFromTo(today, d));
      const total = Math.max(0, required - base(d));
      return { kind: 'amount', total, perWeek: days > 0 ? (total / days) * 7 : total > 0 ? null : 0 };
    },
  };
}

/** Any other stock: today's value plus its net change per day over the last 90 days. */
export function netChangePace(current: number, ninetyDaysAgo: number, today: string): PaceModel {
  const perDay = (current - ninetyDaysAgo) / PACE_DAYS;
  return {
    kind: 'stock',
    runRate: perDay * 7,
    valueAt: (d) => current + perDay * Math.max(0, daysFromTo(today, d)),
    needed: (d, required) => {
      const days = Math.max(0, daysFromTo(today, d));
      const total = Math.max(0, required - current);
      return { kind: 'amount', total, perWeek: days > 0 ? (total / days) * 7 : total > 0 ? null : 0 };
    },
  };
}

/**
 * The first day from today on (within `horizonDays`) on which the model reaches `required`, or
 * for a maximum (`atMost`) comes down to it.
 */
export function firstDayReaching(model: PaceModel, required: number, today: string, horizonDays: number, atMost = false): string | null {
  for (let i = 0, d = today; i <= horizonDays; i++, d = dayAfter(d)) {
    const v = model.valueAt(d);
    if (v !== null && (atMost ? v <= required + 1e-9 : v >= required - 1e-9)) return d;
  }
  return null;
}

/**
 * The first day after today, up to `until` inclusive, on which a requirement met today is no longer
 * met at this pace (below a minimum, above a maximum); null when it holds throughout.
 */
export function firstDayMissing(model: PaceModel, required: number, today: string, until: string, atMost = false): string | null {
  for (let d = dayAfter(today); d <= until; d = dayAfter(d)) {
    const v = model.valueAt(d);
    if (v !== null && (atMost ? v > required + 1e-9 : v < required - 1e-9)) return d;
  }
  return null;
}

const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);
