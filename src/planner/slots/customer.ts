import type { Token } from '../text.ts';
import { textOf, type NameRun } from './names.ts';
import { spanOfChars } from './span.ts';

// The customer a deal question filters on: "deals with Acme", "for customer Contoso Bank",
// 'deals with "acme corp"', "sterling transit deals", "open deals for fourth coffee". A customer's
// name may be made of ordinary words ("City Power & Light"), so it is read as the words between a
// cue and the next word that ends it, and it must hold a word outside the planner's own vocabulary.

const CUSTOMER_WORDS = new Set(['customer', 'customers', 'client', 'clients', 'account', 'end-customer', 'enduser']);
const DEAL_WORDS = /\b(deals?|registrations?|regs?|opportunit\w*|anything|pipeline)\b/;
const QUOTED = /^\s+(?:named\s+|called\s+)?["']([^"']{1,60})["']/;
/** Words that end a name: the rest of the question. */
const ENDS = new Set(
  'that which who whose in from over since this last next during by and or but are is was were still expiring expire expires expired closing close closed status deal deals registration registrations regs opportunity opportunities we our us you your they their them it its any all open won lost pending approved rejected submitted there have has had do does did to at on for with of please pls now today yet right'.split(
    ' ',
  ),
);
/** Words that describe deals rather than name a customer ("our open co-sell deals"). */
const DESCRIBES = new Set(
  'the a an our my their your its all any some every open won lost pending approved rejected expired submitted registered active current new recent latest biggest largest top big small co sell show list give me what which how many much of for more another extra additional dozen couple few bunch lot lots one two three four five six seven eight nine ten'.split(
    ' ',
  ),
);

export interface CustomerContext {
  source: string;
  tokens: readonly Token[];
  /** A word of the planner's own vocabulary (metrics, tiers, the intents' examples). */
  isDomain: (lower: string) => boolean;
  taken: (i: number) => boolean;
}

const hasName = (c: CustomerContext, from: number, to: number): boolean =>
  c.tokens.slice(from, to).some((t) => !c.isDomain(t.lower) && /\p{L}/u.test(t.lower));

/** The words after `at` up to the first that ends a name (at most 5). */
function runAfter(c: CustomerContext, at: number): NameRun | undefined {
  let j = at;
  while (j < c.tokens.length && j < at + 5 && !c.taken(j) && !ENDS.has(c.tokens[j]?.lower ?? '') && /[\p{L}\p{N}]/u.test(c.tokens[j]?.raw ?? '')) j++;
  if (j === at || !hasName(c, at, j)) return undefined;
  return { text: textOf(c.source, c.tokens, { from: at, to: j }), span: { from: at, to: j } };
}

/** The words right before a deal word that are not describing words: "sterling transit deals". */
function runBefore(c: CustomerContext, dealAt: number): NameRun | undefined {
  let i = dealAt;
  while (i > 0 && i > dealAt - 4 && !c.taken(i - 1) && !DESCRIBES.has(c.tokens[i - 1]?.lower ?? '') && !ENDS.has(c.tokens[i - 1]?.lower ?? '')) i--;
  if (i === dealAt || !hasName(c, i, dealAt)) return undefined;
  return { text: textOf(c.source, c.tokens, { from: i, to: dealAt }), span: { from: i, to: dealAt } };
}

export function findCustomer(c: CustomerContext): NameRun | undefined {
  const lower = c.source.toLowerCase();
  const dealTalk = DEAL_WORDS.test(lower);
  for (let i = 0; i < c.tokens.length; i++) {
    const w = c.tokens[i]?.lower ?? '';
    const cue = CUSTOMER_WORDS.has(w) || (dealTalk && (w === 'with' || w === 'for'));
    if (!cue || c.taken(i)) continue;
    const end = c.tokens[i]?.end ?? 0;
    const quoted = QUOTED.exec(c.source.slice(end));
    if (quoted?.[1]) {
      const start = end + quoted.index;
      const span = spanOfChars(c.tokens, start, start + quoted[0].length);
      if (span) return { text: quoted[1].trim(), span };
    }
    let at = i + 1;
    if (['named', 'called', 'the'].includes(c.tokens[at]?.lower ?? '')) at++;
    if (CUSTOMER_WORDS.has(c.tokens[at]?.lower ?? '')) continue;
    const run = runAfter(c, at);
    if (run) return run;
  }
  if (!dealTalk) return undefined;
  for (let i = 1; i < c.tokens.length; i++) {
    if (!/^(deals?|registrations?|regs?|opportunit\w*)$/.test(c.tokens[i]?.lower ?? '')) continue;
    // "coho winery's deals": the possessive belongs to the name.
    const at = c.tokens[i - 1]?.lower === 's' ? i - 1 : i;
    const run = runBefore(c, at);
    if (run) return run;
  }
  return undefined;
}
