import type { MetricDef, MetricParts } from './types.ts';

/** What a metric's value is made of, for the parts: `num` alone, or factor·num/den. */
type Shape = Pick<MetricDef, 'aggregation'>;

/** 100 for a ratio shown as a percentage, 1 for a mean, null for amounts and counts (no denominator). */
export function divisorFactor(def: Shape): number | null {
  return def.aggregation === 'ratio' ? 100 : def.aggregation === 'average' ? 1 : null;
}

/** The metric's value is a quotient of two sums (a rate or a mean): its parts keep a denominator. */
export const isQuotient = (def: Shape): boolean => divisorFactor(def) !== null;

/** The parts of a partner without rows: nothing counted, and for a rate or mean nothing to divide by. */
export function emptyParts(def: Shape): MetricParts {
  return { num: 0, den: isQuotient(def) ? 0 : null };
}

/**
 * A metric's value from its parts: the amount or count itself, or for a rate 100·num/den and for a
 * mean num/den (null with nothing to divide by). Missing parts are the empty ones.
 */
export function valueOfParts(def: Shape, parts: MetricParts | undefined): number | null {
  const p = parts ?? emptyParts(def);
  const factor = divisorFactor(def);
  if (factor === null) return p.num;
  return p.den === null || p.den === 0 ? null : (factor * p.num) / p.den;
}

/** Parts over a group: numerators and denominators each summed (a rate is then the ratio of the sums). */
export function sumParts(def: Shape, all: Iterable<MetricParts>): MetricParts {
  const out = emptyParts(def);
  for (const p of all) {
    out.num += p.num;
    if (out.den !== null) out.den += p.den ?? 0;
  }
  return out;
}
