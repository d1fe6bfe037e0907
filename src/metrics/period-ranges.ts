import type { Window } from '../program/schema.ts';
import {
  dayOf,
  daysFromTo,
  mondayOf,
  monthLabel,
  plusDays,
  plusMonths,
  quarterOfMonth,
  quarterStart,
  rangeLabel,
  ymd,
} from './calendar.ts';
import { DEFAULT_DATE_WORDS, type DateWords } from './date-words.ts';
import type { Period } from './types.ts';

// Periods that need no parsing: the windows program.yml measures requirements over, and the
// period a comparison ("vs the previous quarter") is made against.

/** The windows of program.yml requirements; every one ends today (exclusive end: tomorrow). */
const windows = new Map<Window, Map<string, Readonly<Period>>>();

/** The window ending on `today`, the caller's own copy. */
export function windowPeriod(window: Window, today: string): Period {
  return { ...windowBounds(window, today) };
}

/**
 * The window ending on `today`, shared and read-only: a projection asks for it on each of hundreds
 * of days, for every answer on the same day.
 */
export function windowBounds(window: Window, today: string): Readonly<Period> {
  // By window, then by day: no key string is built per call.
  let byDay = windows.get(window);
  if (!byDay) windows.set(window, (byDay = new Map()));
  const known = byDay.get(today);
  if (known) return known;
  const p = Object.freeze(computeWindow(window, today));
  if (byDay.size >= 20_000) byDay.clear();
  byDay.set(today, p);
  return p;
}

function computeWindow(window: Window, today: string): Period {
  const end = plusDays(today, 1);
  const { y, m } = ymd(today);
  switch (window) {
    case 'trailing_12_months':
      return { from: plusMonths(end, -12), to: end, label: 'the last 12 months' };
    case 'year_to_date':
      return { from: dayOf(y, 1), to: end, label: 'year to date' };
    case 'quarter_to_date':
      return { from: quarterStart(y, quarterOfMonth(m)), to: end, label: 'quarter to date' };
    case 'current':
      return { from: today, to: end, label: 'today' };
  }
}

/** A label for [from, to) that names a whole calendar month, quarter or year when it is one. */
export function calendarLabel(from: string, to: string, words: DateWords = DEFAULT_DATE_WORDS): string {
  const { y, m, d } = ymd(from);
  if (d === 1) {
    if (to === plusMonths(from, 1)) return monthLabel(y, m, words);
    if ((m - 1) % 3 === 0 && to === plusMonths(from, 3)) return `Q${quarterOfMonth(m)} ${y}`;
    if (m === 1 && to === plusMonths(from, 12)) return String(y);
  }
  return rangeLabel(from, to, words);
}

/**
 * The period to compare `p` with. A calendar month, quarter or year (whole or to date) is
 * compared with the same stretch of the previous one (Oct 1–23 with Sep 1–23); a week with the
 * week before; anything else with the same number of days just before it.
 */
export function previousPeriod(p: Period, words: DateWords = DEFAULT_DATE_WORDS): Period {
  const { m, d } = ymd(p.from);
  if (d === 1) {
    // The smallest calendar unit that starts at `from` and still holds the whole period.
    const units = [1, ...((m - 1) % 3 === 0 ? [3] : []), ...(m === 1 ? [12] : [])];
    for (const months of units) {
      if (p.to <= plusMonths(p.from, months)) {
        const from = plusMonths(p.from, -months);
        const to = p.to === plusMonths(p.from, months) ? p.from : minDay(plusMonths(p.to, -months), p.from);
        return { from, to, label: calendarLabel(from, to, words) };
      }
    }
  }
  const len = Math.max(1, daysFromTo(p.from, p.to));
  const shift = mondayOf(p.from) === p.from && len <= 7 ? 7 : len;
  const from = plusDays(p.from, -shift);
  const to = plusDays(p.to, -shift);
  return { from, to, label: rangeLabel(from, to, words) };
}

const minDay = (a: string, b: string): string => (a < b ? a : b);
