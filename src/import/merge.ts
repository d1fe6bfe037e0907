import type { PoolClient } from 'pg';
import { refJoins } from './checks.ts';
import { targetOf, type ColumnSpec, type EntitySpec } from './entity-spec.ts';
import { ident, STAGE } from './stage.ts';

export interface MergeCounts {
  inserted: number;
  updated: number;
  /** Rows older (their updated_at) than the stored row: skipped, not applied. */
  stale: number;
}

/**
 * One INSERT … SELECT … ON CONFLICT (external_id) DO UPDATE from the stage, references resolved by
 * join. Only the columns the file has are written: a column the file leaves out keeps its value on
 * update and takes the table default on insert. A row whose values are all equal is not touched
 * (IS DISTINCT FROM), which is what makes a second import of the same file a no-op.
 *
 * With `updated_at` in the file, a row older than the stored one is left alone and counted as
 * stale; the stored time only ever moves forward (an empty updated_at keeps it).
 */
export async function mergeStage(client: PoolClient, spec: EntitySpec, present: readonly boolean[]): Promise<MergeCounts> {
  const version = spec.columns.find((c, i) => present[i] && c.version);
  const stale = version ? await countStale(client, spec, version) : 0;
  const counts = await upsert(client, spec, present, version);
  return { ...counts, stale };
}

/** Rows of the stage older than the stored row with their external_id. */
async function countStale(client: PoolClient, spec: EntitySpec, version: ColumnSpec): Promise<number> {
  const { rows } = await client.query<{ stale: number }>(
    `select count(*)::int as stale from ${STAGE} s join ${ident(spec.table)} t on t.external_id = s.external_id
      where s.${ident(version.name)} < t.${ident(targetOf(version))}`,
  );
  return rows[0]?.stale ?? 0;
}

async function upsert(client: PoolClient, spec: EntitySpec, present: readonly boolean[], version: ColumnSpec | undefined): Promise<Omit<MergeCounts, 'stale'>> {
  const cols = spec.columns.filter((c, i) => present[i] && !c.self);
  const selfRefs = spec.columns.filter((c, i) => present[i] && c.self);
  const joins: string[] = [];
  const exprs = cols.map((c, i) => {
    const src = `s.${ident(c.name)}`;
    if (c.ref) {
      const j = refJoins(c, `r${i}`);
      joins.push(j.joins);
      return j.id;
    }
    return c.emptyDefault ? `coalesce(${src}, ${c.emptyDefault})` : src;
  });
  const targets = cols.map((c) => ident(targetOf(c)));
  const updatable = targets.filter((t) => t !== '"external_id"');
  const table = ident(spec.table);
  const v = version ? ident(targetOf(version)) : undefined;
  // The stored time moves forward only; a row without one (null) is applied and keeps it.
  const next = (t: string) => (t === v ? `greatest(t.${t}, excluded.${t})` : `excluded.${t}`);
  const notOlder = v ? ` and (excluded.${v} is null or t.${v} is null or excluded.${v} >= t.${v})` : '';
  const upsert = `insert into ${table} as t (${targets.join(', ')})
    select ${exprs.join(', ')} from ${STAGE} s ${joins.join(' ')}
    on conflict (external_id) do update set ${updatable.map((t) => `${t} = ${next(t)}`).join(', ')}
    where (${updatable.map((t) => `t.${t}`).join(', ')}) is distinct from (${updatable.map(next).join(', ')})${notOlder}
    returning t.external_id, (t.xmax = 0) as inserted`;

  if (selfRefs.length === 0) {
    const { rows } = await client.query<MergeCounts>(
      `with m as (${upsert})
       select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from m`,
    );
    return rows[0] ?? { inserted: 0, updated: 0 };
  }

  // A reference into the same table (a distributor in the same file) can only resolve once every
  // row of the file exists: upsert first, then set those references; a row counts once either way.
  await client.query('create temp table import_changed (external_id text, inserted boolean) on commit drop');
  await client.query(`with m as (${upsert}) insert into import_changed select external_id, inserted from m`);
  // A stale row's reference is as old as the row: it is skipped too.
  const stagedVersion = version ? `s.${ident(version.name)}` : 'null::timestamptz';
  const fresh = v ? ` and (x.version is null or t.${v} is null or x.version >= t.${v})` : '';
  for (const c of selfRefs) {
    const j = refJoins(c, 'p');
    const target = ident(targetOf(c));
    await client.query(
      `with u as (
         update ${table} t set ${target} = x.id
           from (select s.external_id, ${j.id} as id, ${stagedVersion} as version from ${STAGE} s ${j.joins}) x
          where t.external_id = x.external_id and t.${target} is distinct from x.id${fresh}
          returning t.external_id)
       insert into import_changed select external_id, false from u`,
    );
  }
  const { rows } = await client.query<MergeCounts>(
    `select count(*) filter (where ins)::int as inserted, count(*) filter (where not ins)::int as updated
       from (select bool_or(inserted) as ins from import_changed group by external_id) g`,
  );
  return rows[0] ?? { inserted: 0, updated: 0 };
}
