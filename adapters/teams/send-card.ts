import type { Activity, TurnContext } from 'botbuilder';
import type { Reply } from '../../src/reply/types.ts';
import { isTooLarge } from './connector-errors.ts';
import type { TeamsDeps } from './context.ts';
import { cardActivity, textActivity } from './render/activity.ts';
import { asOfText } from './render/card.ts';
import { fitCard, SMALL_DETAIL } from './render/fit.ts';
import { chartImages } from './render/images.ts';
import { replyFormat } from '../../src/reply/format.ts';

export interface CardMessage {
  /** The question as asked, shown as the card's header. */
  title?: string;
}

/** The richest card for the reply that fits Teams' limits, with its charts drawn as PNG. */
export async function replyActivity(deps: Pick<TeamsDeps, 'renderPng' | 'log'>, reply: Reply, msg: CardMessage = {}): Promise<Partial<Activity>> {
  const images = await chartImages(reply.charts, deps.renderPng, (chart, reason) =>
    deps.log.warn({ chart: chart.title, reason }, 'chart left out of the Teams card'),
  );
  const fitted = fitCard(reply, { title: msg.title, images });
  return cardActivity(fitted.card, reply.summary);
}

/** The last resort after two refusals for size: the summary and when the data is from, as text. */
const plainFallback = (reply: Reply): Partial<Activity> =>
  textActivity(`${reply.summary.trim() || 'Partner Pulse'}\n\n${asOfText(reply.asOf, replyFormat(reply))}`);

/**
 * Sends the reply as a card in the turn's conversation and returns the activity id. A 413
 * (message too big, which our size estimate should prevent) is answered with a smaller card — no
 * images, few rows — and then with text, never by sending the same message again.
 */
export async function sendReply(deps: Pick<TeamsDeps, 'renderPng' | 'log'>, context: TurnContext, reply: Reply, msg: CardMessage = {}): Promise<string> {
  const send = async (activity: Partial<Activity>) => (await context.sendActivity(activity))?.id ?? '';
  try {
    return await send(await replyActivity(deps, reply, msg));
  } catch (e) {
    if (!isTooLarge(e)) throw e;
    deps.log.warn('Teams refused the card as too large; sending a smaller one');
  }
  try {
    const small = fitCard(reply, { title: msg.title, images: [], start: SMALL_DETAIL });
    return await send(cardActivity(small.card, reply.summary));
  } catch (e) {
    if (!isTooLarge(e)) throw e;
    deps.log.warn('Teams refused the small card too; sending text');
  }
  return send(plainFallback(reply));
}
