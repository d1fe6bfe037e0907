import type { Token } from '../text.ts';
import type { Span } from './span.ts';

export type { DealStatusArg } from '../../../intents/language.ts';
import type { DealStatusArg } from '../../../intents/language.ts';

export interface StatusSlot {
  status: DealStatusArg;
  span: Span;
}

const WORDS: readonly [string[], DealStatusArg][] = [
  [['closed', 'won'], 'won'],
  [['closed', 'lost'], 'lost'],
  [['in', 'play'], 'open'],
  [['in', 'progress'], 'open'],
  [['under', 'review'], 'submitted'],
  [['in', 'review'], 'submitted'],
  [['won'], 'won'],
  [['wins'], 'won'],
  [['lost'], 'lost'],
  [['losses'], 'lost'],
  [['lose'], 'lost'],
  [['approved'], 'approved'],
  [['accepted'], 'approved'],
  [['submitted'], 'submitted'],
  [['pending'], 'submitted'],
  [['awaiting'], 'submitted'],
  [['waiting'], 'submitted'],
  [['unapproved'], 'submitted'],
  [['rejected'], 'rejected'],
  [['declined'], 'rejected'],
  [['denied'], 'rejected'],
  [['refused'], 'rejected'],
  [['expired'], 'expired'],
  [['lapsed'], 'expired'],
  [['open'], 'open'],
  [['active'], 'open'],
  [['live'], 'open'],
  [['outstanding'], 'open'],
  [['ongoing'], 'open'],
];

/** The deal status a question filters on, the first one named. */
export function findStatus(tokens: readonly Token[], taken: (i: number) => boolean = () => false): StatusSlot | undefined {
  let best: StatusSlot | undefined;
  for (const [words, status] of WORDS) {
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (words.every((w, j) => tokens[i + j]?.lower === w && !taken(i + j)) && (!best || i < best.span.from)) {
        best = { status, span: { from: i, to: i + words.length } };
      }
    }
  }
  return best;
}
