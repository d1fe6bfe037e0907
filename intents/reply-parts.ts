import { Forbidden, isPulseError } from '../src/errors.ts';
import type { Reply } from '../src/reply/types.ts';
import type { IntentContext, IntentResult } from './types.ts';

// Pieces every intent shares: the one "can't find" answer, replies that carry partner data, and
// the guard that turns an out-of-scope read into that same answer.

const MAX_NAME = 80;

/** Text from a person or a model, made safe to quote back in one line. */
export function quoteable(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_NAME ? `${oneLine.slice(0, MAX_NAME - 1)}…` : oneLine;
}

/**
 * The same words, shape and data for a partner that does not exist and one outside the asker's
 * scope, so the answer never reveals which it is. Depends only on the name asked for.
 */
export async function cantFind(ctx: IntentContext, askedName: string | undefined): Promise<IntentResult> {
  const summary =
    askedName !== undefined && askedName.trim() !== ''
      ? `I can't find a partner called “${quoteable(askedName)}” among the partners you can see.`
      : `I can't find that partner among the partners you can see.`;
  const reply: Reply = { summary, facts: [], charts: [], suggestions: [], sensitive: false, asOf: await ctx.data.asOf() };
  return { reply, data: { error: { code: 'not_found', message: summary } } };
}

export const isOutOfScope = (e: unknown): boolean =>
  e instanceof Forbidden || (isPulseError(e) && (e.code === 'forbidden' || e.code === 'not_found'));

/** Runs an intent body; any read outside the scope becomes the "can't find" answer. */
export async function guardScope(
  ctx: IntentContext,
  askedName: string | undefined,
  body: () => Promise<IntentResult>,
): Promise<IntentResult> {
  try {
    return await body();
  } catch (e) {
    if (isOutOfScope(e)) return cantFind(ctx, askedName);
    throw e;
  }
}

/** A reply that carries partner figures: never shown to others in a shared channel. */
export function dataReply(parts: Pick<Reply, 'summary'> & Partial<Reply>, asOf: string): Reply {
  return { facts: [], charts: [], suggestions: [], ...parts, sensitive: true, asOf };
}

/** A plain answer with no partner figures in it. */
export function plainReply(parts: Pick<Reply, 'summary'> & Partial<Reply>, asOf: string): Reply {
  return { facts: [], charts: [], suggestions: [], ...parts, sensitive: false, asOf };
}

/** "Northwind Traders’ revenue", "Fabrikam Systems’ pipeline", "Contoso’s …". */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}

/** Clarification text options re-ask the question with the partner named, so a button replans cleanly. */
export type AskFor = (partnerName: string) => string;
