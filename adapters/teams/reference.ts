import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { ConversationReferenceJson } from '../../src/notifications/teams-conversations.ts';

// A personal chat's conversation reference, as stored for proactive messages. What comes back
// from the table is checked before the Bot Framework is pointed at it.

const referenceSchema = z
  .object({
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    bot: z.object({ id: z.string().min(1) }).passthrough().optional(),
  })
  .passthrough();

/** The reference to store: the conversation, not the message it came from. */
export function referenceOf(activity: Partial<Activity>): ConversationReferenceJson {
  const { activityId: _activityId, ...ref } = TurnContext.getConversationReference(activity);
  return {
    ...ref,
    conversation: { ...ref.conversation, conversationType: 'personal' },
  } as ConversationReferenceJson;
}

export function parseReference(json: ConversationReferenceJson | undefined): Partial<ConversationReference> | undefined {
  if (!json) return undefined;
  const parsed = referenceSchema.safeParse(json);
  return parsed.success ? (parsed.data as unknown as Partial<ConversationReference>) : undefined;
}
