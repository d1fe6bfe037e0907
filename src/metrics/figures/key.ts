import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import { cohortSource } from '../../access/scope.ts';
import { isQuotient } from '../parts.ts';
import { planOf } from '../plan-of.ts';
import { isStock } from '../declaration.ts';
import { dailyQuery, type DailyQuery } from '../sql/daily.ts';
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

/** A flow metric's daily series of one request, per partner and day (what the writer stores), over the given partners. */
export function seriesQuery(db: Db, r: FigureRequest, partnerIds: readonly number[]): DailyQuery {
  if (isStock(r.def.rows)) throw new Error(`${r.def.name} has no daily series`);
  const q = dailyQuery(cohortSource(db, partnerIds), r.def, r.def.rows, r.period, r.filters);
  return { ...q, query: q.query.select(sql<number>`partner_id`.as('partner_id')).groupBy([sql`partner_id`, sql`1`]) as DailyQuery['query'] };
}

/** The key of a daily series set: a hash of the SQL that computes it, like a figure's. */
export function seriesKey(db: Db, r: FigureRequest, today: string): FigureKey {
  return remembered(r, `series|${r.period.from}|${r.period.to}|${today}|${JSON.stringify(r.filters)}`, () => {
    const q = seriesQuery(db, r, [0]);
    const c = q.query.compile();
    const hash = createHash('sha256').update('series\u0000').update(c.sql).update('\u0000').update(JSON.stringify(c.parameters));
    hash.update(`${q.numScale}|${q.denScale}`);
    return { key: hash.digest('hex').slice(0, 40), numScale: q.numScale, denScale: q.denScale, quotient: isQuotient(r.def) };
  });
}

function remembered(r: FigureRequest, memo: string, compute: () => FigureKey): FigureKey {
  let byRequest = keys.get(r.def);
  if (!byRequest) keys.set(r.def, (byRequest = new Map()));
  const known = byRequest.get(memo);
  if (known) return known;
  const out = compute();
  if (byRequest.size >= MAX_PER_METRIC) byRequest.clear();
  byRequest.set(memo, out);
  return out;
}

export function figureKey(db: Db, r: FigureRequest, today: string): FigureKey {
  return remembered(r, `${r.period.from}|${r.period.to}|${today}|${JSON.stringify(r.filters)}`, () => {
    const plan = figurePlan(db, r, [0], today);
    const hash = createHash('sha256');
    for (const b of plan.branches) {
      const c = b.compile();
      hash.update(c.sql).update('\u0000').update(JSON.stringify(c.parameters)).update('\u0001');
    }
    hash.update(`${plan.numScale}|${plan.denScale}`);
    return { key: hash.digest('hex').slice(0, 40), numScale: plan.numScale, denScale: plan.denScale, quotient: isQuotient(r.def) };
  });
}
