import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/**
 * How far a streaming replica's data is behind its primary, in milliseconds. One cheap query, run
 * on a timer rather than per question. A standby that has replayed everything it received is 0
 * however long ago the primary last wrote (an idle primary is not lag); one that is behind is as
 * old as the last transaction it replayed. A server that is not a standby has no lag.
 */
export async function readReplicaLag(db: Db): Promise<number> {
  const { rows } = await sql<{ lag_ms: number | null }>`
    select case
      when not pg_is_in_recovery() then 0
      when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
      else extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000
    end::float8 as lag_ms`.execute(db);
  return Math.max(0, rows[0]?.lag_ms ?? 0);
}
