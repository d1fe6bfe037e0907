import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { responseUrlOutlet } from '../../outlets.ts';
import { respondTo } from '../../response-url.ts';
import { askAndAnswer } from '../../run-turn.ts';
import { buildTurn } from '../../turn.ts';

/** `/pulse <question>`: acknowledged at once, answered through the command's response_url. */
export function pulseCommand(deps: SlackDeps): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ ack, command, respond, client }) => {
    await ack();
    await guard(deps, 'command /pulse', async () => {
      const question = command.text.trim();
      const turn = await buildTurn(client, deps, {
        asker: { teamId: command.team_id, userId: command.user_id },
        // A bare `/pulse` asks for help: the list of questions this person can ask.
        text: question || 'help',
        channelId: command.channel_id,
        dm: command.channel_name === 'directmessage',
        sharedExternally: (command as { is_ext_shared_channel?: string | boolean }).is_ext_shared_channel === 'true' || undefined,
      });
      await askAndAnswer(deps, client, { turn, outlet: responseUrlOutlet(respondTo(command.response_url), {}, command.response_url), title: question || undefined });
    }, (text) => respond({ response_type: 'ephemeral', text }));
  };
}
