import { createHash } from 'node:crypto';
import type { Db } from '../../../db/connect.ts';
import { cohortSource } from '../../access/scope.ts';
import { isQuotient } from '../parts.ts';
import { planOf } from '../plan-of.ts';
import type { PartsPlan } from '../sql/read-parts.ts';
import type { MetricDef } from '../types.ts';
import type { FigureRequest } from './standard.ts';

/** A stored set's key, and how its raw sums become the metric's parts (as `partsFromRows` scales them). */
export interface FigureKey {
  key: string;
  numScale: number;
  /** Null when the metric has no denominator. */
  denScale: number | null;
  quotient: boolean;
}

// The key is a hash of the very SQL that computes the figures (over a fixed stand-in partner), so
// a definition changed in code or in the program file, another day or other filters is another
// key, and a set computed by an older release is never read as this one's.
const keys = new WeakMap<MetricDef, Map<string, FigureKey>>();
const MAX_PER_METRIC = 512;

/** The plan of one request, over the given partners. */
export const figurePlan = (db: Db, r: FigureRequest, partnerIds: readonly number[], today: string): PartsPlan =>
  planOf(cohortSource(db, partnerIds), r.def, r.period, r.filters, today);

export function figureKey(db: Db, r: FigureRequest, today: string): FigureKey {
  const memo = `${r.period.from}|${r.period.to}|${today}|${JSON.stringify(r.filters)}`;
  let byRequest = keys.get(r.def);
  if (!byRequest) keys.set(r.def, (byRequest = new Map()));
  const known = byRequest.get(memo);
  if (known) return known;
  const plan = figurePlan(db, r, [0], today);
  const hash = createHash('sha256');
  for (const b of plan.branches) {
    const c = b.compile();
    hash.update(c.sql).update('\u0000').update(JSON.stringify(c.parameters)).update('\u0001');
  }
  hash.update(`${plan.numScale}|${plan.denScale}`);
  const out = { key: hash.digest('hex').slice(0, 40), numScale: plan.numScale, denScale: plan.denScale, quotient: isQuotient(r.def) };
  if (byRequest.size >= MAX_PER_METRIC) byRequest.clear();
  byRequest.set(memo, out);
  return out;
}
