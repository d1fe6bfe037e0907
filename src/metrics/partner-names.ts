import { sql } from 'kysely';
import { distance } from 'fastest-levenshtein';
import type { Db } from '../../db/connect.ts';
import type { PartnerInfo } from './partner-data.ts';

// Which partner a name in a question means, in one place for the planner and the intents (and so
// for the model's tool calls too). A name resolves only among the partners the asker can see, and
// only by its whole name, a run of its words no other visible partner shares ("Keystone Bridge"),
// or a close typo of them ("nortwind"). A single word that several partners of the program share
// ("Forge", "Spring") never picks one on its own; generic company words ("Integrators") never do.

/** Words too common in company names to say which company is meant. */
export const GENERIC_NAME_WORDS: ReadonlySet<string> = new Set(
  'the and of inc ltd llc gmbh co corp corporation company group holdings systems solutions services technologies technology tech partners partner international global digital consulting networks network software labs associates it integrators'.split(
    ' ',
  ),
);

/** Legal suffixes a person may add or leave out ("Fabrikam Systems Inc"). */
const LEGAL = new Set(['inc', 'ltd', 'llc', 'gmbh', 'co', 'corp', 'plc', 'limited', 'incorporated']);

export type NameMatch = { kind: 'one'; partner: PartnerInfo } | { kind: 'several'; partners: PartnerInfo[] } | { kind: 'none' };

export interface PartnerNames {
  /** Partners in the asker's scope, by name. */
  readonly visible: readonly PartnerInfo[];
  /** How many partners of the whole program have this word in their name (a count, never a name). */
  wordCount(word: string): number;
  /** Whether some partner the asker can see has this word in its name. */
  isVisibleWord(word: string): boolean;
  /** Every word of the visible partners' names (typo targets). */
  readonly visibleWords: readonly string[];
  /** The partner a name as written means, among the visible ones. */
  resolve(name: string): NameMatch;
}

/** Lower-case words of a name: "City Power & Light" → city, power, and, light; "Fabrikam's" → fabrikam. */
export function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && w !== 'the');
}

const typoOf = (typed: string, word: string): boolean => {
  if (typed === word) return true;
  if (typed[0] !== word[0] || typed.length < 4) return false;
  const max = typed.length < 7 ? 1 : 2;
  return Math.abs(typed.length - word.length) <= max && distance(typed, word) <= max;
};

/** Where `run` sits in `words` as consecutive words (each equal or a close typo), or -1. */
function runAt(words: readonly string[], run: readonly string[], exact: boolean): number {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) {
      const w = words[i + j] ?? '';
      const r = run[j] ?? '';
      if (exact ? w !== r : !typoOf(r, w)) continue outer;
    }
    return i;
  }
  return -1;
}

export function buildPartnerNames(visible: readonly PartnerInfo[], counts: ReadonlyMap<string, number>): PartnerNames {
  const words = new Map<number, string[]>(visible.map((p) => [p.id, nameWords(p.name)]));
  const byWord = new Map<string, PartnerInfo[]>();
  for (const p of visible) {
    for (const w of new Set(words.get(p.id))) {
      const list = byWord.get(w) ?? [];
      list.push(p);
      byWord.set(w, list);
    }
  }
  const wordCount = (w: string): number => Math.max(counts.get(w) ?? 0, byWord.get(w)?.length ?? 0);

  const resolve = (name: string): NameMatch => {
    let asked = nameWords(name);
    while (asked.length > 1 && LEGAL.has(asked[asked.length - 1] ?? '')) asked = asked.slice(0, -1);
    if (asked.length === 0 || asked.every((w) => GENERIC_NAME_WORDS.has(w) || LEGAL.has(w))) return { kind: 'none' };
    const whole = asked.join(' ');
    const exact = visible.filter((p) => words.get(p.id)?.join(' ') === whole);
    if (exact.length === 1 && exact[0]) return { kind: 'one', partner: exact[0] };
    // Exact runs first; typos only when no run matches as written.
    const first = asked[0] ?? '';
    const pool = byWord.get(first) ?? visible;
    let found = pool.filter((p) => runAt(words.get(p.id) ?? [], asked, true) >= 0);
    if (found.length === 0) found = visible.filter((p) => runAt(words.get(p.id) ?? [], asked, false) >= 0);
    if (found.length === 0) return { kind: 'none' };
    // One word several partners of the program share names none of them by itself.
    const single = asked.length === 1;
    if (single && found.length === 1 && wordCount(found.length === 1 ? matchedWord(words.get(found[0]?.id ?? -1) ?? [], first) : first) > 1) {
      return { kind: 'several', partners: found };
    }
    if (found.length === 1 && found[0]) return { kind: 'one', partner: found[0] };
    return { kind: 'several', partners: [...found].sort((a, b) => a.name.localeCompare(b.name)) };
  };

  return {
    visible,
    wordCount,
    isVisibleWord: (w) => byWord.has(w),
    visibleWords: [...byWord.keys()],
    resolve,
  };
}

/** The word of a partner's name a typed word stands for (itself, or the word it is a typo of). */
function matchedWord(nameWordsOfPartner: readonly string[], typed: string): string {
  return nameWordsOfPartner.find((w) => w === typed) ?? nameWordsOfPartner.find((w) => typoOf(typed, w)) ?? typed;
}

/** Per database: the program's name words and how many partners use each, by data version. */
const countsCache = new WeakMap<Db, { version: string; counts: Promise<ReadonlyMap<string, number>> }>();

/**
 * How many partners use each word in their names, for the whole program. Only words and counts
 * leave the database, never a name; kept until data_version moves.
 */
export function nameWordCounts(db: Db, version: string): Promise<ReadonlyMap<string, number>> {
  const known = countsCache.get(db);
  if (known && known.version === version) return known.counts;
  const counts = sql<{ word: string; n: number }>`
    select word, count(distinct id)::int as n
    from partners, regexp_split_to_table(lower(replace(replace(name, '''s', ''), '’s', '')), '[^[:alnum:]]+') as word
    where word <> ''
    group by word`
    .execute(db)
    .then((r) => new Map(r.rows.map((row) => [row.word, Number(row.n)])) as ReadonlyMap<string, number>);
  countsCache.set(db, { version, counts });
  counts.catch(() => countsCache.delete(db));
  return counts;
}

/** Built indexes per database, by data version and scope, least recently used first out. */
const MAX_INDEXES = 200;
const indexCache = new WeakMap<Db, Map<string, Promise<PartnerNames>>>();

/**
 * The asker's PartnerNames: built from the partners they can see (`visible`) and the program's
 * word counts, kept per data version and scope (a vendor admin's 5,000 names are indexed once,
 * not per question).
 */
export async function partnerNamesFor(
  db: Db,
  scopeKey: string,
  version: () => Promise<string>,
  visible: () => Promise<readonly PartnerInfo[]>,
): Promise<PartnerNames> {
  const v = await version();
  let cache = indexCache.get(db);
  if (!cache) {
    cache = new Map();
    indexCache.set(db, cache);
  }
  const key = `${v}|${scopeKey}`;
  const known = cache.get(key);
  if (known) {
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const built = Promise.all([visible(), nameWordCounts(db, v)]).then(([partners, counts]) => buildPartnerNames(partners, counts));
  cache.set(key, built);
  built.catch(() => cache.delete(key));
  if (cache.size > MAX_INDEXES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return built;
}
