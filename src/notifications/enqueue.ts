import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dedupeKey, type NotificationKind, type NotificationPayload } from './kinds.ts';

export interface NewNotification {
  kind: NotificationKind;
  /** What it is about: "user-12" for a digest, "cert-40" for an alert, "partner-3" for a push. */
  subject: string;
  /** The slot, period or threshold: "2026-11-23", "30d", "2026-11-23:gold:30d". */
  period: string;
  recipientUserId: number;
  partnerId?: number | null;
  payload: NotificationPayload;
}

/**
 * Writes notifications in the caller's transaction, so they exist exactly when the change that
 * causes them commits (a rolled-back change leaves none). A key already present is skipped, not
 * an error: the same event enqueued twice is one notification. Returns how many rows are new.
 */
export async function enqueue(trx: Transaction<Database>, items: readonly NewNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  let created = 0;
  // Chunks keep the statement under Postgres' 65,535 parameters.
  for (let i = 0; i < items.length; i += 1000) {
    const rows = items.slice(i, i + 1000).map((n) => ({
      dedupe_key: dedupeKey(n.kind, n.subject, n.period, n.recipientUserId),
      kind: n.kind,
      recipient_user_id: n.recipientUserId,
      partner_id: n.partnerId ?? null,
      payload: JSON.stringify(n.payload),
    }));
    const inserted = await trx
      .insertInto('notifications')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    created += inserted.length;
  }
  return created;
}
