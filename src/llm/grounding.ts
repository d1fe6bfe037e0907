// Grounding: a model's sentence may be shown only when every number in it appears in what our
// own code returned for this question, it names no partner the asker cannot see, and every link
// in it goes to the program's own pages or to Slack or Teams. Anything else is an invented figure,
// a leak or a lure, and the templated summary is used instead.

import { GENERIC_NAME_WORDS, nameWords, type PartnerNames } from '../metrics/partner-names.ts';
import { numbersIn, type ProseNumber } from './prose-numbers.ts';

export { foldNumerals, numbersIn, type ProseNumber } from './prose-numbers.ts';

/** Every number inside a result: JSON numbers and the numbers written in its strings. */
export function numbersOf(value: unknown, into: number[] = []): number[] {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) into.push(value);
  } else if (typeof value === 'string') {
    for (const n of numbersIn(value)) into.push(n.value);
  } else if (Array.isArray(value)) {
    for (const v of value) numbersOf(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) numbersOf(v, into);
  }
  return into;
}

/**
 * A stated number matches a known one when it is that number rounded to the precision stated:
 * "84%" for 83.96, "$0.4M" for 420,000 (one decimal of millions), not "$500k" for 420,000.
 */
const matches = (p: ProseNumber, known: number): boolean => Math.abs(known - p.value) <= p.step / 2 + 1e-9;

/**
 * The numbers in `prose` that appear nowhere in `sources` (empty: the prose is grounded). Numbers
 * in `untrusted` never count as known, even when a source repeats them.
 */
export function inventedNumbers(prose: string, sources: readonly unknown[], untrusted: readonly number[] = []): string[] {
  const known = numbersOf(sources).filter((k) => !untrusted.includes(k));
  return numbersIn(prose)
    .filter((p) => !known.some((k) => matches(p, k)))
    .map((p) => p.text);
}

/** Every string inside a value, for the words our own results use. */
function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, into);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) stringsOf(v, into);
  return into;
}

/**
 * Words of `prose` that belong to the name of a partner the asker cannot see: a word some partner
 * of the program has in its name, no partner in the asker's scope has, and neither the question
 * nor our own (scoped) results use. Generic company words ("Systems", "Partners") never count.
 * Only counts of words are read program-wide, never another partner's name.
 */
export function hiddenPartnerWords(prose: string, names: PartnerNames, sources: readonly unknown[]): string[] {
  const known = new Set(nameWords(stringsOf(sources).join(' ')));
  const out = new Set<string>();
  for (const w of nameWords(prose)) {
    if (w.length < 3 || GENERIC_NAME_WORDS.has(w) || known.has(w) || names.isVisibleWord(w)) continue;
    if (names.wordCount(w) > 0) out.add(w);
  }
  return [...out];
}

/** Slack's and Teams' own hosts: links into the workspace or the chat itself. */
const CHAT_HOSTS = ['slack.com', 'teams.microsoft.com', 'teams.live.com', 'teams.cloud.microsoft'];

/**
 * A link: any scheme with "//" ("https://…", "ftp://…"), the schemes that need none (mailto:,
 * javascript:, data:, tel:, sms:, file:), or a bare domain ("evil.example/login", "www.x.io"),
 * which Slack and Teams turn into links by themselves.
 */
const LINK =
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>|"')\]]+|\b(?:mailto|javascript|vbscript|data|tel|sms|file):[^\s<>|"')\]]+|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}\b(?:[/:?#][^\s<>|"')\]]*)?/giu;

/** The web host a link opens; undefined for anything that is not http(s). */
const hostOf = (link: string): string | undefined => {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(link) || /^(?:mailto|javascript|vbscript|data|tel|sms|file):/i.test(link) ? link : `https://${link}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

/**
 * Links in `prose` that lead anywhere but the program's portal (and the hosts of its own action
 * links, from program.yml) or Slack and Teams. A link without a readable web host (mailto:,
 * javascript:, data:) is never allowed.
 */
export function foreignLinks(prose: string, programUrls: readonly string[]): string[] {
  const allowed = [...CHAT_HOSTS, ...programUrls.map((u) => hostOf(u)).filter((h): h is string => h !== undefined)];
  const out: string[] = [];
  for (const m of prose.normalize('NFKC').matchAll(LINK)) {
    const link = m[0].replace(/[.,;:!?]+$/, '');
    // "e.g.", "3.5", "i.e." and the like have no host of two letters or more.
    if (!/[a-z]/i.test(link)) continue;
    const host = hostOf(link);
    if (host !== undefined && allowed.some((h) => host === h || host.endsWith(`.${h}`))) continue;
    out.push(link.slice(0, 80));
  }
  return out;
}
