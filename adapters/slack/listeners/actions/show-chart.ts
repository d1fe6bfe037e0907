import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { askFromButton, sorryForButton } from '../../action-turn.ts';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';

/** "Show chart": the answer's charts as images, for clients that do not draw native charts or to share one. */
export function showChart(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, respond, client }) => {
    await ack();
    await guard(deps, 'show chart', () => askFromButton(deps, { body, action, respond, client, chartsOnly: true }), (text) => sorryForButton(body, respond, client, text));
  };
}
