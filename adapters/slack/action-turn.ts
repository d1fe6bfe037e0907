import type { BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import type { SlackDeps } from './context.ts';
import { conversationOutlet, responseUrlOutlet, type Outlet } from './outlets.ts';
import { askAndAnswer } from './run-turn.ts';
import { buildTurn } from './turn.ts';

export interface ActionAsk {
  body: BlockAction<ButtonAction>;
  action: ButtonAction;
  respond: RespondFn | undefined;
  client: webApi.WebClient;
  /** Replace the message the button was on (clarifying choices). */
  replaceOriginal?: boolean;
  chartsOnly?: boolean;
}

/** The apology for a failed click: where the answer would have gone. */
export function sorryForButton(body: BlockAction<ButtonAction>, respond: RespondFn | undefined, client: webApi.WebClient, text: string): Promise<unknown> {
  if (respond && body.response_url) return respond({ response_type: 'ephemeral', replace_original: false, text });
  return client.chat.postMessage({ channel: body.user.id, text });
}

/**
 * A button whose value is a question: asks it as the person who clicked, and answers where the
 * button was (through its response_url), or in the app's DM when it was on the App Home.
 */
export async function askFromButton(deps: SlackDeps, a: ActionAsk): Promise<void> {
  const question = a.action.value?.trim();
  if (!question) return;
  const { body } = a;
  const asker = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id, userTeamId: body.user.team_id };
  const container = body.container as { type?: string; is_ephemeral?: boolean; thread_ts?: string };
  const onHome = container.type === 'view' || !body.channel;
  const threadTs = typeof body.message?.thread_ts === 'string' ? body.message.thread_ts : container.thread_ts;
  const turn = await buildTurn(a.client, deps, {
    asker,
    text: question,
    channelId: onHome ? undefined : body.channel?.id,
    dm: onHome,
    threadTs,
  });
  const outlet: Outlet =
    !onHome && a.respond && body.response_url
      ? responseUrlOutlet(a.respond, { replaceOriginal: a.replaceOriginal, originalEphemeral: container.is_ephemeral, threadTs }, body.response_url)
      : conversationOutlet(a.client, { channel: onHome ? body.user.id : (body.channel?.id ?? body.user.id), userId: body.user.id, threadTs });
  await askAndAnswer(deps, a.client, { turn, outlet, title: question, chartsOnly: a.chartsOnly });
}
