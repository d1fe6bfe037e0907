import { INTENTS } from '../../intents/index.ts';
import type { IntentDef } from '../../intents/types.ts';
import { log } from '../log.ts';
import type { Program } from '../program/schema.ts';
import { analyse, analyseExample, type Analysis } from './analyse.ts';
import { buildArgs, clarifyQuestion, INTENT_LABELS } from './args.ts';
import { carryPartner, followUp, previousRun } from './follow-up.ts';
import { buildExampleIndex, type ExampleIndex } from './similarity.ts';
import { findSeq, prepare, stemsOf, tokenize } from './text.ts';
import type { Plan, PlanInput, Planner } from './types.ts';
import { buildVocabulary, type Vocabulary } from './vocabulary.ts';

/** Below this score nothing matched well enough: help rather than a guess. */
const MIN_SCORE = 1.6;
/** Two intents this close make one clarifying question rather than a coin toss. */
const AMBIGUOUS_MARGIN = 0.4;
/** Weight of the similarity to examples against keyword points. */
const SIMILARITY_WEIGHT = 4;

interface Model {
  vocab: Vocabulary;
  index: ExampleIndex;
  keywords: Map<string, { stems: string[]; weight: number }[]>;
}

interface Scored {
  intent: IntentDef;
  score: number;
}

/**
 * The embedded planner: deterministic and offline. Scores each intent by keyword weights, slot
 * evidence and tf-idf similarity to its examples, reads the arguments from the question's slots,
 * and asks back when two intents tie or answers with help when nothing fits.
 */
export function createRulesPlanner(intents: readonly IntentDef[] = INTENTS): Planner {
  // The program names the tiers the examples mention, so the model is built per program, once.
  const models = new WeakMap<Program, Model>();
  const modelFor = (program: Program, today: string): Model => {
    let m = models.get(program);
    if (!m) {
      m = buildModel(intents, program, today);
      models.set(program, m);
    }
    return m;
  };

  return {
    name: 'rules',
    async plan(input: PlanInput): Promise<Plan> {
      const text = prepare(input.text);
      const tokens = tokenize(text);
      if (!tokens.some((t) => /\p{L}/u.test(t.raw))) return { kind: 'help', reason: "I couldn't find a question in that." };
      const model = modelFor(input.program, input.today);
      const a = await analyse(text, tokens, input, model.vocab);

      const previous = previousRun(input.context);
      if (previous) {
        const follow = followUp({ analysis: a, previous, intents, named: keywordHits(intents, a, model) });
        if (follow) return follow;
      }

      const ranked = rank(intents, a, model);
      const crossPartner = crossPartnerRequest(a, input);
      // Peer intents answer a partner with its own place and anonymous aggregates only.
      if (crossPartner && !PEER_SAFE.has(ranked[0]?.intent.name ?? '')) return { kind: 'help', reason: crossPartner };
      if (log.isLevelEnabled('debug')) {
        log.debug({ features: a.features.join(' '), scores: ranked.map((r) => `${r.intent.name}=${r.score.toFixed(2)}`).join(' ') }, 'rules planner');
      }
      const [best, second] = ranked;
      if (!best || best.score < MIN_SCORE) return { kind: 'help', reason: "I'm not sure what you're asking." };
      if (!best.intent.roles.includes(input.principal.role)) {
        return { kind: 'help', reason: 'That question is not available for your role.' };
      }
      if (second && best.score - second.score < AMBIGUOUS_MARGIN && second.intent.roles.includes(input.principal.role)) {
        return {
          kind: 'clarify',
          clarify: {
            question: `I can read that two ways. Which do you mean: ${labelOf(best)} or ${labelOf(second)}?`,
            options: [best, second].map((s) => ({ label: labelOf(s), text: clarifyQuestion(s.intent.name, a, input) })),
          },
        };
      }
      return carryPartner(buildArgs(best.intent, a), a, previous, intents);
    },
  };
}

function buildModel(intents: readonly IntentDef[], program: Program, today: string): Model {
  const vocab = buildVocabulary(intents, program);
  const docs = intents.flatMap((intent) =>
    intent.examples.map((ex) => {
      const text = prepare(ex);
      return { intent: intent.name, features: analyseExample(text, tokenize(text), program, today, vocab).features };
    }),
  );
  const keywords = new Map(
    intents.map((i) => [i.name, Object.entries(i.keywords).map(([k, weight]) => ({ stems: stemsOf(k), weight }))] as const),
  );
  return { vocab, index: buildExampleIndex(docs), keywords };
}

/** Every intent with its score, best first. */
function rank(intents: readonly IntentDef[], a: Analysis, model: Model): Scored[] {
  const sims = model.index.similarities(a.features);
  return intents
    .map((intent) => {
      const kw = (model.keywords.get(intent.name) ?? []).reduce((s, k) => (findSeq(a.stems, k.stems) >= 0 ? s + k.weight : s), 0);
      const score = kw + slotEvidence(intent.name, a) + SIMILARITY_WEIGHT * (sims.get(intent.name) ?? 0);
      return { intent, score };
    })
    .sort((x, y) => y.score - x.score);
}

/** Intents whose own keywords the question uses. */
function keywordHits(intents: readonly IntentDef[], a: Analysis, model: Model): Set<string> {
  const hits = new Set<string>();
  for (const intent of intents) {
    if ((model.keywords.get(intent.name) ?? []).some((k) => findSeq(a.stems, k.stems) >= 0)) hits.add(intent.name);
  }
  return hits;
}

const labelOf = (s: Scored): string => INTENT_LABELS[s.intent.name] ?? s.intent.name;

const has = (a: Analysis, stem: string): boolean => a.stems.includes(stem);
const DEAL_WORDS = ['deal', 'regist', 'opportunit'];

/** What the slots found says about the intent, beyond the words. */
function slotEvidence(intent: string, a: Analysis): number {
  const dealWords = DEAL_WORDS.some((w) => has(a, w));
  const certWords = has(a, 'cert') || has(a, 'credential');
  switch (intent) {
    case 'tier_progress':
      return a.tier ? 2 : 0;
    case 'metric_query':
      return (
        (a.metric && a.metricCued ? 2.5 : a.metric ? 0 : -1.5) -
        (a.days ? 1.5 : 0) -
        (a.customer ? 1 : 0) -
        (a.holder ? 1 : 0) -
        (a.scenario ? 2 : 0) -
        (RANKING.test(a.text.toLowerCase()) ? 1.5 : 0) -
        (PEERS.test(a.text.toLowerCase()) ? 1.5 : 0) -
        (EXPLAIN.test(a.text.toLowerCase()) ? 1.5 : 0)
      );
    case 'list_deals':
      return (a.customer ? 2 : 0) + (a.status && dealWords ? 1 : 0) + (a.days && dealWords ? 1 : 0);
    case 'certifications':
      return (a.holder ? 2 : 0) + (a.days && certWords ? 1 : 0);
    case 'partner_overview':
      return a.partner ? (a.partner.inScope ? 1.2 : 0.6) : 0;
    case 'forecast':
      // Without a date or a pace, "will we make Gold?" is the tier question (which projects too).
      return a.deadline ? 2 + (a.tier ? 0.5 : 0) + (PACE.test(a.text.toLowerCase()) ? 1.5 : 0) : PACE.test(a.text.toLowerCase()) ? 1.5 : -1;
    case 'compare_peers':
      return PEERS.test(a.text.toLowerCase()) ? 2 : 0;
    case 'what_if':
      return a.scenario ? 3 : 0;
    case 'leaderboard':
      return RANKING.test(a.text.toLowerCase()) ? 2 : 0;
    case 'explain_change':
      return EXPLAIN.test(a.text.toLowerCase()) && a.metric ? 2 : 0;
    default:
      return 0;
  }
}

const RANKING = /\b(top \d+|rank\w*|leaderboard|league table|best|highest|lowest|worst|which partners?|which of (my|our|the) partners|who (is|are|has|have))\b|\b(which|who)\b.*\b(most|least)\b/;
const PEERS = /\b(peers?|percentile|benchmark\w*|stack up|other (\w+ )?partners|partners like (us|ours|me)|similar partners|(above|below) (the )?(average|median))\b/;
const EXPLAIN = /\b(why|what (made|caused|drove|happened)|explain\w*|reasons?|behind)\b/;
const PACE = /\b(at (this|that|our|the current|today's|the same) (pace|rate|run rate)|run rate|when will|per week|a week|each week|forecast\w*|project(ed|ion))\b/;

/** Intents built to answer "other partners" questions for a partner without naming anyone. */
const PEER_SAFE: ReadonlySet<string> = new Set(['compare_peers', 'leaderboard']);

const CROSS_PARTNER =
  /\b((all|every|each|other|another|the other|rest of the) (partners?|resellers?|distributors?|companies)|leaderboard|league table|rank(ing|ings|ed)?|top \d* ?(partners?|resellers?)|best (partners?|resellers?)|worst (partners?|resellers?)|which partners?|competitors?|everyone else|other companies)\b/;

/**
 * A partner asking about partners other than its own (rankings, "all partners"): no intent
 * answers that for a partner role, and saying so is better than answering a different question.
 */
function crossPartnerRequest(a: Analysis, input: PlanInput): string | undefined {
  const role = input.principal.role;
  if (role !== 'partner_user' && role !== 'partner_admin') return undefined;
  const lower = a.text.toLowerCase();
  // "Which partners can I see?" is about the asker's own access (whoami), not other partners' data.
  if (!CROSS_PARTNER.test(lower) || /\b(can i see|do i see|have access|can i access)\b/.test(lower)) return undefined;
  const own = input.principal.partnerName ?? 'your company';
  return `I can show ${own}'s own figures only, not other partners' numbers or rankings.`;
}
