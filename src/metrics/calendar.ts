import { addDays, addMonths, dayToDate, daysBetween, isoDay } from '../clock.ts';
import { DEFAULT_DATE_WORDS, type DateWords } from './date-words.ts';

// Calendar arithmetic on 'YYYY-MM-DD' strings, always in UTC so a day never shifts with the
// server's time zone. Periods are half-open [from, to).

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

// Projections step through hundreds of days per requirement and every answer asks about the same
// few years of days, so day <-> day-number conversions are kept (a bounded table, no Date parsing
// on the hot path).
const DAY_MS = 86_400_000;
const MEMO_LIMIT = 50_000;
const numberOfDay = new Map<string, number>();
const dayOfNumber = new Map<number, string>();

function dayNumber(day: string): number | null {
  const known = numberOfDay.get(day);
  if (known !== undefined) return known;
  const t = dayToDate(day).getTime();
  if (Number.isNaN(t)) return null;
  if (numberOfDay.size >= MEMO_LIMIT) numberOfDay.clear();
  const n = Math.round(t / DAY_MS);
  numberOfDay.set(day, n);
  return n;
}

function dayString(n: number): string {
  const known = dayOfNumber.get(n);
  if (known !== undefined) return known;
  const day = isoDay(new Date(n * DAY_MS));
  if (dayOfNumber.size >= MEMO_LIMIT) dayOfNumber.clear();
  dayOfNumber.set(n, day);
  return day;
}

export const plusDays = (day: string, n: number): string => {
  const d = dayNumber(day);
  return d === null ? isoDay(addDays(dayToDate(day), n)) : dayString(d + n);
};
export const plusMonths = (day: string, n: number): string => isoDay(addMonths(dayToDate(day), n));
export const daysFromTo = (from: string, to: string): number => {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? daysBetween(dayToDate(from), dayToDate(to)) : b - a;
};

export interface Ymd {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

export function ymd(day: string): Ymd {
  const dt = dayToDate(day);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** The day y-m-d; months outside 1–12 roll into neighbouring years. */
export const dayOf = (y: number, m: number, d = 1): string => isoDay(new Date(Date.UTC(y, m - 1, d)));

/** True for a real calendar day written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = dayToDate(s);
  return !Number.isNaN(d.getTime()) && isoDay(d) === s;
}

export const quarterOfMonth = (m: number): number => Math.floor((m - 1) / 3) + 1;
export const quarterStart = (y: number, q: number): string => dayOf(y, (q - 1) * 3 + 1);

/** Monday of the week that holds `day` (weeks start on Monday). */
export function mondayOf(day: string): string {
  const dow = dayToDate(day).getUTCDay(); // 0 = Sunday
  return plusDays(day, -((dow + 6) % 7));
}

/** 'November 2026' (in the locale of `words`). */
export const monthLabel = (y: number, m: number, words: DateWords = DEFAULT_DATE_WORDS): string => words.month(y, m);

/** 'Nov 23, 2026' (in the locale of `words`). */
export const dayLabel = (day: string, words: DateWords = DEFAULT_DATE_WORDS): string => words.day(day);

/** How a person reads [from, to): 'Nov 16 – 22, 2026', 'Oct 1 – Nov 23, 2026', 'Dec 1, 2025 – Jan 10, 2026'. */
export const rangeLabel = (from: string, to: string, words: DateWords = DEFAULT_DATE_WORDS): string => words.range(from, to);

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day 'YYYY-MM-DD' it is at `at` in `timeZone` (an IANA name: a user's zone), through
 * Intl: at 03:00 UTC on 1 October it is still 30 September in Los Angeles. An unknown zone reads as
 * UTC rather than failing a question.
 */
export function dayIn(at: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return isoDay(at);
    }
    dayFormats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
