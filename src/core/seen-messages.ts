import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

// A chat message is answered once, whichever instance it reaches and however often it arrives:
// the first to record its key in seen_messages answers it, every other delivery finds the key
// there. Slack redelivers for about half an hour; a day covers that with room to spare.

export const SEEN_MESSAGE_KEEP_HOURS = 24;

/**
 * Records `key` ("slack:<channel>:<ts>") as taken up; false when it already was (a redelivery).
 * Keys past their day are deleted on the way, so the table holds about a day of messages.
 */
export async function firstSeenMessage(db: Db, key: string): Promise<boolean> {
  const r = await sql`
    with pruned as (delete from seen_messages where expires_at < now())
    insert into seen_messages (key, expires_at) values (${key}, now() + make_interval(hours => ${SEEN_MESSAGE_KEEP_HOURS}))
    on conflict (key) do nothing`.execute(db);
  return r.numAffectedRows === 1n;
}
