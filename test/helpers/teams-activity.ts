import { randomUUID } from 'node:crypto';
import type { FakeMember } from './fake-teams-connector.ts';

// Teams activities as the Bot Framework delivers them to /api/messages: personal chat, group
// chat or channel, with the bot's <at> mention where Teams adds one, or a card button's value.

export const TENANT = '72f988bf-0000-4000-8000-00000000test';
export const BOT = { id: '28:pulse-bot', name: 'Partner Pulse' };

export const OWNER: FakeMember = {
  id: '29:owner',
  name: 'Nora Owner',
  aadObjectId: 'aad-owner-0001',
  email: 'owner@northwind.example',
  tenantId: TENANT,
};
export const STRANGER: FakeMember = { id: '29:stranger', name: 'Sam Stranger', aadObjectId: 'aad-stranger-0002', email: 'stranger@elsewhere.example', tenantId: TENANT };

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface ActivityInput {
  from: FakeMember;
  text?: string;
  /** A card button's data (Action.Submit). */
  value?: unknown;
  conversationId?: string;
  conversationType?: ConversationType;
  /** Adds the bot's <at> mention, as Teams does in channels and group chats. */
  mention?: boolean;
  type?: string;
  membersAdded?: { id: string }[];
}

export const personalChatOf = (m: FakeMember) => `a:personal-${m.aadObjectId}`;

export function activity(serviceUrl: string, input: ActivityInput): Record<string, unknown> {
  const type = input.conversationType ?? 'personal';
  const mention = input.mention ?? type !== 'personal';
  const tag = `<at>${BOT.name}</at>`;
  const text = input.text === undefined ? undefined : mention ? `${tag} ${input.text}` : input.text;
  return {
    type: input.type ?? 'message',
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: input.from.id, name: input.from.name, aadObjectId: input.from.aadObjectId },
    recipient: BOT,
    conversation: {
      id: input.conversationId ?? (type === 'personal' ? personalChatOf(input.from) : '19:group@thread.v2'),
      conversationType: type,
      tenantId: input.from.tenantId,
      isGroup: type !== 'personal',
    },
    channelData: { tenant: { id: input.from.tenantId }, ...(type === 'channel' ? { channel: { id: '19:general@thread.skype' } } : {}) },
    ...(text !== undefined ? { text, textFormat: 'plain' } : {}),
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.membersAdded ? { membersAdded: input.membersAdded } : {}),
    ...(mention && text ? { entities: [{ type: 'mention', text: tag, mentioned: BOT }] } : {}),
  };
}
