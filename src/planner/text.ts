// Text normalisation shared by the planner's scoring and slot extraction: the same steps for the
// question and the intents' examples, so they meet in one vocabulary.

/** Planning looks at the first this-many characters; the rest of a pasted wall of text is noise. */
export const PLAN_CHARS = 500;

/** A word of the question: its text as written, lower-cased and stemmed, and where it sits. */
export interface Token {
  raw: string;
  lower: string;
  stem: string;
  start: number;
  end: number;
}

/** The first PLAN_CHARS code points, NFKC-folded (full-width letters, ligatures) with smart quotes made plain. */
export function prepare(text: string): string {
  const cut = [...text].slice(0, PLAN_CHARS).join('');
  return cut.normalize('NFKC').replace(/[’‘`´]/g, "'").replace(/[“”]/g, '"');
}

const WORD = /[\p{L}\p{N}]+(?:[-][\p{L}\p{N}]+)*/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    // Hyphenated words ("co-sell") count as their parts, so "co sell" and "cosell" can meet them.
    const parts = m[0].split('-');
    let offset = m.index;
    for (const part of parts) {
      const lower = part.toLowerCase();
      out.push({ raw: part, lower, stem: stem(lower), start: offset, end: offset + part.length });
      offset += part.length + 1;
    }
  }
  return out;
}

/** Words whose many forms should meet in one stem ("certified", "certs", "certification"). */
const FAMILIES: readonly [RegExp, string][] = [
  [/^cert/, 'cert'],
  [/^accredit/, 'cert'],
  [/^expir/, 'expir'],
  [/^regist/, 'regist'],
  [/^renew/, 'renew'],
  [/^qualif/, 'qualify'],
  [/^promot/, 'promot'],
  [/^opportunit/, 'opportunit'],
  [/^summar/, 'summar'],
  [/^perform/, 'perform'],
  [/^credential/, 'credential'],
  [/^convers|^convert/, 'convert'],
  [/^utili[sz]/, 'utiliz'],
  [/^cosell$/, 'cosell'],
];

const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ions', 'ion', 'ies', 'ied', 'est', 'ed', 'er', 'es', 's'] as const;

/** A small, predictable suffix stripper; both sides of every comparison go through it. */
export function stem(word: string): string {
  for (const [re, root] of FAMILIES) if (re.test(word)) return root;
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  let w = word;
  for (const suffix of SUFFIXES) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, -suffix.length);
    if (base.length < 3) continue;
    if (suffix === 's' && /(ss|us|is)$/.test(w)) continue;
    w = suffix === 'ies' || suffix === 'ied' ? `${base}y` : base;
    // "winning" → "winn" → "win"; "getting" → "get".
    if ((suffix === 'ing' || suffix === 'ed' || suffix === 'er' || suffix === 'est') && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) {
      w = w.slice(0, -1);
    }
    break;
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Stems of a phrase, in order ("open deals" → ["open", "deal"]). */
export const stemsOf = (phrase: string): string[] => tokenize(phrase.toLowerCase()).map((t) => t.stem);

/** Where `needle` (a stem sequence) occurs in `hay`, or -1. */
export function findSeq(hay: readonly string[], needle: readonly string[], from = 0): number {
  if (needle.length === 0) return -1;
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Function words that say nothing about which intent is meant. */
export const STOPWORD_WORDS: ReadonlySet<string> = new Set([
    'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'am', 'to', 'of', 'in', 'on', 'at', 'by',
    'and', 'or', 'it', 'its', 'this', 'that', 'these', 'those', 'please', 'pls', 'plz', 's', 't', 're',
    've', 'll', 'd', 'm', 'me', 'my', 'i', 'we', 'our', 'us', 'you', 'your', 'do', 'does', 'did', 'so',
    'just', 'some', 'any', 'can', 'could', 'would', 'will', 'should', 'up', 'there', 'here', 'with', 'for',
    'from', 'about', 'have', 'has', 'had', 'get', 'got', 'tell', 'give', 'want', 'know', 'let', 'now',
    'currently', 'right', 'still', 'yet', 'ok', 'okay', 'thanks', 'thank',
]);

/** The same, stemmed, for comparing with token stems. */
export const STOPWORDS: ReadonlySet<string> = new Set([...STOPWORD_WORDS].map((w) => stem(w)));
