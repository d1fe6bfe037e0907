import type { Aggregate } from '../declaration.ts';
import type { NumDen } from './read-parts.ts';

/** The numerator and denominator an aggregate is made of (no denominator for amounts and counts). */
export function numDenOf(a: Aggregate): NumDen {
  if ('ratio' in a) return { num: a.ratio.num, den: a.ratio.den };
  if ('sum' in a) return { num: { sum: a.sum, ...(a.cents ? { cents: true } : {}) }, den: null };
  return { num: { count: true }, den: null };
}
