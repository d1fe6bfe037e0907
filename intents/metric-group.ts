import { isQuotient, sumParts, valueOfParts } from '../src/metrics/catalog.ts';
import type { MetricName, Unit } from '../src/metrics/names.ts';
import { previousPeriod } from '../src/metrics/period.ts';
import type { MetricDef, MetricParts, Period } from '../src/metrics/types.ts';
import { listing, percentChange, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact } from '../src/reply/types.ts';
import type { PartnerGroup } from './partner-group.ts';
import { dataReply } from './reply-parts.ts';
import type { IntentContext, IntentResult } from './types.ts';
import { lowerFirst, upperFirst } from './wording.ts';

// metric_query over a group of partners: amounts and counts summed, a rate as the ratio of the
// summed parts (won ÷ decided over the whole group), never a mean of the partners' rates. One
// read of every partner's parts gives both the group figure and each partner's own.

const TOP_CONTRIBUTORS = 3;

/** What a rate is taken over, for "22% of the deals decided". */
const BASE_WORDS: Partial<Record<MetricName, string>> = {
  win_rate: 'the deals decided',
  lead_conversion_rate: 'the leads',
  mdf_utilization: 'the MDF allocated',
  renewal_rate: 'the renewals due',
  churn_rate: 'the renewals due',
};

export interface Contributor {
  partner: string;
  tier: string;
  /** The partner's own figure. */
  value: number | null;
  /** Its part of the group's amount or count, or (for a rate) of the group's base; percent. */
  share: number | null;
}

export interface GroupAsk {
  metric: MetricName;
  period: Period;
  compare: boolean;
  /** "this quarter so far (1 Oct – 23 Nov 2026)". */
  periodText: string;
}

export async function groupFigure(ctx: IntentContext, group: PartnerGroup, q: GroupAsk): Promise<IntentResult> {
  const def = ctx.data.metrics.def(q.metric);
  const f = ctx.format;
  const ids = group.partners.map((p) => p.id);
  const prevPeriod = previousPeriod(q.period, f.dates);
  // This period and (when compared) the one before in one read per table.
  const [parts = new Map<number, MetricParts>(), before] = await ctx.data.metricPartsMany(
    [{ metric: q.metric, period: q.period }, ...(q.compare ? [{ metric: q.metric, period: prevPeriod }] : [])],
    ids,
  );
  const value = total(def, parts);
  const previous = before ? total(def, before) : undefined;
  const top = contributors(def, group, parts);
  const asOf = await ctx.data.asOf();

  // A rate or a mean: a quotient of the group's sums, weighed by what it is taken over.
  const isRate = isQuotient(def);
  const what = isRate ? `${def.label} over ${group.label}` : `${def.label} of ${group.label}`;
  const valueText = value === null ? 'no data for that period (nothing to measure it on)' : f.value(value, def.unit);
  const facts: Fact[] = [
    { label: def.label, value: value ?? 'n/a', unit: def.unit, display: f.value(value, def.unit) },
    { label: 'Partners', value: group.partners.length, unit: 'count', display: f.count(group.partners.length) },
  ];
  const charts: Chart[] = [];
  let changeText = '';
  let comparison: Record<string, unknown> | undefined;
  if (previous !== undefined) {
    const delta = value !== null && previous !== null ? value - previous : null;
    const changePct = delta !== null && previous !== null ? percentChange(value ?? 0, previous) : null;
    comparison = { value: previous, period: { from: prevPeriod.from, to: prevPeriod.to }, delta, changePct };
    facts.push({ label: `${def.label}, ${prevPeriod.label}`, value: previous ?? 'n/a', unit: def.unit, display: f.value(previous, def.unit) });
    if (delta !== null) facts.push({ label: 'Change', value: delta, unit: def.unit, display: f.delta(delta, def.unit) });
    changeText = describeChange(def.unit, previous, prevPeriod.label, delta, changePct, f);
    if (value !== null && previous !== null) {
      charts.push({
        kind: 'trend',
        title: `${def.label}: ${prevPeriod.label} vs ${q.period.label}`,
        categories: [prevPeriod.label, q.period.label],
        series: [{ name: def.label, values: [previous, value] }],
        unit: def.unit,
      });
    }
  }
  const shown = top.filter((c) => (isRate ? c.share !== null && c.share > 0 : c.value !== null && c.value !== 0));
  const base = BASE_WORDS[q.metric] ?? (def.aggregation === 'average' ? 'the values recorded' : 'the base');
  const topText =
    shown.length === 0 || group.partners.length === 1
      ? ''
      : isRate
        ? ` Weighing most in it: ${listing(shown.map((c) => `${c.partner} ${f.value(c.value, def.unit)} (${shareText(c.share, f)} of ${base})`))}.`
        : ` Top contributors: ${listing(shown.map((c) => `${c.partner} ${f.value(c.value, def.unit)}${c.share === null ? '' : ` (${shareText(c.share, f)})`}`))}.`;
  const howRate =
    isRate && value !== null
      ? def.aggregation === 'average'
        ? ' (the mean of every value recorded in the group, not an average of the partners’ means)'
        : ` (${lowerFirst(ratioWords(def))} over the group, not an average of rates)`
      : '';
  const summary = `${upperFirst(what)}, ${q.periodText}: ${valueText}${howRate}.${changeText}${topText}`;

  const table =
    shown.length > 0
      ? {
          columns: ['Partner', 'Tier', def.label, isRate ? `Share of ${base}` : 'Share'],
          rows: shown.map((c) => [c.partner, c.tier, f.value(c.value, def.unit), c.share === null ? '–' : shareText(c.share, f)]),
        }
      : undefined;
  return {
    reply: dataReply({ summary, facts, charts, ...(table ? { table } : {}) }, asOf),
    data: {
      metric: q.metric,
      value,
      unit: def.unit,
      period: { from: q.period.from, to: q.period.to },
      group: group.kind,
      partnerCount: group.partners.length,
      filters: group.filters,
      ...(comparison ? { previous: comparison } : {}),
      contributors: shown,
    },
  };
}

const total = (def: MetricDef, parts: ReadonlyMap<number, MetricParts>): number | null => valueOfParts(def, sumParts(def, parts.values()));

/**
 * The partners that make up most of the group figure: for amounts and counts the largest, with
 * their part of the total; for a rate the largest bases (they weigh most in it), with their own rate.
 */
function contributors(def: MetricDef, group: PartnerGroup, parts: ReadonlyMap<number, MetricParts>): Contributor[] {
  const sum = sumParts(def, parts.values());
  const isRate = isQuotient(def);
  const weight = (p: MetricParts | undefined): number => (isRate ? (p?.den ?? 0) : Math.abs(p?.num ?? 0));
  const whole = isRate ? (sum.den ?? 0) : Math.abs(sum.num);
  return group.partners
    .map((p, i) => ({ p, i, parts: parts.get(p.id) }))
    .sort((a, b) => weight(b.parts) - weight(a.parts) || a.i - b.i)
    .slice(0, TOP_CONTRIBUTORS)
    .map(({ p, parts: own }) => ({
      partner: p.name,
      tier: p.tier,
      value: valueOfParts(def, own),
      share: whole > 0 ? Math.round((10_000 * weight(own)) / whole) / 100 : null,
    }));
}

function ratioWords(def: MetricDef): string {
  return def.description.match(/\(([^)]*÷[^)]*)\)/)?.[1] ?? 'The ratio of the sums';
}

const shareText = (share: number | null, f: Formatter): string => (share === null ? '–' : f.percent(share));

function describeChange(unit: Unit, previous: number | null, prevLabel: string, delta: number | null, changePct: number | null, f: Formatter): string {
  const before = `${f.value(previous, unit)} ${prevLabel}`;
  if (delta === null) return ` For comparison, ${before}.`;
  if (delta === 0) return ` Unchanged from ${before}.`;
  const by = unit === 'percent' || changePct === null ? f.gap(Math.abs(delta), unit) : f.percent(Math.abs(changePct));
  return ` ${delta > 0 ? 'Up' : 'Down'} ${by} from ${before}.`;
}
