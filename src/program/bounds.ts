import type { Requirement } from './schema.ts';

// A requirement is a minimum to reach ("revenue of at least $500,000") or a maximum to stay at or
// under ("defect rate at most 500 ppm"). Everything that evaluates one — tier progress,
// projections, what-ifs, the portfolio's risk lists, the digest, the seed — asks these functions,
// so a maximum is met, measured and projected the same way everywhere.

/** The requirement's threshold, and whether it is a maximum (met at or under it). */
export interface Bound {
  required: number;
  atMost: boolean;
}

export function boundOf(req: Pick<Requirement, 'min' | 'max'>): Bound {
  return req.max !== undefined ? { required: req.max, atMost: true } : { required: req.min ?? 0, atMost: false };
}

/** Met: at or above a minimum, at or under a maximum (`slack` forgives float noise). */
export function meets(value: number, b: Bound, slack = 0): boolean {
  return b.atMost ? value <= b.required + slack : value >= b.required - slack;
}

/** How far from met (0 when met): what is missing below a minimum, the excess above a maximum (value − max). */
export function gapOf(value: number, b: Bound): number {
  return Math.max(0, b.atMost ? value - b.required : b.required - value);
}

/** The gap as a share of the threshold (0 when met), for "furthest from met" orderings. */
export function relativeGap(value: number, b: Bound): number {
  if (b.required <= 0) return meets(value, b) ? 0 : 1;
  return gapOf(value, b) / b.required;
}

/**
 * How far along a requirement is, in percent: value ÷ minimum, or maximum ÷ value (200% at half
 * the allowed defects, 62.5% at 800 ppm against 500). Not capped, so doing better stays visible.
 */
export function progressPercent(value: number, b: Bound): number {
  if (b.atMost) return value <= 0 ? (b.required > 0 ? 200 : 100) : (b.required / value) * 100;
  return b.required > 0 ? (value / b.required) * 100 : 100;
}
