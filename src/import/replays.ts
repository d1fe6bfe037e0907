import type pg from 'pg';
import { MAX_SKEW_SECONDS } from './signature.ts';

// A signed webhook request is good once. Its MAC (over timestamp and body) goes into
// ingest_replays in Postgres, so every instance behind a load balancer agrees; the same request
// again, at any of them, finds it there. A row is kept twice the timestamp window past the signed
// time, beyond which the timestamp check alone refuses the request (with clocks in step).

export const REPLAY_KEEP_SECONDS = 2 * MAX_SKEW_SECONDS;

/**
 * Records `mac` as used; false when it already was (a replay). Rows expired by `nowSeconds` (the
 * same wall clock the timestamp was checked with) are deleted on the way, so the table holds
 * about ten minutes of requests.
 */
export async function claimSignature(pool: pg.Pool, mac: Buffer, timestamp: number, nowSeconds: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `with pruned as (delete from ingest_replays where expires_at < to_timestamp($3::bigint))
     insert into ingest_replays (signature, expires_at) values ($1, to_timestamp($2::bigint + $4::int))
     on conflict (signature) do nothing`,
    [mac.toString('hex'), timestamp, nowSeconds, REPLAY_KEEP_SECONDS],
  );
  return rowCount === 1;
}

/** Forgets `mac` after a request failed on our side (500), so the sender's retry is not a replay. */
export async function releaseSignature(pool: pg.Pool, mac: Buffer): Promise<void> {
  await pool.query('delete from ingest_replays where signature = $1', [mac.toString('hex')]);
}
