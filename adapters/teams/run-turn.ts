import { ActivityTypes, type TurnContext } from 'botbuilder';
import { answer } from '../../src/core/answer.ts';
import { PRIVATE_BRIEF } from '../../src/core/delivery.ts';
import { REFUSAL_LOG, refusalText } from '../../src/core/turn-gate.ts';
import type { Turn, TurnResult } from '../../src/core/types.ts';
import { describeConnectorError } from './connector-errors.ts';
import { personKey, type TeamsDeps, type TeamsPerson } from './context.ts';
import { sendPrivately, sendToKnownChat } from './personal-chat.ts';
import { referenceOf } from './reference.ts';
import { textActivity } from './render/activity.ts';
import { sendReply } from './send-card.ts';
import { questionOf } from './text.ts';
import { buildTurn, conversationKind, personOf } from './turn.ts';

export const SORRY_TEXT = 'Something went wrong on my side; please try again in a moment.';
export const SENT_PRIVATELY_TEXT = 'I sent you the answer in our private chat, as it carries your partner data.';
/** Left in a group chat or channel when a system reply (help, not linked, an error) went to the personal chat. */
export const REPLIED_PRIVATELY_TEXT = 'I replied in our private chat.';
export const PRIVATE_FAILED_TEXT =
  'This answer carries your partner data, so I only send it in a private chat — and I could not open one. Message me directly to get it.';

/** The sender, or nobody when the tenant is not the one a single-tenant bot serves. */
function asker(deps: TeamsDeps, context: TurnContext): TeamsPerson | undefined {
  const person = personOf(context.activity);
  if (person && deps.tenantId && person.tenantId !== deps.tenantId) {
    deps.log.warn({ tenant: person.tenantId }, 'Teams message from another tenant; answering as not linked');
    return undefined;
  }
  return person;
}

/** Remembers the personal chat so digests and alerts can reach this person later. */
export async function rememberPersonalChat(deps: TeamsDeps, context: TurnContext, person: TeamsPerson | undefined): Promise<void> {
  if (!person || conversationKind(context.activity) !== 'personal') return;
  const conversationId = context.activity.conversation?.id ?? '';
  const key = `${personKey(person)}:${conversationId}`;
  if (deps.savedReferences.get(key)) return;
  await deps.store.save(person, referenceOf(context.activity));
  deps.savedReferences.set(key, true);
}

/**
 * One message from Teams: ask the core (a typing indicator if that takes a while), render the
 * reply as an Adaptive Card and send it — in place, or to the asker's personal chat when the core
 * says the answer carries partner data and others can read this conversation; a system reply
 * (help, not linked, busy, an error) there goes to a personal chat already known, else its brief.
 */
export async function askAndAnswer(deps: TeamsDeps, context: TurnContext): Promise<TurnResult | undefined> {
  const gated = await deps.gate.run((cut) => answerNow(deps, context, cut));
  if (gated.ok) return gated.value;
  deps.log.warn({ active: deps.gate.active, waiting: deps.gate.waiting, reason: gated.reason }, REFUSAL_LOG[gated.reason]);
  await sendSystemText(deps, context, asker(deps, context), refusalText(gated.reason));
  return undefined;
}

const mentionOf = (context: TurnContext): { id: string; name: string } | undefined => {
  const from = context.activity.from;
  return from?.id ? { id: from.id, name: from.name || 'there' } : undefined;
};

/**
 * A system reply where others read (Teams has no ephemeral messages): in the person's personal
 * chat when one is known, with a one-line notice here; otherwise the brief, which names nobody's
 * email and no figure, here. In a personal chat it is simply sent.
 */
async function sendSystemReply(
  deps: TeamsDeps,
  context: TurnContext,
  person: TeamsPerson | undefined,
  send: (c: TurnContext) => Promise<unknown>,
  brief: string,
): Promise<void> {
  if (conversationKind(context.activity) === 'personal') {
    await send(context);
    return;
  }
  const sent = person ? await sendToKnownChat(deps, person, send) : false;
  await context.sendActivity(textActivity(sent ? REPLIED_PRIVATELY_TEXT : brief, mentionOf(context)));
}

/** A line the adapter words itself (busy, its last-resort apology), delivered like a system reply. */
const sendSystemText = (deps: TeamsDeps, context: TurnContext, person: TeamsPerson | undefined, text: string): Promise<void> =>
  sendSystemReply(deps, context, person, (c) => c.sendActivity(textActivity(text)), text);

/** The core's answer, on an answer worker when the process has them; a worker's failure throws. */
async function answerIn(deps: TeamsDeps, turn: Turn, cut: AbortSignal): Promise<TurnResult> {
  if (!deps.pool) return answer(deps.core, turn, deps.planner ? { planner: deps.planner } : {});
  const done = await deps.pool.run('answer', { turn }, cut);
  if (!done.ok) throw new Error(`Teams turn failed on an answer worker: ${done.error.message}`);
  return done.value;
}

/** `cut` aborts when shutdown's grace ran out: the asker was told to ask again, so nothing more is sent. */
async function answerNow(deps: TeamsDeps, context: TurnContext, cut: AbortSignal): Promise<TurnResult | undefined> {
  const person = asker(deps, context);
  const question = questionOf(context.activity);
  const kind = conversationKind(context.activity);
  const typing = setTimeout(() => {
    context.sendActivity({ type: ActivityTypes.Typing }).catch((e: unknown) => deps.log.debug({ err: describeConnectorError(e) }, 'typing failed'));
  }, deps.slowAfterMs);
  let result: TurnResult;
  try {
    const turn = await buildTurn(deps, context, person, question);
    result = await answerIn(deps, turn, cut);
  } catch (e) {
    // answer() turns failures into replies; this is the last line of defence.
    deps.log.error({ err: e }, 'Teams answer failed');
    await sendSystemText(deps, context, person, SORRY_TEXT);
    return undefined;
  } finally {
    clearTimeout(typing);
  }
  if (cut.aborted) return undefined;
  // After the answer: a first contact has just been linked, so the stored chat carries the user.
  await rememberPersonalChat(deps, context, person).catch((e: unknown) => deps.log.error({ err: e }, 'storing the Teams conversation failed'));

  if (result.deliver === 'asker_only' && kind !== 'personal') {
    const sent = person ? await sendPrivately(deps, context, person, result.reply, question) : false;
    await context.sendActivity(textActivity(sent ? SENT_PRIVATELY_TEXT : PRIVATE_FAILED_TEXT, mentionOf(context)));
    return result;
  }
  if (result.deliver === 'asker_if_possible') {
    const reply = result.reply;
    await sendSystemReply(deps, context, person, (c) => sendReply(deps, c, reply, { title: question }), result.brief ?? PRIVATE_BRIEF);
    return result;
  }
  await sendReply(deps, context, result.reply, { title: question });
  return result;
}
