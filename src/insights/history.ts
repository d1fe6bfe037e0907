import { daysFromTo, plusDays } from '../metrics/calendar.ts';
import type { FlowDay } from '../metrics/flow-by-day.ts';

export interface Totals {
  num: number;
  den: number;
}

/**
 * A flow metric's daily history with prefix sums, so the total over any stretch of days is two
 * look-ups. Days before `from` or after the last day count as nothing.
 */
export class FlowHistory {
  private readonly num: number[];
  private readonly den: number[];

  constructor(
    readonly from: string,
    readonly to: string,
    days: readonly FlowDay[],
  ) {
    const n = Math.max(0, daysFromTo(from, to));
    const num = new Array<number>(n).fill(0);
    const den = new Array<number>(n).fill(0);
    for (const d of days) {
      const i = daysFromTo(from, d.day);
      if (i < 0 || i >= n) continue;
      num[i] = (num[i] ?? 0) + d.num;
      den[i] = (den[i] ?? 0) + d.den;
    }
    this.num = prefix(num);
    this.den = prefix(den);
  }

  /** Totals over [a, b). */
  sum(a: string, b: string): Totals {
    const i = this.index(a);
    const j = this.index(b);
    if (j <= i) return { num: 0, den: 0 };
    return { num: (this.num[j] ?? 0) - (this.num[i] ?? 0), den: (this.den[j] ?? 0) - (this.den[i] ?? 0) };
  }

  /** Totals per consecutive bucket: [edges[0], edges[1]), [edges[1], edges[2]), … */
  buckets(edges: readonly string[]): Totals[] {
    return edges.slice(1).map((end, k) => this.sum(edges[k] ?? end, end));
  }

  private index(day: string): number {
    const n = this.num.length - 1;
    return Math.min(n, Math.max(0, daysFromTo(this.from, day)));
  }
}

function prefix(xs: readonly number[]): number[] {
  const out = [0];
  let s = 0;
  for (const x of xs) {
    s += x;
    out.push(s);
  }
  return out;
}

/** Every day from `from` up to (not including) `to`. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = plusDays(d, 1)) out.push(d);
  return out;
}
