import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { askFromButton, sorryForButton } from '../../action-turn.ts';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';

/** Suggestion, "Explain" and digest buttons: each carries a question, asked as the clicker. */
export function askFollowUp(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, respond, client }) => {
    await ack();
    await guard(deps, `action ${action.action_id}`, () => askFromButton(deps, { body, action, respond, client }), (text) => sorryForButton(body, respond, client, text));
  };
}
