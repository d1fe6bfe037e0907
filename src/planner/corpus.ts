import { existsSync, readFileSync } from 'node:fs';
import { fromRoot } from '../root.ts';

// The planner's corpus beyond the intents' own examples: the train part of the exam, questions
// people typed with the intent they meant. The held-out part (test/fixtures/exam/heldout.jsonl)
// is never read here: it measures what this learns.

const TRAIN = fromRoot('intents', 'train.jsonl');

export interface CorpusLine {
  text: string;
  intent: string;
}

let lines: CorpusLine[] | undefined;

/** One-question lines of intents/train.jsonl (several-question lines teach splitting, not words). */
export function corpus(): readonly CorpusLine[] {
  if (lines) return lines;
  lines = !existsSync(TRAIN)
    ? []
    : readFileSync(TRAIN, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { text: string; intent?: string })
        .filter((l): l is CorpusLine => typeof l.intent === 'string' && l.intent !== 'clarify');
  return lines;
}
