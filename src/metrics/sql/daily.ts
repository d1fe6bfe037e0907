import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, PartnerDataTable } from '../../../db/schema.ts';
import type { ScopedSource } from '../../access/scope.ts';
import type { FlowRows, MetricDeclaration } from '../declaration.ts';
import type { MetricFilters, Period } from '../types.ts';
import { all, conditions, rawAggregate, scaleOf } from './conditions.ts';
import { flowRead } from './flow-parts.ts';
import { numDenOf } from './num-den.ts';
import { inSpan } from './read-parts.ts';

export interface DailyQuery {
  /** Selects `day` (its text), `num` and `den` over the period's rows, not yet grouped: group by day (1), or by partner and day. */
  query: SelectQueryBuilder<Database, PartnerDataTable, { day: string; num: unknown; den: unknown }>;
  numScale: number;
  /** 1 when the metric has no denominator (`den` is then 0). */
  denScale: number;
}

/** A flow metric's rows of `period`, their parts ready to be summed by day: what its daily series is made of. */
export function dailyQuery(src: ScopedSource, d: MetricDeclaration, rows: FlowRows, period: Period, filters: MetricFilters): DailyQuery {
  const read = flowRead(d, rows, filters);
  const { num, den } = numDenOf(d.aggregate);
  const day = sql.ref(read.date);
  const query = src
    .from(read.table)
    .select([sql<string>`${day}::text`.as('day'), rawAggregate(num).as('num'), (den ? rawAggregate(den) : sql`0`).as('den')])
    .where(all([...inSpan(read.date, { from: period.from, to: period.to }), ...conditions(read.where), ...read.raw]));
  return { query: query as DailyQuery['query'], numScale: scaleOf(num), denScale: den ? scaleOf(den) : 1 };
}
