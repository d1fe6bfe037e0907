import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { SlackDeps } from '../context.ts';

/**
 * Slack delivers an event again (X-Slack-Retry-Num 1, 2, 3) when it did not see our 200 in time.
 * The event id stays the same, so the first delivery is answered and every repeat is dropped.
 */
export function dropRetries(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !deps.seenEvents.firstSeen(eventId, true)) {
      deps.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'duplicate Slack event dropped');
      return;
    }
    await next();
  };
}
