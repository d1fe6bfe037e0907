import type { IntentDef } from '../../intents/types.ts';
import type { Reading } from './analyse.ts';
import { slotArgs } from './args.ts';
import { narrowMetric } from './slots/metric.ts';
import type { ContextTurn, SinglePlan } from './types.ts';

// Follow-ups read against the thread's last answer: "and last quarter?" keeps the question and
// changes the period, "what about Fabrikam?" keeps it and changes the partner, "show that as a
// chart" asks the same again for its chart. The arguments are checked again by the intent, under
// the asker's scope, exactly as if typed in full.

/** "show that as a chart", "chart it", "as a graph?" */
export const CHART_CUE =
  /\b(?:show|draw|plot|make|give|display|put)\b[^.?!]{0,30}\b(?:that|it|this|those|these)\b[^.?!]{0,20}\b(?:chart|graph|plot)s?\b|^\s*(?:and\s+)?(?:as\s+a\s+)?(?:chart|graph)\s*(?:it|that|this|please)?\s*[?.!]*\s*$|\b(?:chart|graph|plot)\s+(?:it|that|this)\b/i;

/** Words that say "the same question, but…". */
const FOLLOW_CUE = /^\s*(?:and|what about|how about|(?:the\s+)?same (?:for|thing for)|now for|also|ok(?:ay)?,? and|what of|und|et|y)\b/i;

export interface PreviousRun {
  intent: string;
  args: Record<string, unknown>;
}

/** The last answered question of the thread: the one a follow-up refers to. */
export function previousRun(context: readonly ContextTurn[] | undefined): PreviousRun | undefined {
  return context?.at(-1)?.runs.at(-1);
}

/** Stems of the words that only say "the same question, but…". */
const CUE_STEMS = new Set(['and', 'what', 'about', 'how', 'same', 'for', 'the', 'thing', 'now', 'also', 'ok', 'okay', 'of', 'too', 'then', 'oh', 'btw', 'pls', 'pleas']);

/** Every word of the question (but the follow-up cue) is a slot: "last quarter?", "what about Fabrikam?". */
const onlySlots = (a: Reading): boolean => {
  const words = a.features.filter((f) => !f.includes('_') && !CUE_STEMS.has(f));
  return words.length > 0 && words.every((f) => f.startsWith('<'));
};

export interface FollowUpInput {
  analysis: Reading;
  previous: PreviousRun;
  intents: readonly IntentDef[];
  /** Intents whose own words the question uses: a new question, not a follow-up. */
  named: ReadonlySet<string>;
  /**
   * Inside one message ("…; also lead conv rate qtd"), "and"/"also" make a follow-up only of a
   * fragment; a whole question after them stands on its own. The split that made the part is
   * itself the cue there.
   */
  fragmentsOnly?: boolean;
}

/** "list them", "which ones", "who holds those": the rows behind a figure just counted. */
const LIST_THEM = /^\s*(?:and\s+)?(?:(?:list|show|give me|pull)\s+(?:me\s+)?(?:them|those|the (?:deals|certs|certifications|ones))|which (?:ones|are they)|who (?:holds|has) (?:them|those)|what are they)\b/i;

/** "and last", "the one before": a period named by its unit in the question before. */
const ELLIPTIC_PERIOD = /^\s*(?:and\s+)?(?:the\s+)?(last|previous|prior|this|current|next)(?:\s+one)?\s*[?.!]*\s*$|^\s*(?:and\s+)?the one before\s*[?.!]*\s*$/i;

/** The plan when the question follows up on the previous answer; undefined when it stands alone. */
export function followUp(f: FollowUpInput): SinglePlan | undefined {
  const { analysis: a, previous } = f;
  const def = f.intents.find((i) => i.name === previous.intent);
  if (!def) return undefined;
  if (CHART_CUE.test(a.text)) return { kind: 'intent', intent: def.name, args: previous.args };
  const listing = listThem(a, previous, f.intents);
  if (listing) return listing;
  const period = ellipticPeriod(a.text, previous.args.period);
  if (period) return { kind: 'intent', intent: def.name, args: { ...previous.args, period } };
  const rest = a.text.replace(FOLLOW_CUE, '').trim();
  // "… and how many across the resellers": a count asked with no figure is the figure just asked.
  const elliptic =
    def.answersFigure === true && !a.metric && /^\s*(and\s+)?how (many|much)\b/i.test(a.text) && a.text.replace(/^\s*(and\s+)?how (many|much)\s*/i, '').split(/\s+/).length <= 4;
  // A fragment, or words that point back at the question before ("change it to Tuesdays").
  const fragment = rest.split(/\s+/).length <= 3 || /\b(it|them|those|that one|the same)\b/i.test(a.text);
  const cued = (FOLLOW_CUE.test(a.text) && (!f.fragmentsOnly || fragment)) || elliptic || (f.fragmentsOnly === true && rest.split(/\s+/).length <= 4 && !f.named.size);
  if (!cued && !onlySlots(a)) return undefined;
  // A bare slot ("on win rate", "what about Fabrikam?") follows up whatever the words alone would suggest.
  if (!elliptic && !onlySlots(a) && [...f.named].some((n) => n !== def.name)) return undefined;
  // "… + nortwind revenue last quarter" after a ranking: a partner the last question had no
  // place for makes this a question of its own.
  if (a.partner && a.partners.length < 2 && !('partner' in def.args.shape)) return undefined;
  const changed = slotArgs(def, a);
  // A figure named where the last answer had none ("and win rate?" after tier progress).
  if (a.metric?.cued && !('metric' in def.args.shape)) {
    const figure = f.intents.find((i) => i.answersFigure);
    if (!figure) return undefined;
    return { kind: 'intent', intent: figure.name, args: { ...carried(figure, previous.args), ...slotArgs(figure, a) } };
  }
  if (elliptic && typeof previous.args.metric === 'string') changed.metric = narrowMetric(previous.args.metric, a.lower);
  if (Object.keys(changed).length === 0) return undefined;
  const base = { ...previous.args };
  // A new period asks about that period, not about its change against the one before.
  if (changed.period !== undefined && changed.compare === undefined) delete base.compare;
  return { kind: 'intent', intent: def.name, args: { ...base, ...changed } };
}

/** "win rate this quarter and last" → last quarter. */
function ellipticPeriod(text: string, previous: unknown): string | undefined {
  const m = ELLIPTIC_PERIOD.exec(text);
  if (!m || typeof previous !== 'string') return undefined;
  const unit = /\b(week|month|quarter|year)\b/i.exec(previous)?.[1];
  if (!unit) return undefined;
  const which = (m[1] ?? 'last').toLowerCase();
  return `${which === 'current' ? 'this' : which === 'prior' ? 'previous' : which} ${unit.toLowerCase()}`;
}

/** The list behind a figure: the intent that declares it lists that metric, with its filters. */
function listThem(a: Reading, previous: PreviousRun, intents: readonly IntentDef[]): SinglePlan | undefined {
  if (!LIST_THEM.test(a.text) || typeof previous.args.metric !== 'string') return undefined;
  const metric = previous.args.metric;
  const lister = intents.find((i) => i.lists?.[metric] !== undefined);
  if (!lister) return undefined;
  const args: Record<string, unknown> = { ...lister.lists?.[metric] };
  for (const key of ['partner', 'period', 'group']) if (key in lister.args.shape && previous.args[key] !== undefined) args[key] = previous.args[key];
  return { kind: 'intent', intent: lister.name, args };
}

/** The previous answer's partner, period and group, where the new intent takes them. */
function carried(def: IntentDef, args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['partner', 'period', 'group']) if (key in def.args.shape && args[key] !== undefined) out[key] = args[key];
  return out;
}

/**
 * A cued question that names a new intent ("and their certifications?") keeps the partner the
 * thread was about, when the question names none.
 */
export function carryPartner(plan: SinglePlan, a: Reading, previous: PreviousRun | undefined, intents: readonly IntentDef[]): SinglePlan {
  if (plan.kind !== 'intent' || !previous || !FOLLOW_CUE.test(a.text) || a.partner) return plan;
  const partner = previous.args.partner;
  const def = intents.find((i) => i.name === plan.intent);
  if (typeof partner !== 'string' || !def || !('partner' in def.args.shape) || plan.args.partner !== undefined) return plan;
  return { ...plan, args: { ...plan.args, partner } };
}
