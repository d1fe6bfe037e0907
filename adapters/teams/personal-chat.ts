import { AuthenticationConstants } from 'botframework-connector';
import type { ConversationParameters, TurnContext } from 'botbuilder';
import type { Reply } from '../../src/reply/types.ts';
import { connectorStatus, describeConnectorError } from './connector-errors.ts';
import type { TeamsDeps, TeamsPerson } from './context.ts';
import { parseReference, referenceOf } from './reference.ts';
import { sendReply } from './send-card.ts';

type Sent = 'sent' | 'no_chat' | 'failed';

/** Sends to the personal chat already stored for the person; 'no_chat' when there is none, or it is gone. */
async function sendToStoredChat(deps: TeamsDeps, person: TeamsPerson, send: (c: TurnContext) => Promise<unknown>): Promise<Sent> {
  const stored = parseReference(await deps.store.forPerson(person));
  if (!stored) return 'no_chat';
  try {
    await deps.adapter.continueIn(deps.appId, stored, async (c) => {
      await send(c);
    });
    return 'sent';
  } catch (e) {
    const status = connectorStatus(e);
    // A chat that no longer exists (the app was removed and added again) counts as none.
    if (status === 403 || status === 404) return 'no_chat';
    deps.log.error({ err: describeConnectorError(e) }, 'private Teams answer failed');
    return 'failed';
  }
}

/**
 * A system reply (help, not linked, an error) in the personal chat the person already has with the
 * bot; none is opened for it. True when it was delivered.
 */
export async function sendToKnownChat(deps: TeamsDeps, person: TeamsPerson, send: (c: TurnContext) => Promise<unknown>): Promise<boolean> {
  return (await sendToStoredChat(deps, person, send)) === 'sent';
}

/**
 * Sends an answer to the asker's personal chat with the bot: the stored one, or a new one opened
 * from the group chat or channel they asked in (and stored). True when it was delivered.
 */
export async function sendPrivately(deps: TeamsDeps, context: TurnContext, person: TeamsPerson, reply: Reply, title: string): Promise<boolean> {
  const stored = await sendToStoredChat(deps, person, (c) => sendReply(deps, c, reply, { title }));
  if (stored !== 'no_chat') return stored === 'sent';
  const { activity } = context;
  if (!activity.serviceUrl || !activity.from?.id || !activity.recipient) return false;
  const params: ConversationParameters = {
    isGroup: false,
    bot: activity.recipient,
    members: [{ id: activity.from.id, name: activity.from.name ?? '' }],
    tenantId: person.tenantId,
    channelData: { tenant: { id: person.tenantId } },
  };
  try {
    await deps.adapter.createAndRun(
      deps.appId,
      activity.channelId ?? 'msteams',
      activity.serviceUrl,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      params,
      async (c) => {
        await deps.store.save(person, referenceOf(c.activity));
        await sendReply(deps, c, reply, { title });
      },
    );
    return true;
  } catch (e) {
    deps.log.error({ err: describeConnectorError(e) }, 'opening a personal Teams chat failed');
    return false;
  }
}
