import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { conversationOutlet } from '../../outlets.ts';
import { askAndAnswer } from '../../run-turn.ts';
import { firstDelivery } from '../../seen-messages.ts';
import { buildTurn } from '../../turn.ts';

export interface PlainMessage {
  channel: string;
  channel_type?: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
  user_team?: string;
}

/** A person's own new message: not an edit, a deletion, a join, or a bot (ourselves included). */
export function asPlainMessage(event: object): PlainMessage | undefined {
  const e = event as Partial<PlainMessage> & { subtype?: string; bot_id?: string };
  if (e.subtype !== undefined || e.bot_id !== undefined) return undefined;
  if (typeof e.user !== 'string' || typeof e.text !== 'string' || typeof e.channel !== 'string' || typeof e.ts !== 'string') return undefined;
  return e as PlainMessage;
}

/**
 * A message in the app's DM (the App Home "Messages" tab): answered in the DM. A reply in a DM
 * thread never gets here: Bolt's `Assistant` (listeners/assistant) takes every DM thread message
 * first, and both key the message the same way (`firstDelivery`), so it is answered once.
 */
export function directMessage(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ event, body, client }) => {
    await guard(deps, 'direct message', async () => {
      const m = asPlainMessage(event);
      if (!m || (m.channel_type !== 'im' && !m.channel.startsWith('D'))) return;
      if (!(await firstDelivery(deps, m.channel, m.ts))) return;
      const turn = await buildTurn(client, deps, {
        asker: { teamId: body.team_id, userId: m.user, userTeamId: m.user_team },
        text: m.text,
        channelId: m.channel,
        dm: true,
        // A DM is one conversation: follow-ups ("and last quarter?") carry over between top-level
        // messages; a thread inside the DM is its own conversation.
        threadTs: m.thread_ts ?? m.channel,
      });
      const outlet = conversationOutlet(client, { channel: m.channel, userId: m.user, threadTs: m.thread_ts });
      await askAndAnswer(deps, client, { turn, outlet, question: m.text });
    }, (text) => client.chat.postMessage({ channel: (event as { channel: string }).channel, text }));
  };
}
