import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import { now } from '../../clock.ts';

/** What a turn reads about the data as a whole: its version (cache keys) and when it was last imported. */
export interface DataStamp {
  version: string;
  asOf: string;
}

/** The data_version and the as-of time in one statement: a turn needs both, each once. */
export async function dataStamp(db: Db): Promise<DataStamp> {
  const r = await sql<{ version: string; as_of: Date | string | null }>`
    select v.version::text as version, (select max(s.as_of) from data_sources s) as as_of from data_version v`.execute(db);
  const row = r.rows[0];
  return { version: row?.version ?? '0', asOf: row?.as_of ? new Date(row.as_of).toISOString() : now().toISOString() };
}
