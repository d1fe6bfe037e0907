import type { Aggregate } from '../declaration.ts';
import type { NumDen } from './read-parts.ts';

/**
 * The numerator and denominator an aggregate is made of (no denominator for amounts and counts; a
 * mean divides a column's sum by the rows; the latest value is read on its own, see stock-parts).
 */
export function numDenOf(a: Aggregate): NumDen {
  if ('ratio' in a) return { num: a.ratio.num, den: a.ratio.den };
  if ('average' in a) return { num: { sum: a.average }, den: { count: true } };
  if ('latest' in a) return { num: { sum: a.latest }, den: { count: true } };
  if ('sum' in a) return { num: { sum: a.sum, ...(a.cents ? { cents: true } : {}) }, den: null };
  return { num: { count: true }, den: null };
}
