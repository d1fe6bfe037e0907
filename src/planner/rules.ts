import { INTENTS } from '../../intents/index.ts';
import type { IntentDef } from '../../intents/types.ts';
import { log } from '../log.ts';
import type { PartnerNames } from '../metrics/partner-names.ts';
import type { Program } from '../program/schema.ts';
import type { Clarification } from '../reply/types.ts';
import { analyse, type Reading } from './analyse.ts';
import { planArgs } from './args.ts';
import { CHART_CUE, carryPartner, followUp, previousRun, type PreviousRun } from './follow-up.ts';
import { corrector, englishWords, type Corrector } from './lexicon.ts';
import { buildModel, type Model } from './model.ts';
import { normalise } from './normalise.ts';
import { hardParts, MAX_PARTS, softSplits, startsQuestion } from './split.ts';
import { prepare, tokenize } from './text.ts';
import type { Plan, PlanInput, Planner, SinglePlan } from './types.ts';

/** Below this probability nothing matched well enough: help rather than a guess. */
const MIN_PROBABILITY = 0.3;
/** Two intents this close make one clarifying question rather than a coin toss. */
const AMBIGUOUS_MARGIN = 0.12;
/** A follow-up cue ("and …") with an intent this sure of itself is a new question. */
const NEW_QUESTION = 0.6;
/** Below this share of words the examples know, a message is about something else. */
const OFF_TOPIC_SHARE = 0.34;

interface Scored {
  intent: IntentDef;
  probability: number;
}

interface Context {
  input: PlanInput;
  model: Model;
  names: PartnerNames;
  correct: Corrector;
}

/**
 * The embedded planner: deterministic and offline. Reads the question's slots (periods, tiers,
 * metrics, partner names, amounts…), scores each intent with weights learned from the intents'
 * own examples plus the evidence each intent declares, builds the arguments from the slots, and
 * asks back when two intents tie, when a name fits several partners, or when nothing fits.
 * A message with two or three questions gets a plan per question.
 */
export function createRulesPlanner(intents: readonly IntentDef[] = INTENTS): Planner {
  // The program names the tiers the examples mention, so the model is built per program, once.
  const models = new WeakMap<Program, Model>();
  const correctors = new WeakMap<PartnerNames, Corrector>();
  const modelFor = (program: Program, today: string): Model => {
    let m = models.get(program);
    if (!m) {
      m = buildModel(intents, program, today);
      models.set(program, m);
    }
    return m;
  };

  const correctorFor = (model: Model, names: PartnerNames): Corrector => {
    let partnerWords = correctors.get(names);
    if (!partnerWords) {
      const english = englishWords();
      partnerWords = corrector(names.visibleWords, (w) => english.has(w) || model.vocab.has(w));
      correctors.set(names, partnerWords);
    }
    const names_ = partnerWords;
    return {
      // A word of a partner's name (one the asker can see or not) is never "corrected" into
      // another word; a typo goes to the domain's words first, then to visible partners' names.
      correct: (w) => (names.wordCount(w) > 0 ? undefined : (model.domain.correct(w) ?? names_.correct(w))),
    };
  };

  return {
    name: 'rules',
    async plan(input: PlanInput): Promise<Plan> {
      const text = prepare(input.text);
      if (!/\p{L}/u.test(text)) return { kind: 'help', reason: "I couldn't find a question in that." };
      const model = modelFor(input.program, input.today);
      const names = await input.data.partnerNames();
      const ctx: Context = { input, model, names, correct: correctorFor(model, names) };
      const plans: SinglePlan[] = [];
      let previous = previousRun(input.context);
      let present: 'chart' | undefined;
      for (const part of hardParts(text)) {
        if (plans.length >= MAX_PARTS) break;
        if (CHART_CUE.test(part)) present = 'chart';
        const segment = planSegment(ctx, part, previous, plans.length === 0);
        plans.push(...segment.slice(0, MAX_PARTS - plans.length));
        previous = lastIntent(plans) ?? previous;
      }
      const kept = withoutAsides(plans);
      const [first] = kept;
      if (!first) return { kind: 'help', reason: "I couldn't find a question in that." };
      if (kept.length === 1) return present && first.kind === 'intent' ? { ...first, present } : first;
      return { kind: 'parts', parts: kept };
    },
  };
}

/**
 * Around a real question, "thx!", "boss wants to know" and "up or down" are not questions of
 * their own: small talk and help parts go when another part is answered, and a part that asks
 * the same as its neighbour with less (or the same) is folded into it.
 */
function withoutAsides(plans: readonly SinglePlan[]): SinglePlan[] {
  const answered = plans.some((p) => p.kind === 'intent' && p.intent !== 'smalltalk' && p.intent !== 'help');
  const kept = answered ? plans.filter((p) => !(p.kind === 'help' || (p.kind === 'intent' && (p.intent === 'smalltalk' || p.intent === 'help')))) : [...plans];
  const out: SinglePlan[] = [];
  for (const p of kept) {
    const prev = out.at(-1);
    if (prev?.kind === 'intent' && p.kind === 'intent' && prev.intent === p.intent) {
      if (covers(prev.args, p.args)) continue;
      if (covers(p.args, prev.args)) {
        out[out.length - 1] = p;
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

/** Every argument of `small` is in `big` with the same value. */
const covers = (big: Record<string, unknown>, small: Record<string, unknown>): boolean =>
  Object.entries(small).every(([k, v]) => JSON.stringify(big[k]) === JSON.stringify(v));

function lastIntent(plans: readonly SinglePlan[]): PreviousRun | undefined {
  const last = [...plans].reverse().find((p) => p.kind === 'intent');
  return last?.kind === 'intent' ? { intent: last.intent, args: last.args } : undefined;
}

/**
 * One stretch of text between hard breaks: one question, or two joined by "and"/"also" when the
 * second starts a question of its own and both halves read as questions.
 */
function planSegment(ctx: Context, text: string, previous: PreviousRun | undefined, first: boolean): SinglePlan[] {
  const whole = planOne(ctx, text, first ? previous : undefined, previous);
  for (const [left, right] of softSplits(text)) {
    const rightReading = read(ctx, right);
    const ownQuestion = startsQuestion(right);
    const leftPlan = planOne(ctx, left, first ? previous : undefined, previous);
    if (leftPlan.kind !== 'intent') continue;
    const leftPrev = { intent: leftPlan.intent, args: leftPlan.args };
    // "… and the bottom 5", "… and granite hub's": the right half borrows the left's question.
    const rightPlan = planOne(ctx, right, leftPrev, leftPrev);
    if (rightPlan.kind === 'help') continue;
    if (rightPlan.kind === 'intent' && rightPlan.intent === leftPlan.intent && sameArgs(rightPlan.args, leftPlan.args)) continue;
    // Without a question word, split only where the halves name different things of one kind
    // ("revenue and pipeline", "Gold and which certs"), never a name with "and" in it.
    if (!ownQuestion && !distinctHalves(read(ctx, left), rightReading, leftPlan, rightPlan)) continue;
    const rest = planSegment(ctx, right, leftPrev, false);
    return shareSlots([leftPlan, ...rest]);
  }
  return [whole];
}

function distinctHalves(left: Reading, right: Reading, l: SinglePlan, r: SinglePlan): boolean {
  if (l.kind !== 'intent' || r.kind !== 'intent') return false;
  if (left.metric && right.metric && left.metric.metric !== right.metric.metric) return true;
  return l.intent !== r.intent && right.stems.length >= 2;
}

/**
 * What one part names serves the others that name none: a partner for every part ("Northwind's
 * open deals and their certs"), a period, group, region or tier for parts asking the same kind of
 * question ("revenue and pipeline this quarter").
 */
function shareSlots(plans: SinglePlan[]): SinglePlan[] {
  const intents = plans.filter((p) => p.kind === 'intent');
  const give = (key: string, from: (p: (typeof intents)[number]) => boolean) => intents.find((p) => p.args[key] !== undefined && from(p))?.args[key];
  return plans.map((p) => {
    if (p.kind !== 'intent') return p;
    const def = INTENTS.find((i) => i.name === p.intent);
    const filled = { ...p.args };
    const offer = (key: string, value: unknown) => {
      if (value !== undefined && filled[key] === undefined && def && key in def.args.shape && def.args.shape[key]?.safeParse(value).success) filled[key] = value;
    };
    // "how close are we to Gold and would 2 more certs get us there": a partner, tier or figure
    // named once is what "there", "it" and "them" mean in the other parts.
    for (const key of ['partner', 'tier', 'metric']) offer(key, give(key, () => true));
    for (const key of ['period', 'group', 'region']) offer(key, give(key, (o) => o.intent === p.intent));
    return { ...p, args: filled };
  });
}

const sameArgs = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => JSON.stringify(a) === JSON.stringify(b);

function read(ctx: Context, text: string): Reading {
  const clean = normalise(text, ctx.correct);
  const p = ctx.input.principal;
  return analyse(clean, tokenize(clean), {
    role: p.role,
    distributorAdmin: p.role === 'partner_admin' && p.visible.kind === 'some' && p.visible.ids.size > 1,
    ownPartnerId: p.partnerId,
    ownPartner: p.partnerName,
    program: ctx.input.program,
    today: ctx.input.today,
    isOrdinary: ctx.model.vocab.has,
    isDomain: ctx.model.vocab.isDomain,
    names: ctx.names,
  });
}

/** One question. `previous` is the question it may follow up ("and last quarter?"). */
function planOne(ctx: Context, text: string, previous: PreviousRun | undefined, carryFrom: PreviousRun | undefined): SinglePlan {
  const a = read(ctx, text);
  if (!a.tokens.some((t) => /\p{L}/u.test(t.raw))) return { kind: 'help', reason: "I couldn't find a question in that." };
  const { intents } = ctx.model;
  const ranked = rank(ctx.model, a);
  if (previous) {
    // A question that clearly asks for something else is a new question, not a follow-up.
    const top = ranked[0];
    const named = new Set(top && top.probability >= NEW_QUESTION ? [top.intent.name] : []);
    const follow = followUp({ analysis: a, previous, intents, named });
    if (follow) return follow;
  }
  if (log.isLevelEnabled('debug')) {
    log.debug({ text: a.text, features: a.features.join(' '), scores: ranked.slice(0, 4).map((r) => `${r.intent.name}=${r.probability.toFixed(2)}`).join(' ') }, 'rules planner');
  }
  const [best, second] = ranked;
  const takes = (i: IntentDef | undefined) => i !== undefined && ('partner' in i.args.shape || 'partners' in i.args.shape);
  // A name several partners share is settled first; the question is asked again with the one meant.
  if (a.ambiguousPartner && (takes(best?.intent) || !best || best.probability < MIN_PROBABILITY)) {
    return { kind: 'clarify', clarify: withQuestion(a.ambiguousPartner, a.text) };
  }
  if (!best || best.probability < MIN_PROBABILITY) return { kind: 'help', reason: "I'm not sure what you're asking." };
  if (best.intent.name === 'help' || second?.intent.name === 'help') {
    if (best.intent.name === 'help') return { kind: 'help', reason: '' };
  }
  const role = ctx.input.principal.role;
  const tie = second && second.intent.name !== 'help' && best.probability - second.probability < AMBIGUOUS_MARGIN;
  if (second && tie && second.intent.roles.includes(role) && best.intent.roles.includes(role)) {
    return {
      kind: 'clarify',
      clarify: {
        question: `I can read that two ways. Which do you mean: ${labelOf(best.intent)} or ${labelOf(second.intent)}?`,
        options: [best, second].map((s) => ({ label: labelOf(s.intent), text: s.intent.rephrase?.(a) ?? a.text })),
      },
    };
  }
  const planned = planArgs(best.intent, a);
  if ('clarify' in planned) return { kind: 'clarify', clarify: planned.clarify };
  const plan: SinglePlan = { kind: 'intent', intent: best.intent.name, args: planned.args };
  return carryPartner(plan, a, carryFrom, intents);
}

const labelOf = (i: IntentDef): string => i.label ?? i.name;

/** The partner choices as whole questions: the question asked again with the partner's full name. */
function withQuestion(c: Clarification, text: string): Clarification {
  const asked = /“([^”]+)”/.exec(c.question)?.[1];
  return {
    question: c.question,
    options: c.options.map((o) => {
      const replaced = asked ? text.replace(new RegExp(asked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), o.label) : text;
      return { label: o.label, text: replaced === text ? `${text} (${o.label})` : replaced };
    }),
  };
}

/** Every intent with its probability (the classifier's, moved by each intent's own evidence), best first. */
function rank(model: Model, a: Reading): Scored[] {
  const { probabilities, known } = model.classifier.predict(a.features);
  if (known === 0) return [];
  // Mostly words no example uses ("book me a flight to denver"): not a question for us.
  const words = a.features.filter((f) => !f.includes('_') && !f.startsWith('<')).length;
  const knownWords = a.features.filter((f) => !f.includes('_') && !f.startsWith('<') && model.classifier.knows(f)).length;
  if (words >= 3 && knownWords / words < OFF_TOPIC_SHARE && !a.metric?.cued && !a.tier) return [];
  const scores = model.intents.map((intent) => ({
    intent,
    score: Math.log(probabilities.get(intent.name) ?? 1e-9) + (intent.evidence?.(a) ?? 0),
  }));
  const max = Math.max(...scores.map((s) => s.score));
  const total = scores.reduce((t, s) => t + Math.exp(s.score - max), 0);
  return scores.map((s) => ({ intent: s.intent, probability: Math.exp(s.score - max) / total })).sort((x, y) => y.probability - x.probability);
}
