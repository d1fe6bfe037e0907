import type { IntentDef } from '../../intents/types.ts';
import type { Program } from '../program/schema.ts';
import { analyse } from './analyse.ts';
import { trainClassifier, type Classifier, type TrainingDoc } from './classifier.ts';
import { corrector, englishWords, type Corrector } from './lexicon.ts';
import { normalise } from './normalise.ts';
import { prepare, tokenize } from './text.ts';
import { corpus } from './corpus.ts';
import { buildVocabulary, type Vocabulary } from './vocabulary.ts';

/** What the rules planner learns once per program: its vocabulary, its typo targets, its weights. */
export interface Model {
  vocab: Vocabulary;
  /** Typos towards the domain's words (tiers, metrics, the intents' words). */
  domain: Corrector;
  classifier: Classifier;
  intents: readonly IntentDef[];
}

/** Each example as the planner reads a question: normalised, its slots masked. */
function docsOf(intents: readonly IntentDef[], program: Program, today: string, vocab: Vocabulary, domain: Corrector): TrainingDoc[] {
  const read = (text: string, label: string): TrainingDoc => {
    const clean = normalise(prepare(text));
    const a = analyse(clean, tokenize(clean), {
      role: 'partner_admin',
      distributorAdmin: false,
      ownPartnerId: null,
      ownPartner: null,
      program,
      today,
      isOrdinary: vocab.has,
      isDomain: vocab.isDomain,
    });
    return { label, features: a.features };
  };
  const docs: TrainingDoc[] = [];
  for (const intent of intents) {
    for (const example of intent.examples) docs.push(read(example, intent.name));
  }
  // The exam's train part (intents/train.jsonl): how people really phrase each intent. Typos are
  // put right first; a word still unknown is a name ("fabrikam", "woodgrove") and reads as one.
  for (const line of corpus()) {
    if (!intents.some((i) => i.name === line.intent)) continue;
    const named = normalise(prepare(line.text), domain)
      .split(/\s+/)
      .map((w) => {
        const bare = w.toLowerCase().replace(/[^\p{L}\p{N}'’-]/gu, '').replace(/['’]s$/, '');
        return bare === '' || /\d/.test(bare) || vocab.has(bare) ? w : 'Zed';
      })
      .join(' ');
    docs.push(read(named, line.intent));
  }
  return docs;
}

export function buildModel(intents: readonly IntentDef[], program: Program, today: string): Model {
  const vocab = buildVocabulary(intents, program);
  const english = englishWords();
  const domain = corrector(vocab.domain, (w) => english.has(w));
  const classifier = trainClassifier(docsOf(intents, program, today, vocab, domain));
  return { vocab, domain, classifier, intents };
}
