import type { Reply } from '../reply/types.ts';
import type { Recipient, Sender } from './platform-sender.ts';

/**
 * The terminal outbox: on the embedded default with no chat platform configured, a notification
 * is "delivered" by being recorded as sent to 'console' (and shown by `pulse notifications`).
 * It reaches everyone, linked or not, and has no side effect to repeat, so a retry is harmless.
 */
export function consoleSender(onDeliver?: (recipient: Recipient, reply: Reply) => void): Sender {
  return {
    platform: 'console',
    reachesUnlinked: true,
    async send(recipient, reply, opts) {
      onDeliver?.(recipient, reply);
      return { ok: true, messageId: `console:${opts.idempotencyKey}` };
    },
    async lookup() {
      return { ok: true, found: null };
    },
  };
}
