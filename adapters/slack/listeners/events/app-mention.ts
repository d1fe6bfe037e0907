import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { conversationOutlet } from '../../outlets.ts';
import { askAndAnswer } from '../../run-turn.ts';
import { firstDelivery } from '../../seen-messages.ts';
import { buildTurn } from '../../turn.ts';

/** The question without the mention of the bot itself. */
export function stripMention(text: string, botUserId: string | undefined): string {
  const bot = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(bot, ' ').replace(/\s+/g, ' ').trim();
}

/** `@Partner Pulse <question>` in a channel: answered in the thread, privately when it carries data. */
export function appMention(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'app_mention'>> {
  return async ({ event, body, client, context }) => {
    await guard(deps, 'app_mention', async () => {
      // A mention inside the app's DM also arrives as a DM message; that listener answers it.
      if (!event.user || event.channel.startsWith('D') || event.bot_id) return;
      if (!(await firstDelivery(deps, event.channel, event.ts))) return;
      const question = stripMention(event.text, context.botUserId);
      const threadTs = event.thread_ts ?? event.ts;
      const turn = await buildTurn(client, deps, {
        asker: { teamId: body.team_id, userId: event.user, userTeamId: event.user_team },
        text: question || 'help',
        channelId: event.channel,
        threadTs,
        sharedExternally: body.is_ext_shared_channel === true || undefined,
      });
      const outlet = conversationOutlet(client, { channel: event.channel, userId: event.user, threadTs });
      await askAndAnswer(deps, client, { turn, outlet, title: question || undefined });
    }, (text) => client.chat.postEphemeral({ channel: event.channel, user: event.user ?? '', text, thread_ts: event.thread_ts ?? event.ts }));
  };
}
