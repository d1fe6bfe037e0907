import { addDays, addMonths, dayToDate, daysBetween, isoDay } from '../../src/clock.ts';

// Every generated date is an offset in days from "today" (0 = today, negative = past). The
// calendar turns offsets into 'YYYY-MM-DD' strings from a precomputed table, because the scale
// generator writes millions of dates and Date arithmetic per row would dominate its run time.

const PAST_DAYS = 1600;
const FUTURE_DAYS = 1200;

export interface Quarter {
  start: number;
  /** Last day of the quarter (inclusive), as incentives store it. */
  end: number;
}

export class Calendar {
  readonly today: string;
  /** First day of the 18 months of history. */
  readonly historyStart: number;
  /** First day of the trailing-12-month window [t12Start, 0]. */
  readonly t12Start: number;
  /** First days of the last full month and the month before it. */
  readonly lastMonthStart: number;
  readonly prevMonthStart: number;
  readonly monthStart: number;
  /** Quarters overlapping the history, oldest first, the current one last. */
  readonly quarters: Quarter[];
  private readonly days: string[];
  private readonly base: Date;

  constructor(today: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(dayToDate(today).getTime())) {
      throw new Error(`today must be a YYYY-MM-DD date, got "${today}"`);
    }
    this.today = today;
    this.base = dayToDate(today);
    this.days = [];
    for (let i = -PAST_DAYS; i <= FUTURE_DAYS; i++) this.days.push(isoDay(addDays(this.base, i)));
    const tomorrow = addDays(this.base, 1);
    this.historyStart = this.offsetOf(addMonths(tomorrow, -18));
    this.t12Start = this.offsetOf(addMonths(tomorrow, -12));
    const firstOfMonth = new Date(Date.UTC(this.base.getUTCFullYear(), this.base.getUTCMonth(), 1));
    this.monthStart = this.offsetOf(firstOfMonth);
    this.lastMonthStart = this.offsetOf(addMonths(firstOfMonth, -1));
    this.prevMonthStart = this.offsetOf(addMonths(firstOfMonth, -2));
    this.quarters = [];
    const q0 = new Date(Date.UTC(this.base.getUTCFullYear(), Math.floor(this.base.getUTCMonth() / 3) * 3, 1));
    for (let back = 7; back >= 0; back--) {
      const start = addMonths(q0, -3 * back);
      const end = addDays(addMonths(start, 3), -1);
      if (this.offsetOf(end) < this.historyStart) continue;
      this.quarters.push({ start: this.offsetOf(start), end: this.offsetOf(end) });
    }
  }

  offsetOf(d: Date): number {
    return daysBetween(this.base, d);
  }

  /** The 'YYYY-MM-DD' of a day offset. */
  day(offset: number): string {
    const s = this.days[offset + PAST_DAYS];
    if (s === undefined) throw new Error(`day offset ${offset} is outside the seed calendar`);
    return s;
  }

  /** 'YYYY-MM' of the month that holds `offset`. */
  monthOf(offset: number): string {
    return this.day(offset).slice(0, 7);
  }
}
