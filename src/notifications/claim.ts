import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { NotificationKind } from './kinds.ts';

export interface ClaimedNotification {
  id: number;
  dedupeKey: string;
  kind: NotificationKind;
  recipientUserId: number;
  payload: unknown;
  /** Including this attempt; the fence for every update that follows. */
  attempts: number;
  /** An earlier attempt may have reached the platform: ask it before sending. */
  uncertain: boolean;
  createdAt: Date;
}

/**
 * Claims due rows for this sender: `for update skip locked` so concurrent senders never take the
 * same row, then 'sending' with a lease (next_attempt_at = now + lease) committed before anything
 * is sent. A row still 'sending' when its lease runs out belongs to a sender that died or hung
 * mid-send: it is claimed again, marked uncertain, and reconciled with the platform first.
 */
export async function claimDue(db: Db, batchSize: number, leaseMs: number): Promise<ClaimedNotification[]> {
  const rows = await sql<{
    id: number;
    dedupe_key: string;
    kind: NotificationKind;
    recipient_user_id: number;
    payload: unknown;
    attempts: number;
    uncertain: boolean;
    created_at: Date;
  }>`
    with due as (
      select id, status as prev_status from notifications
      where status in ('pending', 'sending') and next_attempt_at <= now()
      order by next_attempt_at, id
      limit ${batchSize}
      for update skip locked
    )
    update notifications n
    set status = 'sending',
        attempts = n.attempts + 1,
        uncertain = n.uncertain or due.prev_status = 'sending',
        next_attempt_at = now() + ${leaseMs} * interval '1 millisecond',
        updated_at = now()
    from due
    where n.id = due.id
    returning n.id, n.dedupe_key, n.kind, n.recipient_user_id, n.payload, n.attempts, n.uncertain, n.created_at`.execute(db);
  return rows.rows
    .map((r) => ({
      id: r.id,
      dedupeKey: r.dedupe_key,
      kind: r.kind,
      recipientUserId: r.recipient_user_id,
      payload: r.payload,
      attempts: r.attempts,
      uncertain: r.uncertain,
      createdAt: new Date(r.created_at),
    }))
    .sort((a, b) => a.id - b.id);
}
