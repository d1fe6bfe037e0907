import { textWidth } from './font.ts';

// Labels that do not fit are cut between words, never inside one, and end in "…" so a reader
// knows they went on: "Humongous Insurance…", not "Humongous Insurance (custom…". Words come from
// Intl.Segmenter, which also finds the words of Chinese and Japanese, written without spaces.
// Only a single word wider than the whole room is cut inside (there is no other way to fit it).

/** How wide a string is: pixels in a chart, characters in the terminal. */
export type Measure = (s: string) => number;

export const ELLIPSIS = '…';

const words = new Intl.Segmenter('en', { granularity: 'word' });
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// What a cut label must not end with: spaces, an opening bracket or quote, a joining mark.
const DANGLING = /[\s([{<“‘«"'\-–—:;,/&+·|•]+$/u;
// Punctuation a cut may come after: the end of a bracket or quote, a full stop, a percent sign.
const CLOSES = /^[)\]}>”’»"'.!?%]+$/u;

/** Pixel width in the bundled font. */
export const pixels = (fontSize: number, weight: number | string = 400): Measure => (s) => textWidth(s, fontSize, weight);

/** Character count (the terminal). */
export const characters: Measure = (s) => [...s].length;

/** Brackets opened and not closed in `s`: a cut inside "(…)" reads better before the "(". */
function opensBracket(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth > 0) depth--;
  }
  return depth > 0;
}

/** The prefixes `text` can be cut to without splitting a word, shortest first, each tidied. */
function wordPrefixes(text: string): string[] {
  const out: string[] = [];
  for (const s of words.segment(text)) {
    const end = s.index + s.segment.length;
    if (s.isWordLike || CLOSES.test(s.segment)) {
      const prefix = text.slice(0, end).replace(DANGLING, '');
      if (prefix) out.push(prefix);
    }
  }
  return out;
}

/**
 * `text` as it is when it fits `max`, else cut after the last whole word that fits with "…"
 * after it (before an unclosed bracket when that still leaves a word: "Humongous Insurance…",
 * not "Humongous Insurance (custom…"); a first word too wide on its own is cut between characters.
 */
export function fitWords(text: string, max: number, measure: Measure): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (measure(t) <= max) return t;
  const fits = wordPrefixes(t).filter((p) => p.length < t.length && measure(p + ELLIPSIS) <= max);
  const best = fits.filter((p) => !opensBracket(p)).at(-1) ?? fits.at(-1);
  return best === undefined ? fitCharacters(t, max, measure) : best + ELLIPSIS;
}

/** The last resort: as many whole characters (graphemes) as fit, then "…". */
function fitCharacters(t: string, max: number, measure: Measure): string {
  const chars = [...graphemes.segment(t)].map((g) => g.segment);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? (measure(ELLIPSIS) <= max ? ELLIPSIS : '') : chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/**
 * Where a line may break: after a space, or between two words written without one (Chinese,
 * Japanese, a change of script). Never before a closing bracket or after an opening one.
 */
function chunks(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  let prevWordLike = false;
  for (const s of words.segment(text)) {
    const afterSpace = s.index > 0 && /\s/u.test(text[s.index - 1] ?? '') && !/^\s/u.test(s.segment);
    const betweenWords = s.isWordLike === true && prevWordLike;
    if (s.index > from && (afterSpace || betweenWords)) {
      out.push(text.slice(from, s.index));
      from = s.index;
    }
    prevWordLike = s.isWordLike === true;
  }
  out.push(text.slice(from));
  return out;
}

/**
 * `text` in lines no wider than `max`, broken between words, at most `maxLines` of them; what does
 * not fit in the last line is cut there with "…" (fitWords).
 */
export function wrapWords(text: string, max: number, measure: Measure, maxLines = 2): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  if (maxLines <= 1 || measure(t) <= max) return [fitWords(t, max, measure)];
  const lines: string[] = [];
  let line = '';
  const parts = chunks(t);
  let i = 0;
  for (; i < parts.length && lines.length < maxLines - 1; i++) {
    const part = parts[i] as string;
    if (line !== '' && measure((line + part).trim()) > max) {
      lines.push(fitWords(line, max, measure));
      line = '';
      if (lines.length === maxLines - 1) break;
    }
    line += part;
  }
  // The last line takes the rest, cut between words if it must be.
  const rest = line + parts.slice(i).join('');
  if (rest.trim() !== '') lines.push(fitWords(rest, max, measure));
  return lines;
}
