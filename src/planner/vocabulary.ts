import type { IntentDef } from '../../intents/types.ts';
import { programMetrics } from '../program/metrics.ts';
import type { Program } from '../program/schema.ts';
import { englishWords } from './lexicon.ts';
import { STOPWORD_WORDS, tokenize } from './text.ts';

// The words the planner knows. A word it does not know, in the place a name goes, is taken for a
// partner, customer or person name; so this list keeps ordinary words from being mistaken for one.

const COMMON = `
a about above after again against all almost also always am among an and another any anything anyone are area around as ask
asked at away back bad be because been before being below best better between big bit both bring but buy by call came can
cant change check clear come coming company could current currently data day days did didnt do does doesnt doing done dont
down during each early either else end enough even ever every everyone everything exactly far fast few figure figures find
first for from full get gets getting give given go goes going gone good got great had has hasnt have having he hello help her
here hey hi high him his how however i if im in info information into is isnt it its just keep kind know last late later
latest least less let like likely list little long look looking lot lots low made make many may maybe me mean might mine
more most much must my need needs never new next nice no none nor not nothing now number numbers of off often ok okay on
once one only open or other others our ours out over own part past people per please plus point possible pretty put quick
quickly quite rather real really recent recently right same say see seem seems set several shall she should show since so
some someone something soon still such sure take team tell than thank thanks that the their them then there these they
thing things think this those though through thru till time times to today together told too total toward under until up
upon us use used using very via want wanted was way we well were what whats when where whether which while who whole whom
whose why will with within without wont work would yeah year years yes yet you your yours yourself company companys
business account accounts partnership partnerships organisation organization firm side stand standing doing fare faring
stats statistics metric metrics kpis update updates report reports status view please pls thx ty cheers morning afternoon
evening day week weeks month months quarter quarters year years today yesterday tomorrow ytd qtd mtd ttm ltm fy q1 q2 q3 q4
jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september october november
december monday tuesday wednesday thursday friday saturday sunday trailing rolling previous prior so far date period periods
compare compared comparison versus vs against change changed growth grew trend trending up down higher lower increase
decrease percent percentage rate rates value values amount amounts dollars money count counts average sum
deal deals registration registrations certification certifications cert certs certificate certificates certified expiring
expire expires expired expiry lapse lapsing lapsed renew renewal renewals won win wins lost lose approved pending rejected
submitted open closed active customer customers client clients product products holder holders tier tiers level levels
partner partners partnered program programme portal vendor gold silver platinum registered
me mine myself ourselves we us our ours
qbr ebr kpi kpis okr okrs roi crm erp asap fyi eod eow tldr lmk btw imo np
`;

export interface Vocabulary {
  /** A word the planner knows: ordinary English, or a word of its own domain. */
  has: (lower: string) => boolean;
  /** The domain's own words, most important first: tiers, metric words, the intents' words. */
  domain: readonly string[];
  isDomain: (lower: string) => boolean;
}

/**
 * Built from the program's tiers, its metrics' words (built-in and its own), the intents' examples (their
 * lower-case words; capitalised words there are names) and a list of common chat words, on top
 * of ordinary English.
 */
export function buildVocabulary(intents: readonly IntentDef[], program: Program): Vocabulary {
  const english = englishWords();
  const domain = new Set<string>();
  const addAll = (text: string) => {
    for (const t of tokenize(text)) if (/^\p{L}+$/u.test(t.lower)) domain.add(t.lower);
  };
  for (const t of program.tiers) addAll(t.name);
  // The program's metrics: the built-in catalog and the vendor's own.
  for (const m of programMetrics(program).all) {
    addAll(m.label);
    addAll(m.name.replace(/_/g, ' '));
    for (const s of m.synonyms) addAll(s);
  }
  for (const intent of intents) {
    for (const example of intent.examples) {
      // Capitalised words there are names ("Fabrikam"), even at the start of a sentence.
      tokenize(example).forEach((t, i) => {
        const plain = !/^\p{Lu}/u.test(t.raw) || (i === 0 && english.has(t.lower));
        if (plain && /^\p{L}+$/u.test(t.lower)) domain.add(t.lower);
      });
    }
  }
  for (const w of COMMON.split(/\s+/)) if (w) domain.add(w);
  // The vendor's own name is context, never a partner or customer being asked about.
  addAll(program.vendor);
  return { has: (w) => domain.has(w) || english.has(w) || STOPWORD_WORDS.has(w), domain: [...domain], isDomain: (w) => domain.has(w) };
}
