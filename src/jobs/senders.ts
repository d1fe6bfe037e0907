import type { Logger } from 'pino';
import { consoleSender } from '../notifications/console-sender.ts';
import type { Sender } from '../notifications/platform-sender.ts';

/**
 * The chat platforms' senders when any is configured (people not linked there are recorded as
 * undeliverable, with the reason); otherwise the terminal outbox, which reaches everyone.
 */
export function chooseSenders(platformSenders: readonly (Sender | undefined)[], log: Logger): Sender[] {
  const configured = platformSenders.filter((s): s is Sender => s !== undefined);
  if (configured.length > 0) return configured;
  return [consoleSender((to, reply) => log.debug({ to: to.email }, `terminal outbox: ${reply.summary.slice(0, 120)}`))];
}
