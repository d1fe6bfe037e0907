import type { LookupOutcome, Sender, SendOutcome } from '../notifications/platform-sender.ts';
import type { PulseMetrics } from './metrics.ts';

/**
 * The sender, with each delivery counted by channel: a send accepted, or a lookup that finds an
 * earlier attempt did arrive, is a delivery; a send or lookup that fails counts by its kind
 * (a send that throws as unavailable, as the outbox treats it).
 */
export function countedSender(sender: Sender, metrics: PulseMetrics): Sender {
  const channel = sender.platform;
  const send: Sender['send'] = async (recipient, reply, opts) => {
    let out: SendOutcome;
    try {
      out = await sender.send(recipient, reply, opts);
    } catch (e) {
      metrics.deliveryFailed(channel, 'unavailable');
      throw e;
    }
    if (out.ok) metrics.delivered(channel);
    else metrics.deliveryFailed(channel, out.error.kind);
    return out;
  };
  const lookup = sender.lookup?.bind(sender);
  const close = sender.close?.bind(sender);
  return {
    platform: sender.platform,
    reachesUnlinked: sender.reachesUnlinked,
    send,
    ...(lookup
      ? {
          lookup: async (recipient, key, since): Promise<LookupOutcome> => {
            const out = await lookup(recipient, key, since);
            if (!out.ok) metrics.deliveryFailed(channel, out.error.kind);
            else if (out.found !== null && out.found !== 'unknown') metrics.delivered(channel);
            return out;
          },
        }
      : {}),
    ...(close ? { close } : {}),
  };
}
