import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { askFromButton, sorryForButton } from '../../action-turn.ts';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';

/** A choice after a clarifying question: the answer takes the question's place when it can. */
export function clarifyChoice(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, respond, client }) => {
    await ack();
    await guard(deps, 'clarify choice', () => askFromButton(deps, { body, action, respond, client, replaceOriginal: true }), (text) => sorryForButton(body, respond, client, text));
  };
}
