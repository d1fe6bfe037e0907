import type { PoolClient } from 'pg';
import { refJoins } from './checks.ts';
import { targetOf, type EntitySpec } from './entity-spec.ts';
import { ident, STAGE } from './stage.ts';

export interface MergeCounts {
  inserted: number;
  updated: number;
}

/**
 * One INSERT … SELECT … ON CONFLICT (external_id) DO UPDATE from the stage, references resolved by
 * join. Only the columns the file has are written: a column the file leaves out keeps its value on
 * update and takes the table default on insert. A row whose values are all equal is not touched
 * (IS DISTINCT FROM), which is what makes a second import of the same file a no-op.
 */
export async function mergeStage(client: PoolClient, spec: EntitySpec, present: readonly boolean[]): Promise<MergeCounts> {
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
  const upsert = `insert into ${table} as t (${targets.join(', ')})
    select ${exprs.join(', ')} from ${STAGE} s ${joins.join(' ')}
    on conflict (external_id) do update set ${updatable.map((t) => `${t} = excluded.${t}`).join(', ')}
    where (${updatable.map((t) => `t.${t}`).join(', ')}) is distinct from (${updatable.map((t) => `excluded.${t}`).join(', ')})
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
  for (const c of selfRefs) {
    const j = refJoins(c, 'p');
    const target = ident(targetOf(c));
    await client.query(
      `with u as (
         update ${table} t set ${target} = x.id
           from (select s.external_id, ${j.id} as id from ${STAGE} s ${j.joins}) x
          where t.external_id = x.external_id and t.${target} is distinct from x.id
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
