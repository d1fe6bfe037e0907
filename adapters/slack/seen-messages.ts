import { firstSeenMessage } from '../../src/core/seen-messages.ts';
import type { SlackDeps } from './context.ts';

/**
 * True the first time a message (channel and `ts`) is about to be answered, by any instance. Slack
 * can deliver one message under more than one event id, and a retry can reach another instance,
 * where `dropRetries`' memory of event ids does not help: the message itself is the key, in Postgres.
 */
export async function firstDelivery(deps: SlackDeps, channel: string, ts: string): Promise<boolean> {
  const first = await firstSeenMessage(deps.core.db, `slack:${channel}:${ts}`);
  if (!first) deps.log.info({ channel, ts }, 'Slack message delivered again (same channel and ts): already answered, dropped');
  return first;
}
