import type { PoolClient } from 'pg';
import type { ColumnSpec, EntitySpec } from './entity-spec.ts';
import type { ImportProblem } from './problems.ts';
import { ident, STAGE } from './stage.ts';

// The checks that look across rows or at the database, run as SQL over the staged rows, so they
// need no memory in Node whatever the file's size: duplicates within the file, references that
// resolve to nothing, and names or emails that another row already owns.

interface Key {
  column: ColumnSpec;
  /** Compared case-insensitively (names, emails) or exactly (external ids). */
  lower: boolean;
}

/** How a reference resolves: by external id first, then by name (partners) or email (users). */
export function refJoins(c: ColumnSpec, alias: string, from = 's'): { joins: string; id: string; row: (col: string) => string } {
  const table = c.ref === 'user' ? 'users' : 'partners';
  const byName = c.ref === 'user' ? 'email' : 'name';
  const ref = `${from}.${ident(c.name)}`;
  return {
    joins:
      `left join ${table} ${alias}e on ${alias}e.external_id = ${ref} ` +
      `left join ${table} ${alias}n on lower(${alias}n.${byName}) = lower(${ref})`,
    id: `coalesce(${alias}e.id, ${alias}n.id)`,
    row: (col: string) => `coalesce(${alias}e.${col}, ${alias}n.${col})`,
  };
}

async function duplicates(client: PoolClient, spec: EntitySpec, key: Key, limit: number): Promise<ImportProblem[]> {
  const col = ident(key.column.name);
  const k = key.lower ? `lower(${col})` : col;
  const { rows } = await client.query<{ lines: number[]; vals: string[] }>(
    `select array_agg(line order by line) as lines, array_agg(${col} order by line) as vals
       from ${STAGE} where ${col} is not null group by ${k} having count(*) > 1
       order by min(line) limit $1`,
    [limit],
  );
  const what = key.column.name === 'external_id' ? 'external_id' : `${key.column.name} (names are compared without case)`;
  return rows.flatMap((r) =>
    r.lines.slice(1).map((line, i) => ({
      line,
      column: key.column.name,
      value: r.vals[i + 1] ?? '',
      message: `duplicate: the same ${what} as line ${r.lines[0]}`,
    })),
  );
}

async function unresolved(client: PoolClient, spec: EntitySpec, c: ColumnSpec, limit: number): Promise<ImportProblem[]> {
  const j = refJoins(c, 'r');
  const col = `s.${ident(c.name)}`;
  const what = c.ref === 'user' ? 'user with that email or external_id' : 'partner with that external_id or name';
  const inFile = c.self
    ? ` and not exists (select 1 from ${STAGE} o where o.external_id = ${col} or lower(o.name) = lower(${col}))`
    : '';
  const role = c.roles ? j.row('role') : 'null::text';
  const roleCheck = c.roles ? ` or ${role} not in (${c.roles.map((r) => `'${r}'`).join(', ')})` : '';
  const { rows } = await client.query<{ line: number; ref: string; role: string | null }>(
    `select s.line, ${col} as ref, ${role} as role from ${STAGE} s ${j.joins}
      where ${col} is not null and ((${j.id} is null${inFile})${roleCheck})
      order by s.line limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    line: r.line,
    column: c.name,
    value: r.ref,
    message:
      r.role === null
        ? `no ${what}${c.self ? ' (in the database or this file)' : ''}`
        : `that user is a ${r.role}; ${c.name} must be a ${c.roles?.join(' or ')}`,
  }));
}

async function takenElsewhere(client: PoolClient, spec: EntitySpec, c: ColumnSpec, limit: number): Promise<ImportProblem[]> {
  const col = ident(c.name);
  const { rows } = await client.query<{ line: number; value: string; id: number; external_id: string | null }>(
    `select s.line, s.${col} as value, t.id, t.external_id from ${STAGE} s
       join ${ident(spec.table)} t on lower(t.${col}) = lower(s.${col})
      where s.external_id is not null and t.external_id is distinct from s.external_id
      order by s.line limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    line: r.line,
    column: c.name,
    value: r.value,
    message:
      r.external_id === null
        ? `already used by ${spec.name} row ${r.id}, which has no external_id`
        : `already used by the ${spec.name} row with external_id ${r.external_id}`,
  }));
}

/** Every cross-row and database problem, up to `limit` of each kind. */
export async function crossRowProblems(
  client: PoolClient,
  spec: EntitySpec,
  present: readonly boolean[],
  limit: number,
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const cols = spec.columns.filter((_, i) => present[i]);
  for (const c of cols) {
    if (c.name === 'external_id' || c.uniqueLower) {
      problems.push(...(await duplicates(client, spec, { column: c, lower: c.uniqueLower === true }, limit)));
    }
    if (c.uniqueLower) problems.push(...(await takenElsewhere(client, spec, c, limit)));
    if (c.ref) problems.push(...(await unresolved(client, spec, c, limit)));
  }
  return problems;
}
