import { sql } from 'kysely';
import type { ScopedSource } from '../../access/scope.ts';
import { plusDays } from '../calendar.ts';
import type { MetricDeclaration, StockRows } from '../declaration.ts';
import type { MetricFilters, PartsRow, Period } from '../types.ts';
import { all, condition, conditions, distinctKey, filterConditions, rawAggregate, scaleOf, type Sql } from './conditions.ts';
import { numDenOf } from './num-den.ts';
import { dayReadPlan, runPlan, type PartsPlan, type Query } from './read-parts.ts';

/** The day a stock is read: always today, or the period's last day when that is sooner. */
export function stockDay(rows: StockRows, period: Period, today: string): string {
  if (rows.at === 'today') return today;
  const last = plusDays(period.to, -1);
  return last < today ? last : today;
}

/** How many days ahead "ends within" looks: the question's `withinDays`, else the declaration's. */
function horizon(rows: StockRows, filters: MetricFilters): number | null {
  if (rows.endsWithinDays === undefined) return null;
  return filters.withinDays !== undefined && filters.withinDays >= 0 ? Math.floor(filters.withinDays) : rows.endsWithinDays;
}

/**
 * A stock metric's parts per partner on its day D. When D is today and the declaration says how
 * today's holdings are known from their state (open deals), they are read that way — a read over
 * the holding rows since the beginning, which the monthly rollups can answer. Otherwise the rows
 * held on D are read: started by D, not past `heldThrough`, not ended by D.
 */
export function stockParts(src: ScopedSource, d: MetricDeclaration, rows: StockRows, period: Period, filters: MetricFilters, today: string): Promise<PartsRow[]> {
  return runPlan(stockPlan(src, d, rows, period, filters, today));
}

/** The read `stockParts` sends, as a plan (see read-parts.ts). */
export function stockPlan(src: ScopedSource, d: MetricDeclaration, rows: StockRows, period: Period, filters: MetricFilters, today: string): PartsPlan {
  const day = stockDay(rows, period, today);
  const f = filterConditions(d, filters);
  const where = [...(rows.where ?? []), ...f.where];
  const parts = numDenOf(d.aggregate);
  if (rows.heldNow && day >= today && !('distinct' in d.aggregate && d.aggregate.distinct)) {
    const read = { table: rows.table, date: rows.heldFrom, where: [...where, ...rows.heldNow], raw: f.raw };
    return dayReadPlan(src, read, parts, { from: null, to: plusDays(day, 1) });
  }

  const held: Sql[] = [sql`${sql.ref(rows.heldFrom)} <= ${day}`];
  if (rows.heldThrough) held.push(sql`${sql.ref(rows.heldThrough)} >= ${day}`);
  for (const e of rows.endedBy ?? []) {
    // A row in an ending status without its day counts as ended when it began.
    held.push(sql`not (${condition(e.when)} and coalesce(${sql.ref(e.on)}, ${sql.ref(rows.heldFrom)}) <= ${day})`);
  }
  const within = horizon(rows, filters);
  const through = rows.heldThrough ? sql.ref(rows.heldThrough) : null;
  const beyond = within !== null && through ? sql`${through} > ${plusDays(day, within)}` : null;

  let num: Sql;
  let den: Sql = sql`0`;
  if ('latest' in d.aggregate) {
    // The newest row held on D (the last of a day's rows by id); a partner with one counts once
    // in the denominator, so a group's figure is the mean of its partners' latest values.
    const col = sql.ref(d.aggregate.latest);
    num = sql`(array_agg(${col} order by ${sql.ref(rows.heldFrom)} desc, id desc))[1]`;
    den = sql`1`;
  } else if ('distinct' in d.aggregate && d.aggregate.distinct) {
    // One per thing; with a horizon, the things whose last held day falls within it: all held,
    // less those that any row holds beyond it (a renewal already recorded).
    const key = distinctKey(d.aggregate.distinct);
    num = beyond ? sql`count(distinct ${key}) - count(distinct ${key}) filter (where ${beyond})` : sql`count(distinct ${key})`;
  } else {
    if (beyond) held.push(sql`not (${beyond})`);
    num = rawAggregate(parts.num);
    if (parts.den) den = rawAggregate(parts.den);
  }
  const query = src
    .from(rows.table)
    .select([sql<number>`partner_id`.as('partner_id'), num.as('num'), den.as('den')])
    .where(all([...held, ...conditions(where), ...f.raw]))
    .groupBy(sql`partner_id`) as unknown as Query;
  // One row per partner: its sum is the row itself.
  return { table: rows.table, branches: [query], numScale: scaleOf(parts.num), denScale: parts.den ? scaleOf(parts.den) : null, alone: true };
}
