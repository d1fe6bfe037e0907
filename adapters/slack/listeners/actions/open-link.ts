import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';

/** Link buttons: Slack opens the URL; the click still has to be acknowledged. */
export function openLink(): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack }) => {
    await ack();
  };
}
