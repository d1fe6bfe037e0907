import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { VIEWS } from '../../render/action-ids.ts';
import { plain } from '../../render/block-types.ts';
import { slackCall } from '../../slack-errors.ts';
import { headlineQuestion } from '../../../../src/program/examples.ts';
import type { Program } from '../../../../src/program/schema.ts';

/** The modal of the App Home's "Ask a question" button; the answer arrives in the app's DM. */
export const askModal = (program: Program): types.ModalView => ({
  type: 'modal',
  callback_id: VIEWS.ask,
  title: plain('Ask Partner Pulse'),
  submit: plain('Ask'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: VIEWS.askBlock,
      label: plain('Your question'),
      element: {
        type: 'plain_text_input',
        action_id: VIEWS.askInput,
        max_length: 2000,
        placeholder: plain(headlineQuestion(program)),
      },
    },
  ],
});

export function openAskModal(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client }) => {
    await ack();
    await guard(deps, 'open ask modal', async () => {
      const res = await slackCall('views.open', () => client.views.open({ trigger_id: body.trigger_id, view: askModal(deps.core.program) }));
      if (!res.ok) deps.log.warn({ code: res.error.code }, res.error.message);
    });
  };
}
