import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ClaimedNotification } from './claim.ts';

// Every update is fenced on (status 'sending', attempts as claimed): a sender whose lease ran out
// and whose row another sender has since claimed cannot overwrite the newer outcome.

const fenced = (db: Db, n: ClaimedNotification) =>
  db.updateTable('notifications').where('id', '=', n.id).where('status', '=', 'sending').where('attempts', '=', n.attempts);

// Times come from the database clock, so senders on several machines agree. (`Generated<Timestamp>`
// in db/schema.ts leaves these columns without a usable update type, hence the casts.)
const after = (ms: number) => sql`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'` as never;
const dbNow = () => sql`now()` as never;

export async function markSent(db: Db, n: ClaimedNotification, platform: string, messageId: string): Promise<void> {
  await fenced(db, n)
    .set({ status: 'sent', platform, platform_message_id: messageId, sent_at: dbNow(), last_error: null, updated_at: dbNow() })
    .execute();
}

/**
 * Back to 'pending' for another try after `delayMs`. `countAttempt` false for a refusal that says
 * nothing about the message (429, a platform paused in this process): it does not use up one of
 * the row's attempts.
 */
export async function markRetry(
  db: Db,
  n: ClaimedNotification,
  opts: { delayMs: number; error: string; uncertain: boolean; countAttempt: boolean; platform?: string },
): Promise<void> {
  await fenced(db, n)
    .set({
      status: 'pending',
      next_attempt_at: after(opts.delayMs),
      last_error: opts.error.slice(0, 1000),
      uncertain: opts.uncertain,
      attempts: opts.countAttempt ? n.attempts : n.attempts - 1,
      ...(opts.platform ? { platform: opts.platform } : {}),
      updated_at: dbNow(),
    })
    .execute();
}

/** Given up: visible in `pulse notifications --failed`, sent again only by `--retry ID`. */
export async function markFailed(db: Db, n: ClaimedNotification, error: string, uncertain: boolean, platform?: string): Promise<void> {
  await fenced(db, n)
    .set({ status: 'failed', last_error: error.slice(0, 1000), uncertain, ...(platform ? { platform } : {}), updated_at: dbNow() })
    .execute();
}

/** Nobody to deliver to (no linked platform): recorded with the reason, never retried by itself. */
export async function markUndeliverable(db: Db, n: ClaimedNotification, reason: string, platform?: string): Promise<void> {
  await fenced(db, n)
    .set({ status: 'undeliverable', last_error: reason.slice(0, 1000), ...(platform ? { platform } : {}), updated_at: dbNow() })
    .execute();
}

/**
 * Claimed but never tried (this process is shutting down): back to 'pending', due now, the attempt
 * not counted and the uncertainty as claimed, so another sender takes them at once instead of
 * waiting for the lease to run out.
 */
export async function releaseClaims(db: Db, claimed: readonly ClaimedNotification[]): Promise<number> {
  if (claimed.length === 0) return 0;
  const r = await db
    .updateTable('notifications')
    .where('status', '=', 'sending')
    // The same fence as `fenced`, for the whole batch in one statement.
    .where((eb) => eb.or(claimed.map((n) => eb.and([eb('id', '=', n.id), eb('attempts', '=', n.attempts)]))))
    .set({ status: 'pending', next_attempt_at: dbNow(), attempts: sql`attempts - 1` as never, updated_at: dbNow() })
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
