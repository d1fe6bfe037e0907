import { daysFromTo, dayOf, plusDays, quarterOfMonth, quarterStart, ymd } from '../metrics/calendar.ts';
import type { Program } from '../program/schema.ts';

// The dates insights measure against: the end of the quarter and the tier review.

/** Last day of the quarter that holds `day`. */
export function quarterEnd(day: string): string {
  const { y, m } = ymd(day);
  const q = quarterOfMonth(m);
  return plusDays(q === 4 ? dayOf(y + 1, 1) : quarterStart(y, q + 1), -1);
}

/** Last day of the year that holds `day`. */
export const yearEnd = (day: string): string => dayOf(ymd(day).y, 12, 31);

/** The next tier review on or after today: the end of this quarter, or of the year (program.review). */
export function reviewDate(program: Program, today: string): string {
  return program.review.cadence === 'yearly' ? yearEnd(today) : quarterEnd(today);
}

/** Whole weeks (fractional) from the end of today to the end of `day`. */
export const weeksUntil = (today: string, day: string): number => daysFromTo(today, day) / 7;
