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
import { normalise, reactionsAsWords } from './normalise.ts';
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
  /** Each stretch of text is read once per question, however many splits try it. */
  readings: Map<string, Reading>;
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
      // another word; a typo goes to the closest of the domain's words and the visible partners'
      // names, the domain's on a tie.
      correct: (w) => {
        if (names.wordCount(w) > 0) return undefined;
        const domain = model.domain.closest?.(w);
        const partner = names_.closest?.(w);
        return partner && (!domain || partner.edits < domain.edits) ? partner.word : domain?.word;
      },
    };
  };

  return {
    name: 'rules',
    async plan(input: PlanInput): Promise<Plan> {
      const text = reactionsAsWords(prepare(input.text));
      if (!/\p{L}/u.test(text)) return { kind: 'help', reason: "I couldn't find a question in that." };
      const model = modelFor(input.program, input.today);
      const names = await input.data.partnerNames();
      const ctx: Context = { input, model, names, correct: correctorFor(model, names), readings: new Map() };
      const parts: Part[] = [];
      let previous = previousRun(input.context);
      let present: 'chart' | undefined;
      hardParts(text).forEach((piece, segment) => {
        if (CHART_CUE.test(piece)) present = 'chart';
        parts.push(...planSegment(ctx, piece, previous, segment > 0).map((p) => ({ ...p, segment })));
        previous = lastIntent(parts.map((p) => p.plan)) ?? previous;
      });
      const kept = shareSlots(withoutAsides(parts)).slice(0, MAX_PARTS);
      const [first] = kept;
      if (!first) return { kind: 'help', reason: "I couldn't find a question in that." };
      if (kept.length === 1) return present && first.kind === 'intent' ? { ...first, present } : first;
      return { kind: 'parts', parts: kept };
    },
  };
}

/** One question of a message: its words, its plan, and how sure the planner is of the intent. */
interface Part {
  text: string;
  plan: SinglePlan;
  confidence: number;
  /** The question named something of its own (a figure, period, partner, tier, amount…). */
  slots: boolean;
  /** Which stretch between hard breaks it came from. */
  segment?: number;
  /** Split off at a question word ("… and which certs expire?"): a question of its own. */
  ownQuestion?: boolean;
  /** The question says it is about a group ("my partners", "across", "our resellers"). */
  groupWords: boolean;
  /** Worded like the part before it but asking something else ("top 3 …, bottom 3 …"): never folded into it. */
  alike?: boolean;
}

/** "thx!", "boss wants to know", "up or down": said around a question, not a question. */
const isAside = (p: Part): boolean =>
  p.plan.kind === 'help' ||
  (p.plan.kind === 'intent' && (p.plan.intent === 'smalltalk' || (p.plan.intent === 'help' && p.confidence < SURE) || (!p.slots && p.confidence < UNSURE))) ||
  (p.plan.kind === 'clarify' && p.plan.clarify.question.startsWith(TWO_WAYS) && !p.slots);
const TWO_WAYS = 'I can read that two ways.';

/**
 * Around a real question, "thx!" and "boss wants to know" are not questions of their own: small
 * talk and unplanned parts go when another part is answered. A short fragment that asks the same
 * as its neighbour with less ("… up or down") is folded into it.
 */
function withoutAsides(parts: readonly Part[]): Part[] {
  const answered = parts.some((p) => !isAside(p));
  const kept = answered ? parts.filter((p) => !isAside(p)) : [...parts];
  const out: Part[] = [];
  for (const part of kept) {
    const prev = out.at(-1);
    const p = part.plan;
    if (prev?.plan.kind === 'intent' && p.kind === 'intent' && prev.plan.intent === p.intent && !part.alike) {
      // The same question again, or one that adds nothing to it ("… need to kno b4 the qbr tmrw").
      if (covers(prev.plan.args, p.args) && (isFragment(part.text) || !part.slots || sameArgs(prev.plan.args, p.args))) continue;
      // "…, lead conversion last quarter": a fragment that refines the question before it.
      const refines = covers(p.args, prev.plan.args) && sameSubject(p.args, prev.plan.args);
      if (refines && (isFragment(prev.text) || (isFragment(part.text) && !startsQuestion(part.text.replace(/^\s*(also|and|plus|oh and)\s+/i, ''))))) {
        out[out.length - 1] = part;
        continue;
      }
    }
    out.push(part);
  }
  return out;
}

const isFragment = (text: string): boolean => text.trim().split(/\s+/).length <= 4;


/** Arguments that make a part a question of its own when they change. */
const SPLIT_KEYS = ['partner', 'partners', 'group', 'customer', 'holder', 'period', 'order', 'status', 'metric', 'tier', 'view', 'scenario', 'action', 'about', 'targetTier', 'region', 'compare'];
const changesSubject = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
  SPLIT_KEYS.some((k) => b[k] !== undefined && JSON.stringify(a[k]) !== JSON.stringify(b[k]));

/** Whom a question is about; a part about another partner or group is a question of its own. */
const SUBJECT_KEYS = ['partner', 'partners', 'group', 'customer', 'holder'];
const sameSubject = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
  SUBJECT_KEYS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

/** Every argument of `small` is in `big` with the same value. */
const covers = (big: Record<string, unknown>, small: Record<string, unknown>): boolean =>
  Object.entries(small).every(([k, v]) => JSON.stringify(big[k]) === JSON.stringify(v));

function lastIntent(plans: readonly SinglePlan[]): PreviousRun | undefined {
  const last = [...plans].reverse().find((p) => p.kind === 'intent');
  return last?.kind === 'intent' ? { intent: last.intent, args: last.args } : undefined;
}

/** Soft splits without a question word hold only when both halves are this sure of themselves. */
const SURE = 0.7;
/** Next to another question, a part this unsure of itself that names nothing is context ("need it for my qbr"). */
const UNSURE = 0.6;
/** A left half that names nothing ("what's my role in here, and …") must be at least this sure. */
const VERY_SURE = 0.85;

/**
 * One stretch of text between hard breaks: one question, or two joined by "and"/"also" when the
 * second starts a question of its own, or when both halves clearly ask different things.
 */
function planSegment(ctx: Context, text: string, previous: PreviousRun | undefined, inMessage: boolean): Part[] {
  const whole = planOne(ctx, text, previous, previous, inMessage);
  for (const split of softSplits(text)) {
    const { left, right } = split;
    const leftReading = read(ctx, left);
    const rightReading = read(ctx, right);
    // "compare blue forge, meridian path and tundra valley": a list of names, not two questions.
    if (endsWithName(leftReading) && startsWithName(rightReading)) continue;
    // "…, would that get us to Gold", "…, does it count": the same question, carried on.
    if (CONTINUES.test(right)) continue;
    // "deals between 10k and 50k", "between march and may": one range, not two questions.
    if (/\bbetween\s+\S+$/i.test(left)) continue;
    const l = planOne(ctx, left, previous, previous, inMessage);
    if (l.plan.kind !== 'intent' || isAside(l)) continue;
    const again = listedAgain(ctx, l, left, right, previous, inMessage);
    if (again) return [l, again];
    const leftPrev = { intent: l.plan.intent, args: l.plan.args };
    // "… and the bottom 5", "… and granite hub's": the right half borrows the left's question.
    const r = planOne(ctx, right, leftPrev, leftPrev, true);
    if (r.plan.kind === 'help' || isAside(r)) continue;
    if (r.plan.kind === 'intent' && r.plan.intent === l.plan.intent && sameArgs(r.plan.args, l.plan.args)) continue;
    const alike = parallel(left, right, l, r);
    // A bare comma splits only two questions that each start like one ("which moved tier this
    // week, which are at risk"), or two worded alike.
    if (split.joiner === 'comma' && !(startsQuestion(left) && startsQuestion(right)) && !alike) continue;
    // The right half borrowing the left's question must change whom or what it is about, not
    // just add a detail ("digest mon + thu 9:30am" is one schedule).
    if (r.plan.kind === 'intent' && l.plan.kind === 'intent' && r.plan.intent === l.plan.intent && !changesSubject(l.plan.args, r.plan.args) && !alike) continue;
    const own = startsQuestion(right);
    // Without a question word, both halves must be clear questions about different things, and
    // the left one must name something ("been a rough quarter, and…" is not a question).
    const clear = l.confidence >= (l.slots ? SURE : VERY_SURE) && r.confidence >= SURE && distinct(leftReading, rightReading, l.plan, r.plan);
    // "lucerne's certs + proseware's certs": the same question about someone else is a second one,
    // however short.
    const otherSubject = r.plan.kind === 'intent' && r.plan.intent === l.plan.intent && SUBJECT_KEYS.some((k) => r.plan.kind === 'intent' && r.plan.args[k] !== undefined) && !sameSubject(l.plan.args, r.plan.args);
    const words = (t: string) => t.split(/\s+/).length;
    if (!own && !otherSubject && !alike && !(clear && (split.joiner !== 'comma' || (words(left) >= 3 && words(right) >= 3)))) continue;
    const rest = planSegment(ctx, right, leftPrev, true);
    const [next, ...after] = rest;
    return [l, ...(next ? [{ ...next, ownQuestion: own, ...(alike ? { alike } : {}) }] : []), ...after];
  }
  return [whole];
}

/**
 * "bottom 5 by renewal rate + top 5 by renewal rate", "our expired regs, our rejected regs": two
 * halves of at least two words each, worded alike (most of the right half's words are the left's),
 * asking the same kind of question with a different order, status or figure: two questions.
 */
function parallel(left: string, right: string, l: Part, r: Part): boolean {
  if (l.plan.kind !== 'intent' || r.plan.kind !== 'intent' || l.plan.intent !== r.plan.intent || !l.slots || !r.slots) return false;
  const wordsOf = (t: string) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const lw = new Set(wordsOf(left));
  const rw = wordsOf(right);
  if (lw.size < 2 || rw.length < 2) return false;
  const shared = rw.filter((w) => lw.has(w)).length;
  const differ = (k: string) => r.plan.kind === 'intent' && l.plan.kind === 'intent' && JSON.stringify(r.plan.args[k]) !== JSON.stringify(l.plan.args[k]);
  return shared * 2 >= rw.length && shared < rw.length && PARALLEL_KEYS.some(differ);
}
const PARALLEL_KEYS = ['order', 'status', 'metric', 'view', 'about'];

/** Arguments that name one person or customer: a list of them asks the same question of each. */
const LISTED_KEYS = ['holder', 'customer'];
const bareName = (s: string): string => s.toLowerCase().replace(/['’]s\b/g, '').replace(/\s+/g, ' ').trim();

/**
 * "certs for liam varga and uma gupta", "open deals for trey research + bellows college", "which
 * certs does sam hold, also nora's": the short right half names another person or customer, so
 * it is the left question asked with that name in place of the first.
 */
function listedAgain(ctx: Context, l: Part, left: string, right: string, previous: PreviousRun | undefined, inMessage: boolean): Part | undefined {
  if (l.plan.kind !== 'intent' || startsQuestion(right) || right.split(/\s+/).length > 4) return undefined;
  for (const key of LISTED_KEYS) {
    const value = l.plan.args[key];
    if (typeof value !== 'string') continue;
    const at = left.toLowerCase().lastIndexOf(value.toLowerCase());
    if (at < 0) continue;
    const asked = right.replace(/^(?:for|of)\s+/i, '');
    const r = planOne(ctx, `${left.slice(0, at)}${asked}${left.slice(at + value.length)}`, previous, previous, inMessage);
    const named = r.plan.kind === 'intent' ? r.plan.args[key] : undefined;
    if (r.plan.kind === 'intent' && r.plan.intent === l.plan.intent && typeof named === 'string' && bareName(named) === bareName(asked)) return { ...r, text: right };
  }
  return undefined;
}

/** A clause that carries the question before it on rather than asking a new one. */
const CONTINUES = /^(?:and\s+)?(?:would|does|do|did|is|are|will|could|can|should)\s+(?:that|it|this|those|these)\b|^(?:and\s+)?(?:if so|if not|so|then) (?:would|does|is|will)\b/i;

const endsWithName = (a: Reading): boolean => a.mentionSpans.some((s) => s.to === a.tokens.length);
const startsWithName = (a: Reading): boolean => a.mentionSpans.some((s) => s.from === 0 || (s.from === 1 && /^(and|&)$/.test(a.tokens[0]?.lower ?? '')));

function distinct(left: Reading, right: Reading, l: SinglePlan, r: SinglePlan): boolean {
  if (l.kind !== 'intent' || r.kind !== 'intent') return false;
  if (left.metric && right.metric && left.metric.metric !== right.metric.metric) return true;
  return l.intent !== r.intent || !sameArgs(l.args, r.args);
}

/** What a part that points back ("there", "them", "on it") takes from the one before, unless its intent says otherwise. */
const POINTS_BACK_TO = ['tier', 'metric', 'expiringWithinDays', 'group', 'region'];

const ELLIPTIC_COUNT = /^\s*(?:and\s+|also\s+)?how\s+(?:many|much)\s+(?:did|do|does|have|has|had|are|were|was|is|will|would|can|could)\b/i;

/** Words in a later part that point back at something an earlier part named. */
const ANAPHORA = /\b(it|its|(?:get|make it|be|reach|go)(?:\s+\w+)?\s+there|that|those|them|they|their|these|ones|this one|the same|if not|if so|otherwise)\b/;

/**
 * What one part names serves the others that name none: a partner for every part ("Northwind's
 * open deals and their certs"); a tier, figure, period, group or horizon where a later part
 * points back at it ("how close are we to Gold and would 2 more certs get us there"); and a
 * period, group or region between the fragments of one question ("revenue and pipeline this
 * quarter"), but never into a part that asked a question of its own.
 */
function shareSlots(parts: readonly Part[]): SinglePlan[] {
  const intents = parts.filter((p) => p.plan.kind === 'intent');
  return parts.map((part, index) => {
    const p = part.plan;
    if (p.kind !== 'intent' || intents.length < 2) return p;
    const def = INTENTS.find((i) => i.name === p.intent);
    const filled = { ...p.args };
    const offer = (key: string, from: (o: Part, i: number) => boolean) => {
      const giver = parts.find((o, i) => o !== part && o.plan.kind === 'intent' && o.plan.args[key] !== undefined && from(o, i));
      const value = giver?.plan.kind === 'intent' ? giver.plan.args[key] : undefined;
      if (value !== undefined && filled[key] === undefined && def && key in def.args.shape && def.args.shape[key]?.safeParse(value).success) filled[key] = value;
    };
    // "… and how many did we win": a count with no noun of its own asks about what the
    // question before was about, over the same stretch of time.
    const pointsBack = ANAPHORA.test(part.text.toLowerCase()) || ELLIPTIC_COUNT.test(part.text);
    const earlier = (_o: Part, i: number) => i < index;
    // A fragment ("revenue", "and pipeline") takes what the rest of its question says.
    const fragmentOf = (o: Part, i: number) =>
      o.plan.kind === 'intent' && o.plan.intent === p.intent && o.segment === part.segment && !(i > index ? o.ownQuestion : part.ownQuestion) && isFragment(part.text);
    // "how's wide world doing and what's their win rate", "fabrikam's open deals and certs
    // expiring soon": a partner named once is the one a pointing-back or fragment part means (and
    // beats a manager's default of the whole portfolio); a complete question of its own keeps
    // to itself.
    if ((pointsBack && !part.groupWords) || (isFragment(part.text) && filled.group === undefined)) {
      const before = filled.partner;
      offer('partner', (_o, i) => i < index);
      if (before === undefined && filled.partner !== undefined) delete filled.group;
    }
    for (const key of def?.pointsBackTo ?? POINTS_BACK_TO) offer(key, (o, i) => pointsBack && earlier(o, i));
    // "… plus current pipe": a part that says "now" keeps to now.
    for (const key of ['region', 'metric', 'tier']) offer(key, fragmentOf);
    if (!/\b(current|currently|now|today|right now|to date)\b/.test(part.text.toLowerCase())) offer('period', fragmentOf);
    // "our revenue and our resellers' revenue": a fragment about "us" is not about the group.
    if (!/\b(we|our|us|ours)\b/.test(part.text.toLowerCase())) offer('group', fragmentOf);
    // A part about one named partner is not about the group.
    if (filled.partner !== undefined && filled.group !== undefined) delete filled.group;
    return { ...p, args: filled };
  });
}

const sameArgs = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => JSON.stringify(a) === JSON.stringify(b);

function read(ctx: Context, text: string): Reading {
  const known = ctx.readings.get(text);
  if (known) return known;
  const clean = normalise(text, ctx.correct);
  const p = ctx.input.principal;
  const reading = analyse(clean, tokenize(clean), {
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
  ctx.readings.set(text, reading);
  return reading;
}

/** One question. `previous` is the question it may follow up ("and last quarter?"). */
function planOne(ctx: Context, text: string, previous: PreviousRun | undefined, carryFrom: PreviousRun | undefined, inMessage = false): Part {
  const a = read(ctx, text);
  const slots =
    a.metric !== undefined ||
    a.tier !== undefined ||
    a.period !== undefined ||
    a.partners.length > 0 ||
    a.namesOwn ||
    a.customer !== undefined ||
    a.holder !== undefined ||
    a.deadline !== undefined ||
    a.status !== undefined ||
    a.region !== undefined ||
    a.days !== undefined ||
    a.numbers.length > 0;
  const part = (plan: SinglePlan, confidence = 0): Part => ({ text, plan, confidence, slots, groupWords: a.groupWords });
  if (!a.tokens.some((t) => /\p{L}/u.test(t.raw))) return part({ kind: 'help', reason: "I couldn't find a question in that." });
  const { intents } = ctx.model;
  const ranked = rank(ctx.model, a);
  const [best, second] = ranked;
  if (previous) {
    // A question that clearly asks for something else is a new question, not a follow-up.
    const named = new Set(best && best.probability >= NEW_QUESTION ? [best.intent.name] : []);
    const follow = followUp({ analysis: a, previous, intents, named, fragmentsOnly: inMessage });
    if (follow) return part(follow, 1);
  }
  if (log.isLevelEnabled('debug')) {
    log.debug({ text: a.text, features: a.features.join(' '), scores: ranked.slice(0, 4).map((r) => `${r.intent.name}=${r.probability.toFixed(2)}`).join(' ') }, 'rules planner');
  }
  const takes = (i: IntentDef | undefined) => i !== undefined && ('partner' in i.args.shape || 'partners' in i.args.shape);
  // A name several partners share is settled first; the question is asked again with the one meant.
  if (a.ambiguousPartner && (takes(best?.intent) || !best || best.probability < MIN_PROBABILITY)) {
    return part({ kind: 'clarify', clarify: withQuestion(a.ambiguousPartner, a.text) }, best?.probability ?? 0);
  }
  if (!best || best.probability < MIN_PROBABILITY) return part({ kind: 'help', reason: "I'm not sure what you're asking." });
  const role = ctx.input.principal.role;
  const tie = second !== undefined && best.intent.name !== 'help' && second.intent.name !== 'help' && best.probability - second.probability < AMBIGUOUS_MARGIN;
  if (second && tie && second.intent.roles.includes(role) && best.intent.roles.includes(role)) {
    return part(
      {
        kind: 'clarify',
        clarify: {
          question: `I can read that two ways. Which do you mean: ${best.intent.label} or ${second.intent.label}?`,
          options: [best, second].map((s) => ({ label: s.intent.label, text: s.intent.rephrase(a) })),
        },
      },
      best.probability,
    );
  }
  const planned = planArgs(best.intent, a);
  if ('clarify' in planned) return part({ kind: 'clarify', clarify: planned.clarify }, best.probability);
  const plan: SinglePlan = { kind: 'intent', intent: best.intent.name, args: planned.args };
  return part(carryPartner(plan, a, carryFrom, intents), best.probability);
}


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
  const evidence = new Map(model.intents.map((i) => [i.name, i.evidence?.(a) ?? 0] as const));
  // Mostly words no example uses ("book me a flight to denver"): not a question for us, unless
  // an intent's own evidence says otherwise ("digest mon + thu 9:30am").
  const words = a.features.filter((f) => !f.includes('_') && !f.startsWith('<')).length;
  const knownWords = a.features.filter((f) => !f.includes('_') && !f.startsWith('<') && model.classifier.knows(f)).length;
  const strong = Math.max(...evidence.values()) >= 1.5;
  if (words >= 3 && knownWords / words < OFF_TOPIC_SHARE && !a.metric?.cued && !a.tier && !strong) return [];
  const scores = model.intents.map((intent) => ({
    intent,
    score: Math.log(probabilities.get(intent.name) ?? 1e-9) + (evidence.get(intent.name) ?? 0),
  }));
  const max = Math.max(...scores.map((s) => s.score));
  const total = scores.reduce((t, s) => t + Math.exp(s.score - max), 0);
  return scores.map((s) => ({ intent: s.intent, probability: Math.exp(s.score - max) / total })).sort((x, y) => y.probability - x.probability);
}
