import type { IntentDef } from '../../intents/types.ts';
import { ALL_METRICS } from '../metrics/catalog.ts';
import type { Program } from '../program/schema.ts';
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
`;

export interface Vocabulary {
  has: (lower: string) => boolean;
}

/**
 * Built from the intents (lower-case words of their examples; capitalised words there are names),
 * their keywords, the catalog's metric words, the program's tiers and a list of common words.
 */
export function buildVocabulary(intents: readonly IntentDef[], program: Program): Vocabulary {
  const words = new Set<string>(COMMON.split(/\s+/).filter(Boolean));
  const addAll = (text: string) => {
    for (const t of tokenize(text)) words.add(t.lower);
  };
  for (const intent of intents) {
    for (const example of intent.examples) {
      tokenize(example).forEach((t, i) => {
        if (i === 0 || !/^\p{Lu}/u.test(t.raw)) words.add(t.lower);
      });
    }
    for (const k of Object.keys(intent.keywords)) addAll(k);
  }
  for (const m of ALL_METRICS) {
    addAll(m.label);
    addAll(m.name.replace(/_/g, ' '));
    for (const s of m.synonyms) addAll(s);
  }
  for (const t of program.tiers) addAll(t.name);
  // The vendor's own name is context, never a partner or customer being asked about.
  addAll(program.vendor);
  return { has: (w) => words.has(w) || STOPWORD_WORDS.has(w) };
}
