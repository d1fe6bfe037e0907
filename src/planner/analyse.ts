import type { Analysis, NamedPartner } from '../../intents/language.ts';
import type { Role } from '../../db/schema.ts';
import type { PartnerNames } from '../metrics/partner-names.ts';
import { programMetrics } from '../program/metrics.ts';
import type { Program } from '../program/schema.ts';
import type { Clarification } from '../reply/types.ts';
import { findCustomer } from './slots/customer.ts';
import { findDeadline } from './slots/deadline.ts';
import { findExpiryDays } from './slots/days.ts';
import { findHolder } from './slots/holder.ts';
import { findMetric } from './slots/metric.ts';
import { capitalisedRuns } from './slots/names.ts';
import { findNumbers } from './slots/numbers.ts';
import { findPartnerMentions, type PartnerMention } from './slots/partner.ts';
import { findPeriod } from './slots/period.ts';
import { findRegion } from './slots/region.ts';
import { spanOfChars, type Span } from './slots/span.ts';
import { findStatus } from './slots/status.ts';
import { findTiers } from './slots/tier.ts';
import { englishWords } from './lexicon.ts';
import { stem, type Token } from './text.ts';

/** The analysis with what the planner needs beyond the intents' view: features and spans. */
export interface Reading extends Analysis {
  tokens: readonly Token[];
  /** Where partner names stand, by token. */
  mentionSpans: readonly Span[];
  /** Stems and slot placeholders, for the classifier. */
  features: string[];
}

const QUANTITY = /\b(how (many|much)|number of|count of|total|sum of|amount of|what(?:'s| is| was| are| were) (?:the |our |my |their )?(?:total|number|value|amount|level)|figure|percentage|rate|%)\b/;
const COMPARE = /\b(compar\w*|versus|vs\.?|against|change[sd]?|up or down|grow\w*|grew|trend\w*|than|over the previous|difference|year over year|quarter over quarter|the (?:year|quarter|month) before)\b/;
const COMPARE_LEAD = /\b(compar\w*\s+(?:to|with)|vs\.?|versus|than|against|over)\s*(?:the\s+)?$/;
const GROUP =
  /\b((my|our|all( of)?( my| our| the)?|every|each|the)\s+(partners?|resellers?|sub-?\s?partners?|accounts|portfolio|book|channel)|across|portfolio|book of business|my book|the book|sub-?\s?partners|downstream|in total|combined|all together|altogether|per partner|by partner)\b/;

export interface AnalyseInput {
  role: Role;
  distributorAdmin: boolean;
  ownPartnerId: number | null;
  ownPartner: string | null;
  program: Program;
  today: string;
  /** Ordinary English or the planner's own vocabulary. */
  isOrdinary: (lower: string) => boolean;
  /** The planner's own vocabulary only (metrics, tiers, the intents' words). */
  isDomain: (lower: string) => boolean;
  /** Partner names in the asker's scope; absent for the intents' examples. */
  names?: PartnerNames;
}

const takenBy = (list: readonly Span[]) => (i: number) => list.some((s) => i >= s.from && i < s.to);

/**
 * Reads one question. Slots are read in an order that keeps them apart: full partner names first
 * ("Silver Soft Integrators" is not the tier Silver), then the fixed vocabularies (period,
 * deadline, horizon, tier, metric, status, region), then names a person wrote (customer, holder),
 * then the remaining partner names; numbers last, from what nothing else took.
 */
export function analyse(text: string, tokens: Token[], input: AnalyseInput): Reading {
  const spans: Span[] = [];
  const taken = (i: number) => takenBy(spans)(i);
  const lower = text.toLowerCase();
  const names = input.names;
  const mentionCtx = names
    ? { source: text, tokens, taken, isOrdinary: input.isOrdinary, isCommonEnglish: (w: string) => englishWords().has(w), names, ownPartnerId: input.ownPartnerId }
    : undefined;

  const mentions: PartnerMention[] = mentionCtx ? findPartnerMentions(mentionCtx, 'first') : [];
  spans.push(...mentions.map((m) => m.span));

  const charSpan = (start: number, end: number) => spanOfChars(tokens, start, end);
  const deadline = findDeadline(text, input.today);
  const deadlineSpan = deadline ? charSpan(deadline.start, deadline.end) : undefined;
  if (deadlineSpan) spans.push(deadlineSpan);

  const days = findExpiryDays(text, tokens, input.today);
  let period = findPeriod(text, tokens, input.today);
  if (period && (spans.some((s) => overlapsSpan(s, period?.span)) || (days?.span && overlapsSpan(days.span, period.span)))) period = undefined;
  if (period) spans.push(period.span);
  if (days?.span) spans.push(days.span);

  // "my book", "book of business": the partners one looks after, not bookings.
  for (const m of lower.matchAll(/\b(?:(?:my|our|the|whole|entire)\s+book(?:\s+of\s+business)?|book\s+of\s+business)\b/g)) {
    const span = charSpan(m.index, m.index + m[0].length);
    if (span) spans.push(span);
  }
  const tiers = findTiers(tokens, input.program, taken);
  spans.push(...tiers.map((t) => t.span));
  // A deal status and a metric may share words ("open deals", "won deals"): each intent takes the
  // one its schema has, so neither hides the other.
  const status = findStatus(tokens, taken);
  const metric = findMetric(tokens, taken, programMetrics(input.program).all);
  if (metric) spans.push(metric.span);
  if (status) spans.push(status.span);
  const region = findRegion(tokens, taken);
  if (region) spans.push(region.span);

  const compare = COMPARE.test(lower);
  // "compared with last quarter" names the comparison, not the period asked about.
  const periodIsComparison =
    compare && period !== undefined && COMPARE_LEAD.test(lower.slice(0, Math.max(0, tokens[period.span.from]?.start ?? 0)));

  // A name that is one of the asker's partners is that partner, not a customer or a person.
  const isPartner = (name: string) => names !== undefined && names.resolve(name).kind !== 'none';
  const found = findCustomer({ source: text, tokens, isDomain: input.isDomain, taken });
  const customer = found && !isPartner(found.text) ? found : undefined;
  if (customer) spans.push(customer.span);
  const person = findHolder({ source: text, tokens, isDomain: input.isDomain, taken });
  const holder = person && !isPartner(person.text) ? person : undefined;
  if (holder) spans.push(holder.span);

  if (mentionCtx) {
    const rest = findPartnerMentions(mentionCtx, 'rest');
    mentions.push(...rest);
    spans.push(...rest.map((m) => m.span));
  } else {
    // An example: a capitalised word the planner does not know stands for a partner.
    for (const run of capitalisedRuns(text, tokens, input.isOrdinary, taken)) {
      mentions.push({ name: run.text, span: run.span, inScope: true, own: false });
      spans.push(run.span);
    }
  }
  mentions.sort((a, b) => a.span.from - b.span.from);

  const numbers = findNumbers(text).filter((n) => {
    const s = charSpan(n.start, n.end);
    return !s || !spans.some((x) => overlapsSpan(x, s));
  });

  const metricCued =
    metric !== undefined && (!metric.generic || QUANTITY.test(lower) || (period !== undefined && !periodIsComparison) || compare);
  const others = mentions.filter((m) => !m.own);
  const ambiguous = others.find((m) => m.choices !== undefined);
  const partners: NamedPartner[] = others.filter((m) => m.choices === undefined).map(({ name, inScope }) => ({ name, inScope }));

  const masks: { span: Span; tag: string }[] = [
    ...tiers.map((t) => ({ span: t.span, tag: '<tier>' })),
    ...(metric && metricCued ? [{ span: metric.span, tag: '<metric>' }] : []),
    ...(period ? [{ span: period.span, tag: '<period>' }] : []),
    ...(days?.span ? [{ span: days.span, tag: '<days>' }] : []),
    ...(deadlineSpan ? [{ span: deadlineSpan, tag: '<deadline>' }] : []),
    ...(customer ? [{ span: customer.span, tag: '<customer>' }] : []),
    ...(holder ? [{ span: holder.span, tag: '<holder>' }] : []),
    ...(region ? [{ span: region.span, tag: '<region>' }] : []),
    ...mentions.map((m) => ({ span: m.span, tag: m.own ? '<own>' : '<partner>' })),
  ];

  const analysis: Reading = {
    text,
    lower,
    tokens,
    mentionSpans: mentions.map((m) => m.span),
    stems: tokens.map((t) => t.stem),
    role: input.role,
    distributorAdmin: input.distributorAdmin,
    ownPartner: input.ownPartner,
    tier: tiers.at(-1)?.name,
    tiers: tiers.map((t) => t.name),
    ...(metric ? { metric: { metric: metric.metric, label: metric.label, generic: metric.generic, cued: metricCued } } : {}),
    ...(period && !periodIsComparison ? { period: period.phrase } : {}),
    compare,
    ...(deadline ? { deadline: deadline.phrase } : {}),
    ...(days ? { days: days.days } : {}),
    ...(status ? { status: status.status } : {}),
    ...(customer ? { customer: customer.text } : {}),
    ...(holder ? { holder: holder.text } : {}),
    ...(partners[0] ? { partner: partners[0] } : {}),
    partners,
    namesOwn: mentions.some((m) => m.own),
    ...(ambiguous?.choices ? { ambiguousPartner: whichPartner(ambiguous.name, ambiguous.choices) } : {}),
    numbers,
    ...(region ? { region: region.region } : {}),
    groupWords: GROUP.test(lower),
    features: [],
  };
  analysis.features = features(tokens, masks, analysis);
  return analysis;
}

const overlapsSpan = (a: Span, b: Span | undefined): boolean => b !== undefined && a.from < b.to && b.from < a.to;

function whichPartner(asked: string, choices: readonly { name: string }[]): Clarification {
  const options = choices.slice(0, 5).map((p) => ({ label: p.name, text: p.name }));
  const question =
    options.length === 1
      ? `Do you mean ${options[0]?.label ?? ''}? “${asked}” alone could be more than one partner.`
      : `More than one partner matches “${asked}”. Which one do you mean?`;
  return { question, options };
}

/** Words that say nothing about which intent is meant. */
const FILLER = new Set(
  ['a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'am', 'to', 'of', 'in', 'on', 'at', 'by', 'it', 'its', 'this', 'that', 'these', 'those', 'please', 's', 't', 're', 've', 'll', 'd', 'm', 'so', 'just', 'some', 'any', 'can', 'could', 'would', 'will', 'should', 'there', 'here', 'do', 'does', 'did', 'um', 'uh', 'pls', 'quick', 'question'].map(stem),
);

/** Stems with each slot's words replaced by one placeholder, filler dropped, plus word pairs. */
export function features(tokens: readonly Token[], masks: readonly { span: Span; tag: string }[], a?: Analysis): string[] {
  const seq: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = masks.find((x) => i >= x.span.from && i < x.span.to);
    if (m) {
      if (i === m.span.from) seq.push(m.tag);
      continue;
    }
    const s = tokens[i]?.stem ?? '';
    if (s !== '' && !FILLER.has(s) && /\p{L}/u.test(s)) seq.push(s);
  }
  const out = [...seq];
  for (let i = 0; i + 1 < seq.length; i++) out.push(`${seq[i]}_${seq[i + 1]}`);
  if (a) {
    if (a.partners.length >= 2) out.push('<partners>');
    if (a.numbers.some((n) => n.money)) out.push('<money>');
    else if (a.numbers.length > 0) out.push('<number>');
    if (a.groupWords) out.push('<group>');
    if (a.compare) out.push('<compare>');
  }
  return out;
}
