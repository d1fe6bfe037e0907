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

interface Row {
  partner_id: number;
  num: number | string | null;
  den: number | string | null;
}

type Query = SelectQueryBuilder<Database, PartnerDataTable, Row>;

/**
 * The parts of `read` per partner of `src` over `span`, in one round trip: whole months from the
 * rollup standing for these rows (when one can), the days at either end — or all of them — from the
 * raw rows; summed per partner, then cents made dollars where the parts are cents.
 */
export async function readParts(src: ScopedSource, read: DayRead, parts: NumDen, span: Span): Promise<PartsRow[]> {
  const list = parts.den ? [parts.num, parts.den] : [parts.num];
  const rollup = read.raw.length > 0 ? null : rollupFor(read.table, read.date, read.where, list);
  const { raw, months } = rollup ? splitByMonth(span) : { raw: [span], months: null };
  const den = parts.den;
  const queries: Query[] = raw.map((r) => {
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
    queries.push(q.groupBy(sql`partner_id`) as unknown as Query);
  }
  const [first, ...rest] = queries;
  if (!first) return [];
  const rows = await rest.reduce((q, p) => q.unionAll(p), first).execute();
  const sums = new Map<number, { num: number; den: number }>();
  for (const r of rows) {
    const s = sums.get(r.partner_id) ?? { num: 0, den: 0 };
    s.num += Number(r.num ?? 0);
    s.den += Number(r.den ?? 0);
    sums.set(r.partner_id, s);
  }
  const numScale = scaleOf(parts.num);
  const denScale = den ? scaleOf(den) : 1;
  return [...sums].map(([partner_id, s]) => ({ partner_id, num: s.num / numScale, den: den ? s.den / denScale : null }));
}

/** `column` within [from, to) (no lower bound when `from` is null). */
export function inSpan(column: string, span: Span): Sql[] {
  const col = sql.ref(column);
  const out: Sql[] = [sql`${col} < ${span.to}`];
  if (span.from !== null) out.unshift(sql`${col} >= ${span.from}`);
  return out;
}
