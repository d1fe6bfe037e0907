import type { CertExpiryAlert } from '../alerts/alert-reply.ts';
import type { Reply } from '../reply/types.ts';

export type NotificationKind = 'digest' | 'cert_expiry' | 'push';

/**
 * What a notification row carries: a finished reply (digests and pushes, built when they are
 * enqueued), or the facts of a certification alert, which the set-based sweep writes in SQL and
 * the sender words when it delivers.
 */
export type NotificationPayload = { reply: Reply } | { certExpiry: CertExpiryAlert };

/**
 * The outbox's unique key: what it is about (subject), for which period or threshold, and for
 * whom. The same event seen twice (two processes, a retried job, a second sweep) lands on the
 * same key, so it is stored, and sent, once.
 */
export function dedupeKey(kind: NotificationKind, subject: string, period: string, recipientUserId: number): string {
  return `${kind}:${subject}:${period}:user-${recipientUserId}`;
}
