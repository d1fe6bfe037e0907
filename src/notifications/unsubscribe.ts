import { createHmac, timingSafeEqual } from 'node:crypto';
import { fail, ok, type Result } from '../errors.ts';
import type { NotificationKind } from './kinds.ts';

// Unsubscribe links in email: `<PULSE_PUBLIC_URL>/unsubscribe?token=…`, the token naming the
// person and what they stop, signed with PULSE_UNSUBSCRIBE_SECRET (HMAC-SHA256), so the link
// itself is the proof and no one can stop another person's mail by changing a number. It does
// not expire: a link in a mail from last year must still work.

/** What a link stops: the weekly digest (its subscription), or certification alerts and pushes by email. */
export type EmailTopic = 'digest' | 'alerts';

export const topicOf = (kind: NotificationKind): EmailTopic => (kind === 'digest' ? 'digest' : 'alerts');

export interface UnsubscribeTarget {
  userId: number;
  topic: EmailTopic;
}

const VERSION = 'v1';

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** "v1.42.digest.<signature>": URL-safe as it is. */
export function unsubscribeToken(secret: string, t: UnsubscribeTarget): string {
  const payload = `${VERSION}.${t.userId}.${t.topic}`;
  return `${payload}.${signature(secret, payload)}`;
}

export function readUnsubscribeToken(secret: string, token: string): Result<UnsubscribeTarget> {
  const m = /^(v1)\.(\d{1,10})\.(digest|alerts)\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  const bad = fail('bad_input', 'This unsubscribe link is not complete or not valid; open it again from the email, or say "stop my digest" to Partner Pulse in chat.');
  if (!m) return bad;
  const [, version, id, topic, sig] = m;
  const expected = Buffer.from(signature(secret, `${version}.${id}.${topic}`));
  const given = Buffer.from(sig ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return bad;
  return ok({ userId: Number(id), topic: topic as EmailTopic });
}

/** The link an email carries: `<publicUrl>/unsubscribe?token=…`. */
export function unsubscribeUrl(publicUrl: string, secret: string, t: UnsubscribeTarget): string {
  return `${publicUrl.replace(/\/+$/, '')}/unsubscribe?token=${unsubscribeToken(secret, t)}`;
}
