import { ActivityTypes, type Activity, type Mention } from 'botbuilder';
import type { AdaptiveCard } from './card-types.ts';
import { truncate } from './escape.ts';
import { CARD_CONTENT_TYPE } from './fit.ts';

/** What a notification or a chat list shows for a card: the first words of the answer. */
export const previewText = (summary: string): string => truncate(summary.replace(/\s+/g, ' ').trim() || 'Partner Pulse', 200);

export function cardActivity(card: AdaptiveCard, summary: string): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: previewText(summary),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
  };
}

/** Plain text that needs no card: the short notice left in a channel, the last-resort answer. */
export function textActivity(text: string, mention?: { id: string; name: string }): Partial<Activity> {
  if (!mention) return { type: ActivityTypes.Message, text, textFormat: 'plain' };
  // Teams only notifies a mentioned person when the <at> text and the mention entity agree.
  const tag = `<at>${escapeXml(mention.name)}</at>`;
  const entity: Mention = { type: 'mention', text: tag, mentioned: { id: mention.id, name: mention.name } };
  return { type: ActivityTypes.Message, text: `${tag} ${escapeXml(text)}`, textFormat: 'xml', entities: [entity] };
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
