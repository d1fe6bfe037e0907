import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Condition, Key, Part } from '../declaration.ts';
import type { MetricDeclaration } from '../declaration.ts';
import type { MetricFilters } from '../types.ts';

// Declarations turned into SQL fragments. Column names come from declarations only; values always
// travel as parameters.

export type Sql = RawBuilder<unknown>;

export function condition(c: Condition): Sql {
  const col = sql.ref(c.column);
  if ('in' in c) return c.in.length === 1 ? sql`${col} = ${c.in[0]}` : sql`${col} = any(${[...c.in]}::text[])`;
  if ('is' in c) return sql`${col} = ${c.is}`;
  return sql`${col} is not null`;
}

/** Every condition, joined with `and` (true when there are none): a where clause. */
export function all(conds: readonly Sql[]): RawBuilder<SqlBool> {
  return conds.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(conds, sql` and `)}`;
}

export const conditions = (list: readonly Condition[] | undefined): Sql[] => (list ?? []).map(condition);

/**
 * The question's filters on the columns the metric declares for them: a status filter is a
 * condition like any other (a rollup keeping the column can still answer); a product filter is
 * matched case-insensitively on raw rows only (no rollup keeps products).
 */
export function filterConditions(d: MetricDeclaration, filters: MetricFilters): { where: Condition[]; raw: Sql[] } {
  const where: Condition[] = [];
  const raw: Sql[] = [];
  // An unknown status counts nothing, not everything.
  if (filters.status !== undefined && d.filters?.status) where.push({ column: d.filters.status, in: filters.status.map((s) => s.toLowerCase()) });
  if (filters.product !== undefined && d.filters?.product) raw.push(sql`lower(${sql.ref(d.filters.product)}) = ${filters.product.toLowerCase()}`);
  return { where, raw };
}

/** A part aggregated over raw rows: count(*) or sum(column), filtered when it has conditions. */
export function rawAggregate(p: Part): Sql {
  const base = 'count' in p ? sql`count(*)` : sql`sum(${sql.ref(p.sum)})`;
  return p.where?.length ? sql`coalesce(${base} filter (where ${all(conditions(p.where))}), 0)` : sql`coalesce(${base}, 0)`;
}

/** What divides a part's sum into the metric's unit (cents into dollars). */
export const scaleOf = (p: Part | { sum: string; cents?: boolean } | { count: true }): number => ('sum' in p && p.cents ? 100 : 1);

/** A key as SQL: the column (lower-cased and trimmed when caseless), or the first of its columns that is present and not blank, lower-cased and trimmed. */
function keySql(k: Key): Sql {
  if ('column' in k) return k.caseless ? sql`lower(trim(${sql.ref(k.column)}))` : sql.ref(k.column);
  return sql`lower(trim(coalesce(${sql.join(k.firstOf.map((c) => sql`nullif(trim(${sql.ref(c)}), '')`))})))`;
}

/** One value per distinct thing (the keys joined with a separator no name holds). */
export const distinctKey = (keys: readonly Key[]): Sql => sql.join(keys.map(keySql), sql` || chr(31) || `);
