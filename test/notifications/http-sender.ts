import type { Platform } from '../../db/schema.ts';
import type { DeliveryError, Sender } from '../../src/notifications/platform-sender.ts';

// The test platform's client: a `Sender` as an adapter would write one, over real HTTP to the
// loopback fake. Status codes map to the outbox's error kinds the way Slack's and Teams' do.

function errorFor(status: number, retryAfter: string | null, text: string): DeliveryError {
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: Number(retryAfter ?? '1') * 1000, message: 'rate limited (429)' };
  if (status >= 500) return { kind: 'unavailable', message: `platform error ${status}` };
  if (status === 404) return { kind: 'unreachable', message: `user not found on the platform (${text})` };
  return { kind: 'rejected', message: `refused (${status} ${text})` };
}

export function httpSender(baseUrl: string, platform: Platform = 'slack', reachesUnlinked = true): Sender {
  return {
    platform,
    reachesUnlinked,
    async send(recipient, reply, opts) {
      const res = await fetch(`${baseUrl}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': opts.idempotencyKey },
        body: JSON.stringify({ to: recipient.email, summary: reply.summary }),
        signal: opts.signal,
      });
      const text = await res.text();
      if (!res.ok) return { ok: false, error: errorFor(res.status, res.headers.get('retry-after'), text) };
      return { ok: true, messageId: (JSON.parse(text) as { id: string }).id };
    },
    async lookup(_recipient, key) {
      const res = await fetch(`${baseUrl}/messages?key=${encodeURIComponent(key)}`);
      if (!res.ok) return { ok: false, error: errorFor(res.status, res.headers.get('retry-after'), await res.text()) };
      const body = (await res.json()) as { found: { id: string } | null };
      return { ok: true, found: body.found ? { messageId: body.found.id } : null };
    },
  };
}
