import type { Token } from '../text.ts';
import type { Span } from './span.ts';

/** Whether a lower-cased word is one the planner knows (so it is not part of a name). */
export type IsKnown = (lower: string) => boolean;

const isCapitalised = (t: Token): boolean => /^\p{Lu}/u.test(t.raw) || /^\p{N}+\p{L}/u.test(t.raw);

export interface NameRun {
  text: string;
  span: Span;
}

/** Joins tokens back into the words as written ("Wide World Importers"). */
export function textOf(source: string, tokens: readonly Token[], span: Span): string {
  const first = tokens[span.from];
  const last = tokens[span.to - 1];
  return first && last ? source.slice(first.start, last.end).replace(/\s+/g, ' ').trim() : '';
}

/**
 * Runs of capitalised words that are not all words the planner knows: "Fabrikam Systems",
 * "Wide World Importers". Known words at either end are trimmed ("Show Fabrikam" → "Fabrikam").
 */
export function capitalisedRuns(source: string, tokens: readonly Token[], isKnown: IsKnown, taken: (i: number) => boolean): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t || !isCapitalised(t) || taken(i) || t.lower === 'i') {
      i++;
      continue;
    }
    // The first word always starts the run; only the words after it must be adjacent.
    let j = i + 1;
    while (j < tokens.length && tokens[j] && isCapitalised(tokens[j] as Token) && !taken(j) && tokens[j]?.lower !== 'i' && adjacent(source, tokens, j)) j++;
    let from = i;
    let to = j;
    while (from < to && isKnown(tokens[from]?.lower ?? '')) from++;
    while (to > from && isKnown(tokens[to - 1]?.lower ?? '')) to--;
    if (to > from) runs.push({ text: textOf(source, tokens, { from, to }), span: { from, to } });
    i = j;
  }
  return runs;
}

// A name does not run across punctuation: "Gold, Fabrikam" is two things.
function adjacent(source: string, tokens: readonly Token[], j: number): boolean {
  const prev = tokens[j - 1];
  const cur = tokens[j];
  if (!prev || !cur || j === 0) return true;
  return /^[\s&'.-]*$/.test(source.slice(prev.end, cur.start));
}

/** Unknown words right after `at` (1–4 of them): "how is fabrikam systems doing" → "fabrikam systems". */
export function unknownRunAt(source: string, tokens: readonly Token[], at: number, isKnown: IsKnown, taken: (i: number) => boolean): NameRun | undefined {
  let j = at;
  while (j < tokens.length && j < at + 4 && !taken(j) && !isKnown(tokens[j]?.lower ?? '') && /\p{L}/u.test(tokens[j]?.raw ?? '')) j++;
  return j > at ? { text: textOf(source, tokens, { from: at, to: j }), span: { from: at, to: j } } : undefined;
}
