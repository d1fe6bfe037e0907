import type { Program } from '../program/schema.ts';
import type { PlanInput } from './types.ts';
import { findCustomer } from './slots/customer.ts';
import { findDeadline, type DeadlineSlot } from './slots/deadline.ts';
import { findExpiryDays, type DaysSlot } from './slots/days.ts';
import { findHolder } from './slots/holder.ts';
import { findMetric, type MetricSlot } from './slots/metric.ts';
import { capitalisedRuns, type NameRun } from './slots/names.ts';
import { findPartner, type PartnerSlot } from './slots/partner.ts';
import { findPeriod, type PeriodSlot } from './slots/period.ts';
import { findScenario, type ScenarioSlot } from './slots/scenario.ts';
import { overlaps, type Span } from './slots/span.ts';
import { findStatus, type StatusSlot } from './slots/status.ts';
import { findTier, type TierSlot } from './slots/tier.ts';
import { STOPWORDS, type Token } from './text.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Everything the planner read out of one question. */
export interface Analysis {
  text: string;
  tokens: Token[];
  stems: string[];
  tier?: TierSlot;
  metric?: MetricSlot;
  /** The metric words mean a figure here (not just "certifications" in a list question). */
  metricCued: boolean;
  period?: PeriodSlot;
  days?: DaysSlot;
  status?: StatusSlot;
  customer?: NameRun;
  holder?: NameRun;
  partner?: PartnerSlot;
  compare: boolean;
  /** A date named as a deadline ("by end of Q1"), for forecasts. */
  deadline?: DeadlineSlot;
  /** A hypothetical change ("if our open deals close"), for what-ifs. */
  scenario?: ScenarioSlot;
  /** Stems and slot placeholders, for the similarity to examples. */
  features: string[];
}

const QUANTITY = /\b(how (many|much)|number of|count of|total|sum of|amount of|what(?:'s| is| was| are| were) (?:the |our |my |their )?(?:total|number|value|amount|level))\b/;
const COMPARE = /\b(compar\w*|versus|vs\.?|against|change[sd]?|up or down|grow\w*|grew|trend\w*|than|over the previous|difference)\b/;

type Fixed = Omit<Analysis, 'partner' | 'features' | 'metricCued'> & { named: Span[]; isKnown: (w: string) => boolean };

/** The slots that need no database: tier, metric, period, days, status, customer, holder. */
function readFixed(text: string, tokens: Token[], program: Program, today: string, vocab: Vocabulary): Fixed {
  const tier = findTier(tokens, program);
  const metric = findMetric(tokens);
  const days = findExpiryDays(text, tokens, today);
  let period = findPeriod(text, tokens, today);
  if (period && days?.span && overlaps(period.span, days.span)) period = undefined;
  const status = findStatus(tokens);
  const spans: Span[] = [tier?.span, metric?.span, period?.span, days?.span].filter((s): s is Span => s !== undefined);
  const isKnown = (w: string) => vocab.has(w);
  const customer = findCustomer(text, tokens, isKnown, takenBy(spans));
  const holder = findHolder(text, tokens, isKnown, takenBy(spans));
  const named = [...spans, ...[customer?.span, holder?.span].filter((s): s is Span => s !== undefined)];
  const compare = COMPARE.test(text.toLowerCase());
  const deadline = findDeadline(text, today);
  const scenario = findScenario(text);
  return { text, tokens, stems: tokens.map((t) => t.stem), tier, metric, period, days, status, customer, holder, compare, deadline, scenario, named, isKnown };
}

const takenBy = (list: readonly Span[]) => (i: number) => list.some((s) => i >= s.from && i < s.to);

function finish(f: Fixed, partner: PartnerSlot | undefined): Analysis {
  const metricCued = f.metric !== undefined && (!f.metric.generic || QUANTITY.test(f.text.toLowerCase()) || f.period !== undefined || f.compare);
  const masks: { span: Span; tag: string }[] = [];
  if (f.tier) masks.push({ span: f.tier.span, tag: '<tier>' });
  if (f.metric && metricCued) masks.push({ span: f.metric.span, tag: '<metric>' });
  if (f.period) masks.push({ span: f.period.span, tag: '<period>' });
  if (f.days?.span) masks.push({ span: f.days.span, tag: '<days>' });
  if (f.customer) masks.push({ span: f.customer.span, tag: '<customer>' });
  if (f.holder) masks.push({ span: f.holder.span, tag: '<holder>' });
  // A name matched in scope is a partner; other capitalised words may be anything ("DROP TABLE").
  if (partner) masks.push({ span: partner.span, tag: partner.inScope ? '<partner>' : '<name>' });
  const { named: _named, isKnown: _isKnown, ...rest } = f;
  return { ...rest, partner, metricCued, features: features(f.tokens, masks) };
}

/**
 * Reads the slots in an order that keeps them apart: fixed vocabularies first (tier, metric,
 * period, days, status), then names a person wrote (customer, holder), then partner names,
 * matched only among the partners the asker may see.
 */
export async function analyse(text: string, tokens: Token[], input: PlanInput, vocab: Vocabulary): Promise<Analysis> {
  const f = readFixed(text, tokens, input.program, input.today, vocab);
  const partner = await findPartner(input.principal, input.data, { source: text, tokens, isKnown: f.isKnown, taken: takenBy(f.named) });
  return finish(f, partner);
}

/** The same reading for an intent's example, where a capitalised unknown name stands for a partner. */
export function analyseExample(text: string, tokens: Token[], program: Program, today: string, vocab: Vocabulary): Analysis {
  const f = readFixed(text, tokens, program, today, vocab);
  const run = capitalisedRuns(text, tokens, f.isKnown, takenBy(f.named))[0];
  return finish(f, run ? { name: run.text, span: run.span, inScope: true } : undefined);
}

/** Stems with each slot's words replaced by one placeholder; function words dropped. */
export function features(tokens: readonly Token[], masks: readonly { span: Span; tag: string }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = masks.find((x) => i >= x.span.from && i < x.span.to);
    if (m) {
      if (i === m.span.from) out.push(m.tag);
      continue;
    }
    const s = tokens[i]?.stem ?? '';
    if (!STOPWORDS.has(s)) out.push(s);
  }
  return out;
}
