import type pg from 'pg';

// Loading millions of rows is several times faster into a bare table: no index to maintain per
// row and no foreign-key trigger per row. The definitions are read from the catalog (so they stay
// whatever the migrations made them), dropped, and put back once the rows are in. All of it runs
// inside the caller's transaction, so a failed load leaves the indexes exactly as they were.

export interface SavedDdl {
  /** Statements that put everything back, in a safe order. */
  restore: string[];
}

interface ConstraintRow {
  name: string;
  tbl: string;
  contype: 'p' | 'u' | 'f';
  def: string;
}

export async function dropForBulkLoad(client: pg.PoolClient, tables: readonly string[]): Promise<SavedDdl> {
  const constraints = await client.query<ConstraintRow>(
    `select c.conname as name, c.conrelid::regclass::text as tbl, c.contype, pg_get_constraintdef(c.oid) as def
       from pg_constraint c
      where c.contype in ('p', 'u', 'f')
        and (c.conrelid = any($1::regclass[]) or (c.contype = 'f' and c.confrelid = any($1::regclass[])))
      order by c.conname`,
    [tables],
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
      order by 1`,
    [tables],
  );
  const keys = constraints.rows.filter((c) => c.contype !== 'f');
  const foreign = constraints.rows.filter((c) => c.contype === 'f');
  const ident = (s: string) => client.escapeIdentifier(s);
  for (const c of foreign) await client.query(`alter table ${c.tbl} drop constraint ${ident(c.name)}`);
  for (const i of indexes.rows) await client.query(`drop index ${i.name}`);
  for (const c of keys) await client.query(`alter table ${c.tbl} drop constraint ${ident(c.name)}`);
  return {
    restore: [
      ...keys.map((c) => `alter table ${c.tbl} add constraint ${ident(c.name)} ${c.def}`),
      ...indexes.rows.map((i) => i.def),
      ...foreign.map((c) => `alter table ${c.tbl} add constraint ${ident(c.name)} ${c.def}`),
    ],
  };
}

export async function restoreAfterBulkLoad(client: pg.PoolClient, saved: SavedDdl, onStep?: (sql: string) => void): Promise<void> {
  for (const statement of saved.restore) {
    onStep?.(statement);
    await client.query(statement);
  }
}
