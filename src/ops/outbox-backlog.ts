import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export interface OutboxBacklog {
  /** The channel of its last attempt; 'unrouted' before the first (the route is chosen at send time). */
  channel: string;
  pending: number;
  oldestAgeSeconds: number;
}

/** Notifications not yet delivered (pending, or claimed and being sent), per channel. */
export async function readOutboxBacklog(db: Db): Promise<OutboxBacklog[]> {
  const { rows } = await sql<{ channel: string; pending: number; age: number }>`
    select coalesce(platform, 'unrouted') as channel,
           count(*)::int as pending,
           greatest(0, extract(epoch from now() - min(created_at)))::float8 as age
    from notifications
    where status in ('pending', 'sending')
    group by 1`.execute(db);
  return rows.map((r) => ({ channel: r.channel, pending: Number(r.pending), oldestAgeSeconds: Number(r.age) }));
}
