import type { NamedPartner } from '../../../intents/language.ts';
import { GENERIC_NAME_WORDS, type PartnerNames } from '../../metrics/partner-names.ts';
import type { PartnerInfo } from '../../metrics/partner-data.ts';
import type { Token } from '../text.ts';
import { textOf } from './names.ts';
import type { Span } from './span.ts';

// Partner names in a question. A run of words that appear in partner names is a mention when it
// clearly is one: it matches a partner the asker can see, it holds a word no dictionary has
// ("fabrikam"), it is capitalised inside the sentence, or it stands where a name goes ("how is …
// doing", "for …", "… vs …"). Ordinary words that happen to be in some partner's name ("core",
// "blue") are not a name on their own. Each mention resolves through PartnerNames: one partner,
// a question back when several share it, or the words as written (then "I can't find …").

export interface PartnerMention extends NamedPartner {
  span: Span;
  /** Several partners in scope match: the planner asks which one. */
  choices?: readonly PartnerInfo[];
  /** Resolved to the asker's own partner. */
  own: boolean;
}

export interface MentionContext {
  source: string;
  tokens: readonly Token[];
  taken: (i: number) => boolean;
  /** A word of ordinary English or of the planner's own vocabulary. */
  isOrdinary: (lower: string) => boolean;
  /** A word of ordinary English ("core", "blue"). */
  isCommonEnglish: (lower: string) => boolean;
  names: PartnerNames;
  ownPartnerId: number | null;
}

/** Words after which a name may follow in lower case: "how is fabrikam doing", "revenue for tailspin". */
const LEAD = new Set(['is', 'for', 'about', 'of', 'at', 'on', 'vs', 'versus', 'compare', 'and', 'with', 'between', 'to', 'from', 'did', 'does', 'has', 'have', 'against', 'or']);
/** For words no partner uses, only the places a partner's name clearly goes. */
const NAME_LEAD = new Set(['is', 'for', 'about', 'of', 'at', 'vs', 'versus', 'compare', 'between']);
/** Words after a name that show it is one: "fabrikam's", "northwind doing". */
const TRAIL = new Set(['s', 'doing', 'vs', 'versus', 'against', 'on', 'revenue', 'pipeline', 'deals', 'win', 'certs', 'certifications', 'renewal', 'renewals', 'churn', 'mdf', 'open', 'won', 'lost', 'tier', 'requirements', 'rank', 'overview', 'numbers', 'figures']);

/** A word of some partner's name, or its plural ("oak bays" for Oak Bay). */
const isNameWord = (c: MentionContext, w: string): boolean => c.names.wordCount(w) > 0 || (w.length > 3 && w.endsWith('s') && c.names.wordCount(w.slice(0, -1)) > 0);

/** Maximal runs of name words, not starting with a generic word ("partners", "group"). */
function runs(c: MentionContext, claimed: (i: number) => boolean): Span[] {
  const out: Span[] = [];
  let i = 0;
  const ok = (j: number) => {
    const t = c.tokens[j];
    return t !== undefined && !claimed(j) && /\p{L}/u.test(t.lower) && (isNameWord(c, t.lower) || t.lower === 'and');
  };
  while (i < c.tokens.length) {
    const t = c.tokens[i];
    if (!t || !ok(i) || GENERIC_NAME_WORDS.has(t.lower) || t.lower === 'and') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < c.tokens.length && ok(j) && adjacent(c, j) && !ampersand(c, j)) j++;
    // A run does not end on "and": "fabrikam and tailspin" is two names.
    let end = j;
    while (end > i && c.tokens[end - 1]?.lower === 'and') end--;
    out.push(...splitOnAnd(c, { from: i, to: end }));
    i = j;
  }
  return out;
}

/** "fabrikam and tailspin" → two runs, unless the whole run is one partner's name ("City Power and Light"). */
function splitOnAnd(c: MentionContext, span: Span): Span[] {
  const words = c.tokens.slice(span.from, span.to).map((t) => t.lower);
  if (!words.includes('and') || c.names.resolve(words.join(' ')).kind !== 'none') return [span];
  const parts: Span[] = [];
  let from = span.from;
  for (let k = span.from; k <= span.to; k++) {
    if (k === span.to || c.tokens[k]?.lower === 'and') {
      if (k > from) parts.push({ from, to: k });
      from = k + 1;
    }
  }
  return parts;
}

/** "fabrikam & granite hub": two names, unless one partner's name has the "&" in it. */
function ampersand(c: MentionContext, j: number): boolean {
  const prev = c.tokens[j - 1];
  const cur = c.tokens[j];
  if (!prev || !cur || !c.source.slice(prev.end, cur.start).includes('&')) return false;
  let from = j - 1;
  while (from > 0 && adjacent(c, from)) from--;
  let to = j + 1;
  while (to < c.tokens.length && adjacent(c, to)) to++;
  return c.names.resolve(c.source.slice(c.tokens[from]?.start ?? 0, c.tokens[to - 1]?.end ?? 0)).kind === 'none';
}

// A name does not run across punctuation: "Gold, Fabrikam" is two things.
function adjacent(c: MentionContext, j: number): boolean {
  const prev = c.tokens[j - 1];
  const cur = c.tokens[j];
  if (!prev || !cur) return true;
  return /^[\s&'.-]*$/.test(c.source.slice(prev.end, cur.start));
}

/** Whether a run of name words is meant as a name here. */
function isMention(c: MentionContext, span: Span, resolvedInScope: boolean): boolean {
  // A partner the asker can see, named by its whole name, a run of its words or a word no other
  // partner of the program has ("tailspin"), is that partner even when the words are ordinary.
  if (resolvedInScope) return true;
  const toks = c.tokens.slice(span.from, span.to);
  // A word only one partner of the program has ("fabrikam") is that name wherever it stands.
  if (toks.some((t) => c.names.wordCount(t.lower) === 1 && !GENERIC_NAME_WORDS.has(t.lower) && !c.isCommonEnglish(t.lower))) return true;
  if (toks.some((t) => !c.isOrdinary(t.lower) && !GENERIC_NAME_WORDS.has(t.lower))) return true;
  if (toks.some((t, k) => span.from + k > 0 && /^\p{Lu}/u.test(t.raw) && t.lower !== 'i')) return true;
  const before = c.tokens[span.from - 1]?.lower ?? '';
  const after = c.tokens[span.to]?.lower ?? '';
  return LEAD.has(before) || TRAIL.has(after);
}

/**
 * Every partner the question names, in order. `first` runs before the fixed slots and takes only
 * multi-word runs that are a visible partner's name ("Silver Soft Integrators" before "silver" is
 * read as a tier); the second pass, after them, takes the rest.
 */
export function findPartnerMentions(c: MentionContext, pass: 'first' | 'rest'): PartnerMention[] {
  const out: PartnerMention[] = [];
  for (const span of runs(c, c.taken)) {
    const words = c.tokens.slice(span.from, span.to);
    const text = textOf(c.source, c.tokens, span);
    const match = c.names.resolve(words.map((t) => t.lower).join(' '));
    if (pass === 'first') {
      // Before the tiers and metrics read their words: a visible partner's name of two words or
      // more, or three name words in a row ("silver tech digital"), is a name as a whole.
      if (span.to - span.from >= 2 && match.kind === 'one') out.push(mention(c, match.partner, span));
      else if (span.to - span.from >= 3 && match.kind === 'none') out.push({ name: text, span, inScope: false, own: false });
      continue;
    }
    if (!isMention(c, span, match.kind === 'one')) continue;
    if (match.kind === 'one') out.push(mention(c, match.partner, span));
    else if (match.kind === 'several') out.push({ name: text, span, inScope: true, own: false, choices: match.partners });
    else out.push({ name: text, span, inScope: false, own: false });
  }
  if (pass === 'rest') out.push(...unknownNames(c, out));
  return out.sort((a, b) => a.span.from - b.span.from);
}

/** Words no dictionary has and no partner uses, where a name goes: "how is acmecorp doing" → can't find. */
function unknownNames(c: MentionContext, found: readonly PartnerMention[]): PartnerMention[] {
  const inFound = (i: number) => found.some((m) => i >= m.span.from && i < m.span.to);
  const unknown = (i: number) => {
    const t = c.tokens[i];
    return t !== undefined && !c.taken(i) && !inFound(i) && /^\p{L}[\p{L}\p{N}]{2,}$/u.test(t.lower) && !c.isOrdinary(t.lower) && !isNameWord(c, t.lower);
  };
  const out: PartnerMention[] = [];
  for (let i = 0; i < c.tokens.length; i++) {
    if (!unknown(i)) continue;
    let j = i + 1;
    const capital = (k: number) => /^\p{Lu}/u.test(c.tokens[k]?.raw ?? '') && !c.taken(k) && !inFound(k);
    // "Woodgrove Nonexistent": capitalised words after an unknown one belong to the same name.
    while (j < c.tokens.length && j < i + 4 && (unknown(j) || (capital(i) && capital(j))) && adjacent(c, j)) j++;
    const span = { from: i, to: j };
    const before = c.tokens[i - 1]?.lower ?? '';
    const after = c.tokens[j]?.lower ?? '';
    const capitalised = i > 0 && /^\p{Lu}/u.test(c.tokens[i]?.raw ?? '');
    if (NAME_LEAD.has(before) || TRAIL.has(after) || capitalised) out.push({ name: textOf(c.source, c.tokens, span), span, inScope: false, own: false });
    i = j - 1;
  }
  return out;
}

function mention(c: MentionContext, p: PartnerInfo, span: Span): PartnerMention {
  return { name: p.name, span, inScope: true, own: p.id === c.ownPartnerId };
}
