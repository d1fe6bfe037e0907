import type { Reply } from '../reply/types.ts';
import type { Outcome, Turn } from './types.ts';

// Where a reply may be shown, decided here once for every adapter. Figures of a partner never go
// to a place others can read; the system speaking (help, not linked, busy, errors, a clarifying
// question) goes to the asker alone where the platform can do that, and where it cannot, a short
// line with nothing personal in it (`brief`) stands in for it.

/**
 * - `in_place`: for everyone where it was asked (a DM, the terminal, an answer without partner data).
 * - `asker_only`: partner data asked where others read: ephemeral, or a private chat opened for it.
 * - `asker_if_possible`: a system reply asked where others read: to the asker alone where that
 *   needs nothing opened (Slack ephemeral, a Teams personal chat already known), else `brief` in place.
 */
export type Delivery = 'in_place' | 'asker_only' | 'asker_if_possible';

export interface Delivered {
  deliver: Delivery;
  /** With `asker_if_possible`: one line for everyone in place of the reply; never an email or a figure. */
  brief?: string;
}

export const HELP_BRIEF = 'Message me directly and I will show you what you can ask.';
export const PRIVATE_BRIEF = 'My reply is for you only; message me directly and ask again to see it.';

/** Others may read the place it was asked: anything but a DM (the terminal has no channel). */
export const othersCanRead = (turn: Pick<Turn, 'channel'>): boolean => turn.channel !== undefined && turn.channel.kind !== 'dm';

/**
 * Where the core's reply to a turn goes. Every outcome but `ok` is the system speaking; an `ok`
 * answer goes to the asker alone only when it carries partner data.
 */
export function deliveryFor(turn: Pick<Turn, 'channel'>, outcome: Outcome, reply: Reply): Delivered {
  if (!othersCanRead(turn)) return { deliver: 'in_place' };
  if (outcome === 'ok') return { deliver: reply.sensitive ? 'asker_only' : 'in_place' };
  return { deliver: 'asker_if_possible', brief: briefFor(outcome, reply) };
}

/** A reply the adapter words itself (busy, its own last-resort apology): private where others read. */
export function systemDelivery(turn: Pick<Turn, 'channel'> | undefined, text: string): Delivered {
  return turn && othersCanRead(turn) ? { deliver: 'asker_if_possible', brief: text } : { deliver: 'in_place' };
}

/** Texts written for anyone stand as they are; the rest name the person's role, partners or options. */
function briefFor(outcome: Outcome, reply: Reply): string {
  switch (outcome) {
    case 'not_linked':
    case 'error':
    case 'bad_input':
      return reply.summary;
    case 'help':
      return HELP_BRIEF;
    case 'clarify':
    case 'denied':
    case 'ok':
      return PRIVATE_BRIEF;
  }
}
