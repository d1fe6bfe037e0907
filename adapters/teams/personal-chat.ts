import { AuthenticationConstants } from 'botframework-connector';
import type { ConversationParameters, TurnContext } from 'botbuilder';
import type { Reply } from '../../src/reply/types.ts';
import { connectorStatus, describeConnectorError } from './connector-errors.ts';
import type { TeamsDeps, TeamsPerson } from './context.ts';
import { parseReference, referenceOf } from './reference.ts';
import { sendReply } from './send-card.ts';

/**
 * Sends an answer to the asker's personal chat with the bot: the stored one, or a new one opened
 * from the group chat or channel they asked in (and stored). True when it was delivered.
 */
export async function sendPrivately(deps: TeamsDeps, context: TurnContext, person: TeamsPerson, reply: Reply, title: string): Promise<boolean> {
  const stored = parseReference(await deps.store.forPerson(person));
  if (stored) {
    try {
      await deps.adapter.continueIn(deps.appId, stored, async (c) => {
        await sendReply(deps, c, reply, { title });
      });
      return true;
    } catch (e) {
      const status = connectorStatus(e);
      // A chat that no longer exists (the app was removed and added again) is opened afresh.
      if (status !== 403 && status !== 404) {
        deps.log.error({ err: describeConnectorError(e) }, 'private Teams answer failed');
        return false;
      }
    }
  }
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
