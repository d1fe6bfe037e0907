import type { Token } from '../text.ts';
import { textOf, type NameRun } from './names.ts';

// The person whose certifications are asked about: "held by Jane Doe", "Priya's certifications",
// "what certs does sam seller hold", "jonas jovanovic certs", "certifications of holder priya".
// A person's name is one to three words outside the planner's own vocabulary.

const CERT = /^(cert|certs|certification|certifications|certificate|certificates|certified|credential|credentials|accreditation|accreditations)$/;
const STOP = new Set(
  'the a an our my their your its all any what which who how whose does do did is are has have hold holds held list show me us we for of with and status expiring expire expires soon next this last please pls still active'.split(' '),
);

/** "cert list for …", "certification status of …": still the certifications of a person. */
const LIST_WORDS = new Set(['list', 'lists', 'status', 'overview', 'summary', 'details']);

export interface HolderContext {
  source: string;
  tokens: readonly Token[];
  isDomain: (lower: string) => boolean;
  taken: (i: number) => boolean;
}

const personWord = (c: HolderContext, i: number): boolean => {
  const t = c.tokens[i];
  return t !== undefined && !c.taken(i) && !STOP.has(t.lower) && !c.isDomain(t.lower) && /^\p{L}[\p{L}'-]*$/u.test(t.lower);
};

function runFrom(c: HolderContext, at: number): NameRun | undefined {
  let j = at;
  while (j < c.tokens.length && j < at + 3 && personWord(c, j)) j++;
  return j > at ? { text: textOf(c.source, c.tokens, { from: at, to: j }), span: { from: at, to: j } } : undefined;
}

function runBefore(c: HolderContext, end: number): NameRun | undefined {
  let i = end;
  while (i > 0 && i > end - 3 && personWord(c, i - 1)) i--;
  return i < end ? { text: textOf(c.source, c.tokens, { from: i, to: end }), span: { from: i, to: end } } : undefined;
}

export function findHolder(c: HolderContext): NameRun | undefined {
  const certAt = c.tokens.findIndex((t) => CERT.test(t.lower));
  for (let i = 0; i < c.tokens.length; i++) {
    const w = c.tokens[i]?.lower ?? '';
    const next = c.tokens[i + 1]?.lower ?? '';
    let at = -1;
    if ((w === 'held' || w === 'owned' || w === 'earned') && next === 'by') at = i + 2;
    else if (w === 'holder' || w === 'holders') at = i + 1;
    // "what certs does sam seller hold/have"
    else if (certAt >= 0 && i > certAt && (w === 'does' || w === 'did') ) at = i + 1;
    // "certs for priya", "certifications of ken ito", "cert list for liam varga"
    else if (certAt >= 0 && (i === certAt + 1 || (i === certAt + 2 && LIST_WORDS.has(c.tokens[certAt + 1]?.lower ?? ''))) && (w === 'for' || w === 'of')) at = i + 1;
    if (at < 0) continue;
    const run = runFrom(c, at);
    if (run) return run;
  }
  // "jonas jovanovic certs", "Priya's certifications"
  if (certAt > 0) {
    const end = c.tokens[certAt - 1]?.lower === 's' ? certAt - 1 : certAt;
    return runBefore(c, end);
  }
  return undefined;
}
