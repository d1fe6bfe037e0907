import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { conversationOutlet } from '../../outlets.ts';
import { VIEWS } from '../../render/action-ids.ts';
import { askAndAnswer } from '../../run-turn.ts';
import { buildTurn } from '../../turn.ts';

/** The "Ask a question" modal was submitted: it closes at once, the answer comes in the app's DM. */
export function askSubmitted(deps: SlackDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async ({ ack, body, view, client }) => {
    const question = view.state.values[VIEWS.askBlock]?.[VIEWS.askInput]?.value?.trim() ?? '';
    if (!question) {
      await ack({ response_action: 'errors', errors: { [VIEWS.askBlock]: 'Type a question first.' } });
      return;
    }
    await ack();
    await guard(deps, 'ask modal', async () => {
      const userId = body.user.id;
      const turn = await buildTurn(client, deps, {
        asker: { teamId: body.team?.id ?? body.user.team_id ?? '', userId, userTeamId: body.user.team_id },
        text: question,
        dm: true,
      });
      await askAndAnswer(deps, client, { turn, outlet: conversationOutlet(client, { channel: userId, userId }), title: question });
    });
  };
}
