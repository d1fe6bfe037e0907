import type { Platform } from '../../db/schema.ts';
import type { Reply } from '../reply/types.ts';
import type { NotificationKind } from './kinds.ts';

/** Where a notification goes: a chat platform, the terminal outbox, or email (SMTP). */
export type DeliveryChannel = Platform | 'email';

/**
 * The port every chat platform implements to receive pushed messages (digests, alerts). Adapters
 * implement it with their own client; src/ never sees a platform SDK type.
 *
 * Exactly-once rests on the idempotency key: every send carries one (stable per notification,
 * see `idempotencyKey`), and `lookup` answers whether a message with that key already reached
 * the recipient. The outbox worker asks before any send that follows an attempt whose outcome is unknown
 * (a timeout, a 5xx, a process killed while the row was 'sending'), so a message the platform
 * accepted is recorded as sent instead of being sent again.
 *
 * How each platform answers `lookup`:
 * - the fake platform of the tests and the terminal outbox: by the key itself;
 * - Slack: the key travels as message metadata (`metadata: { event_type: 'pulse_notification',
 *   event_payload: { key } }` on chat.postMessage); lookup reads the DM's recent history
 *   (conversations.history with include_all_metadata, oldest = `since`) for that key;
 * - Teams: the Bot Framework gives no search, so the adapter records the activity id it got back
 *   for a key (or sends with the key as the activity's client id) and answers from that record;
 *   when it cannot tell it returns `{ ok: true, found: 'unknown' }`;
 * - email: SMTP cannot be asked, so there is no lookup; every copy carries the same Message-ID
 *   (derived from the key), and a server or mailbox that drops a Message-ID it already holds
 *   (Gmail, Exchange Online, the test server) keeps one copy (see docs/email.md).
 * `'unknown'` is treated as "not delivered" (the message is sent again): for such a platform the
 * guarantee is at-least-once, never a silent loss.
 */
export interface Sender {
  readonly platform: DeliveryChannel;
  /**
   * True when it can reach a user with no stored chat identity (the terminal outbox and email,
   * which address people by email). Otherwise a recipient needs a link on this platform.
   */
  readonly reachesUnlinked: boolean;
  send(recipient: Recipient, reply: Reply, opts: SendOptions): Promise<SendOutcome>;
  /** Absent when the platform cannot tell (treated as 'unknown': at-least-once for that platform). */
  lookup?(recipient: Recipient, idempotencyKey: string, since: Date): Promise<LookupOutcome>;
  /** Lets go of open connections (the SMTP pool) when the jobs stop. */
  close?(): Promise<void>;
}

export interface SendOptions {
  idempotencyKey: string;
  /** What the message is (a digest, a certification alert, a push): email words its subject and unsubscribe link by it. */
  kind: NotificationKind;
  /** Aborted when the outbox worker gives up waiting; a sender should stop its request then. */
  signal: AbortSignal;
}

/** Who receives it, with their address on the sender's platform (none for the terminal). */
export interface Recipient {
  userId: number;
  email: string;
  name: string;
  timeZone: string;
  address?: PlatformAddress;
}

export interface PlatformAddress {
  platform: Platform;
  /** Slack team id, Teams tenant id. */
  workspaceId: string;
  platformUserId: string;
}

export type SendOutcome = { ok: true; messageId: string } | { ok: false; error: DeliveryError };

export type LookupOutcome =
  | { ok: true; found: { messageId: string } | null | 'unknown' }
  | { ok: false; error: DeliveryError };

/**
 * What went wrong, as the sender needs to know it:
 * - rate_limited: refused for now (429); nothing arrived; try again after `retryAfterMs`;
 * - unavailable: a 5xx, a network error or a timeout; it may or may not have arrived;
 * - deferred: refused for now (an SMTP 4xx); nothing arrived; try again later, and count the try;
 * - rejected: the platform refused this message and will refuse it again (a 4xx; an SMTP 5xx);
 * - unreachable: this person cannot be reached there (never opened the app, account gone).
 */
export type DeliveryError =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'deferred'; message: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'unreachable'; message: string };

/** The key a notification carries to the platform: unique per row, and per database. */
export function idempotencyKey(notificationId: number, dedupeKey: string, createdAt: Date): string {
  return `pulse-${notificationId}-${createdAt.getTime().toString(36)}-${shortHash(dedupeKey)}`;
}

/** FNV-1a, 32 bits: a compact fingerprint, not a security measure. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
