import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database, PartnerDataTable } from '../../db/schema.ts';
import { Forbidden } from '../errors.ts';
import { canSee, type Principal } from './principal.ts';

/**
 * The only way metric and record queries reach partner data. `from(table)` starts every query
 * already filtered to the partner ids that passed the scope check, so a query cannot forget it.
 */
export interface ScopedSource {
  readonly partnerIds: readonly number[];
  from<T extends PartnerDataTable>(table: T): SelectQueryBuilder<Database, T, object>;
}

/**
 * The security context, applied in one place: every requested partner id must be visible to the
 * principal, otherwise `Forbidden` (which replies word exactly like "not found").
 */
export function scopeFor(db: Db, principal: Principal, partnerIds: readonly number[]): ScopedSource {
  for (const id of partnerIds) if (!canSee(principal, id)) throw new Forbidden(id);
  return sourceFor(db, partnerIds);
}

/** Partner ids up to this many filter as an array; more as a set. */
const SHORT_LIST = 64;

function sourceFor(db: Db, partnerIds: readonly number[]): ScopedSource {
  const ids = [...new Set(partnerIds)];
  return {
    partnerIds: ids,
    from<T extends PartnerDataTable>(table: T) {
      const q = db.selectFrom(table as PartnerDataTable);
      const column = sql.ref(`${table}.partner_id`);
      // A long list as `= any(…)` is a filter on every row the planner reads (a cohort of 1,500
      // partners scanned all stored figures: 24 ms); as a set it is joined by hash (2 ms). A short
      // list stays an index condition with exact estimates.
      const filtered =
        ids.length <= SHORT_LIST ? q.where(column, '=', sql`any(${ids}::int[])`) : q.where(column, 'in', sql`(select unnest(${ids}::int[]))`);
      return filtered as unknown as SelectQueryBuilder<Database, T, object>;
    },
  };
}

/**
 * Anonymous cohort statistics (peer benchmarks) read partners outside the scope; the values never
 * leave `src/metrics/peers/` (benchmark and rank), which returns only aggregates over cohorts with at
 * least 5 partners the asker cannot see (`cohortCheck`: partners in scope would bracket the others).
 */
export function cohortSource(db: Db, partnerIds: readonly number[]): ScopedSource {
  return sourceFor(db, partnerIds);
}

/**
 * The partners table as the principal may see it. Partner rows are not partner data, but the same
 * visibility applies: names and tiers of partners outside the scope never leave the database.
 */
export function partnersInScope(db: Db, principal: Principal): SelectQueryBuilder<Database, 'partners', object> {
  const q = db.selectFrom('partners');
  if (principal.visible.kind === 'all') return q;
  return q.where('partners.id', '=', sql<number>`any(${[...principal.visible.ids]}::int[])`);
}
