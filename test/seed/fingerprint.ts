import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

const TABLES = ['users', 'partners', 'deal_registrations', 'revenue', 'leads', 'certifications', 'mdf', 'incentives', 'renewals'] as const;
// Set by the database at insert time, so they differ between two otherwise identical loads.
const VOLATILE = new Set(['created_at']);

export type Fingerprint = Record<string, { rows: number; sum: number; md5: string }>;

/**
 * Per table: row count, the sum of its amounts (or ids) and an md5 over every row in id order,
 * so two loads compare equal only when they hold the same rows.
 */
export async function fingerprint(db: Db): Promise<Fingerprint> {
  const out: Fingerprint = {};
  for (const t of TABLES) {
    const cols = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
       where table_schema = current_schema() and table_name = ${t} order by ordinal_position`.execute(db);
    const kept = cols.rows.map((c) => c.column_name).filter((c) => !VOLATILE.has(c));
    const amount = kept.includes('amount_cents') ? 'amount_cents' : kept.includes('allocated_cents') ? 'allocated_cents' : 'id';
    const r = await sql<{ rows: number; sum: number; md5: string }>`
      select count(*)::int as rows, coalesce(sum(${sql.ref(amount)}), 0)::float8 as sum,
             md5(coalesce(string_agg(row(${sql.join(kept.map((c) => sql.ref(c)))})::text, '|' order by id), '')) as md5
        from ${sql.table(t)}`.execute(db);
    const row = r.rows[0];
    if (row) out[t] = row;
  }
  return out;
}
