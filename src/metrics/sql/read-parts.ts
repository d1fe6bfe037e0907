import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, PartnerDataTable } from '../../../db/schema.ts';
import type { ScopedSource } from '../../access/scope.ts';
import type { Condition, Part } from '../declaration.ts';
import type { PartsRow } from '../types.ts';
import { all, conditions, rawAggregate, scaleOf, type Sql } from './conditions.ts';
import { rollupAggregate, rollupFor, splitByMonth, type Span } from './rollups.ts';

/** Rows of one table placed in a span by one date column, under conditions. */
export interface DayRead {
  table: PartnerDataTable;
  date: string;
  where: readonly Condition[];
  /** Conditions only the raw rows can answer (a product filter): with any, no rollup is read. */
  raw: readonly Sql[];
}

export interface NumDen {
  num: Part;
  den: Part | null;
}

export interface Row {
  partner_id: number;
  num: number | string | null;
  den: number | string | null;
}

export type Query = SelectQueryBuilder<Database, PartnerDataTable, Row>;

/**
 * One metric's parts per partner as SQL not yet sent: branches that each select `partner_id`,
 * `num` and `den` grouped by partner, whose rows add up per partner, and the scales that make
 * those sums the metric's units (cents made dollars). `runPlan` sends one plan; `runPlans`
 * (parts-batch.ts) sends several in one statement per table.
 */
export interface PartsPlan {
  /** The table the branches read (a rollup counts as its source's). */
  table: PartnerDataTable;
  branches: Query[];
  numScale: number;
  /** Null when the metric has no denominator. */
  denScale: number | null;
  /**
   * The read goes through every row held on a day (since the beginning, row by row): much more
   * work than a period's days and months, so a batch sends it on its own, beside the others.
   */
  alone?: boolean;
}

/**
 * The parts of `read` per partner of `src` over `span`: whole months from the rollup standing for
 * these rows (when one can), the days at either end — or all of them — from the raw rows.
 */
export function dayReadPlan(src: ScopedSource, read: DayRead, parts: NumDen, span: Span): PartsPlan {
  const list = parts.den ? [parts.num, parts.den] : [parts.num];
  const rollup = read.raw.length > 0 ? null : rollupFor(read.table, read.date, read.where, list);
  const { raw, months } = rollup ? splitByMonth(span) : { raw: [span], months: null };
  const den = parts.den;
  const branches: Query[] = raw.map((r) => {
    const q = src
      .from(read.table)
      .select([sql<number>`partner_id`.as('partner_id'), rawAggregate(parts.num).as('num'), (den ? rawAggregate(den) : sql`0`).as('den')])
      .where(all([...inSpan(read.date, r), ...conditions(read.where), ...read.raw]));
    return q.groupBy(sql`partner_id`) as unknown as Query;
  });
  if (rollup && months) {
    const q = src
      .from(rollup.table)
      .select([sql<number>`partner_id`.as('partner_id'), rollupAggregate(rollup, parts.num).as('num'), (den ? rollupAggregate(rollup, den) : sql`0`).as('den')])
      .where(all([...inSpan('month', months), ...conditions(rollup.picks), ...conditions(read.where)]));
    branches.push(q.groupBy(sql`partner_id`) as unknown as Query);
  }
  return { table: read.table, branches, numScale: scaleOf(parts.num), denScale: den ? scaleOf(den) : null };
}

/** A plan's rows summed per partner, then scaled: the parts in the metric's units. */
export function partsFromRows(plan: PartsPlan, rows: readonly Row[]): PartsRow[] {
  const sums = new Map<number, { num: number; den: number }>();
  for (const r of rows) {
    const s = sums.get(r.partner_id) ?? { num: 0, den: 0 };
    s.num += Number(r.num ?? 0);
    s.den += Number(r.den ?? 0);
    sums.set(r.partner_id, s);
  }
  const { numScale, denScale } = plan;
  return [...sums].map(([partner_id, s]) => ({ partner_id, num: s.num / numScale, den: denScale === null ? null : s.den / denScale }));
}

/** One plan in one round trip (its branches joined with `union all`). */
export async function runPlan(plan: PartsPlan): Promise<PartsRow[]> {
  const [first, ...rest] = plan.branches;
  if (!first) return [];
  const rows = await rest.reduce((q, p) => q.unionAll(p), first).execute();
  return partsFromRows(plan, rows);
}

/**
 * The parts of `read` per partner of `src` over `span`, in one round trip: whole months from the
 * rollup standing for these rows (when one can), the days at either end — or all of them — from the
 * raw rows; summed per partner, then cents made dollars where the parts are cents.
 */
export function readParts(src: ScopedSource, read: DayRead, parts: NumDen, span: Span): Promise<PartsRow[]> {
  return runPlan(dayReadPlan(src, read, parts, span));
}

/** `column` within [from, to) (no lower bound when `from` is null). */
export function inSpan(column: string, span: Span): Sql[] {
  const col = sql.ref(column);
  const out: Sql[] = [sql`${col} < ${span.to}`];
  if (span.from !== null) out.unshift(sql`${col} >= ${span.from}`);
  return out;
}
