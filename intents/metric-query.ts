import { z } from 'zod';
import { metricArg, otherPartnerArg } from './shared-args.ts';
import { metricDef } from '../src/metrics/catalog.ts';
import type { MetricValue } from '../src/metrics/partner-data.ts';
import { parsePeriod, previousPeriod, windowPeriod } from '../src/metrics/period.ts';
import type { MetricDef, Period } from '../src/metrics/types.ts';
import { isBreakdownMetric } from '../src/metrics/breakdown.ts';
import { percentChange, type Formatter } from '../src/reply/format.ts';
import type { Chart, Clarification, Fact } from '../src/reply/types.ts';
import { clampTitle } from '../src/charts/prepare.ts';
import type { Analysis } from './language.ts';
import { boundsDeals, groupOf } from './slot-words.ts';
import { dataReply, guardScope, plainReply, possessive } from './reply-parts.ts';
import { groupFigure } from './metric-group.ts';
import { groupRegionArg, groupTierArg, isManagerRole, resolveGroup } from './partner-group.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentDef, IntentResult } from './types.ts';
import { lowerFirst } from './wording.ts';

const args = z.object({
  metric: metricArg("The one figure asked about, by its name in the program's metrics (e.g. revenue, win_rate, pipeline_value, or a vendor metric's key)."),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('The period as the user said it ("last quarter", "this year", "March 2026", "last 90 days"). Omit for the default.'),
  compare: z.boolean().optional().describe('True when the user wants a comparison with the period before.'),
  partner: otherPartnerArg,
  group: z
    .enum(['portfolio', 'sub_partners'])
    .optional()
    .describe(
      'A figure over a group of partners instead of one: "portfolio" = every partner a channel manager manages (a vendor admin: every partner), e.g. "total pipeline across my partners"; "sub_partners" = a distributor\'s partner admin: itself and its sub-partners, e.g. "revenue of our sub-partners". Amounts and counts are summed, rates are the ratio of the sums. Omit for one partner.',
    ),
  tier: groupTierArg,
  region: groupRegionArg,
});

export const metricQuery: IntentDef<typeof args> = {
  name: 'metric_query',
  description:
    'One figure (revenue, pipeline, win rate, won deals, renewal rate, certifications, MDF, incentives, …) for a partner over a period, optionally compared with the period before; or the same figure over a group of partners (a manager\'s or admin\'s portfolio, a distributor and its sub-partners) with its top contributors.',
  args,
  label: 'A single figure',
  examples: [
    'What was our revenue last quarter?',
    'how much revenue have we booked this year',
    'what is my win rate',
    'pipeline value',
    'how many deals did we win this month',
    'renewal rate compared with the previous quarter',
    'lead conversion rate year to date',
    'how much of our MDF have we used',
    'incentives earned this year',
    'number of co-sell deals won in 2026',
    'how many co-sell deals did we win this year',
    'how many deal registrations did we submit last month',
    'revenue for Fabrikam Systems in Q3',
    'is our win rate up or down versus last quarter',
    'rev ytd',
    'pipe this quarter',
    'win rate last 90 days',
    'how many people do we have certified',
    'active certs count',
    'how many certifications expire in the next 30 days',
    'what is our churn',
    'churn rate this year',
    'how much did we sell in Q3',
    'total bookings since March',
    'did revenue grow compared to last quarter',
    'how are our renewals trending',
    'what rebates did we earn in 2025',
    'how much have we made in commissions',
    'MDF utilisation for Tailspin',
    'Northwind revenue last quarter',
    'win rate for Fabrikam this year',
    'what was revenue across my partners last quarter',
    'total pipeline across my partners',
    'revenue of my Gold partners this year',
    'what is the combined win rate of my partners',
    'how many deals did my partners win this quarter',
    'total revenue in EMEA in Q3',
    'pipeline growth in APAC this quarter',
    'renewal rate for my Platinum partners',
    'revenue of our sub-partners last quarter',
    'total pipeline across our resellers',
    'how many active certs do our resellers have',
    'what is our total revenue this year',
    'how much pipeline do we have right now',
    'how many deals have we registered this year',
    'what percentage of deals do we win',
    'how is our conversion rate on leads',
    'what share of our MDF is claimed',
    'how many deals did we close last month',
    'revenue year over year',
    'what did we book in the first half',
    'rev vs last year',
    'number of won deals in the past 90 days',
  ],
  // A list noun ("won deals", "certs") is a figure only with a quantity, a period or a comparison.
  // A figure cannot be bounded by each deal's amount ("how many deals over 50k did we win"): that is a list.
  evidence: (a) =>
    (!a.metric ? -2 : !a.metric.cued ? 0 : a.metric.generic && !QUANTITY_WORDS.test(a.lower) ? 0.3 : 1) - (boundsDeals(a) ? 6 : 0),
  readSlots: (a) => ({ group: groupOf(a) }),
  plan: (a, args) => {
    if (args.metric === undefined) return { clarify: whichMetric(a) };
    // A tier or region filters a group only ("revenue of my Gold partners").
    if (args.group === undefined) {
      const { tier: _tier, region: _region, ...rest } = args;
      return { args: rest };
    }
    return { args };
  },
  // A tier filters a group only, so pointing back never brings one ("…? if not, what's our MDF").
  pointsBackTo: ['metric', 'period', 'group', 'region', 'partner'],
  answersFigure: true,
  rephrase: (a) => `What is the ${a.metric ? a.metric.label.toLowerCase() : 'revenue'}${a.period ? ` ${a.period}` : ''}${a.partner ? ` for ${a.partner.name}` : ''}?`,
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const def = ctx.data.metrics.def(a.metric);
      const f = ctx.format;
      const named = a.partner !== undefined && a.partner.trim() !== '';
      // No partner named: a manager or admin means the partners they look after, as a group.
      if (!named && (a.group !== undefined || isManagerRole(ctx))) {
        const period = choosePeriod(def, a.period, ctx.today, f);
        if (!period.ok) return badPeriod(period.message, await ctx.data.asOf());
        const label = lowerFirst(def.label);
        const g = await resolveGroup(ctx, { tier: a.tier, region: a.region }, { what: label, question: `What is our ${label} ${a.period ?? 'this quarter'}?` });
        if (!g.ok) return g.result;
        return groupFigure(ctx, g.group, { metric: a.metric, period: period.value, compare: a.compare === true, periodText: describePeriod(period.value, f) });
      }
      const r = await resolvePartner(ctx, a.partner, (name) => `What is the ${lowerFirst(def.label)} ${a.period ?? ''} for ${name}?`.replace(/\s+/g, ' '));
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const period = choosePeriod(def, a.period, ctx.today, f);
      if (!period.ok) return badPeriod(period.message, asOf);

      const current = await ctx.data.metric(a.metric, r.partner.id, period.value);
      const previous = a.compare ? await ctx.data.metric(a.metric, r.partner.id, previousPeriod(period.value, f.dates)) : undefined;

      const facts: Fact[] = [{ label: current.label, value: current.value ?? 'n/a', unit: current.unit, display: f.value(current.value, current.unit) }];
      const charts: Chart[] = [];
      let comparison: Record<string, unknown> | undefined;
      let changeText = '';
      if (previous) {
        const delta = current.value !== null && previous.value !== null ? current.value - previous.value : null;
        const changePct = delta !== null && previous.value !== null ? percentChange(current.value ?? 0, previous.value) : null;
        comparison = { value: previous.value, period: { from: previous.period.from, to: previous.period.to }, delta, changePct };
        facts.push({ label: `${current.label}, ${previous.period.label}`, value: previous.value ?? 'n/a', unit: previous.unit, display: f.value(previous.value, previous.unit) });
        if (delta !== null) facts.push({ label: 'Change', value: delta, unit: current.unit, display: f.delta(delta, current.unit) });
        changeText = describeChange(current, previous, delta, changePct, f);
        if (current.value !== null && previous.value !== null) charts.push(trendChart(current, previous));
      }

      const summary = `${possessive(r.partner.name)} ${lowerFirst(current.label)}, ${describePeriod(current.period, f)}: ${valueText(current, f)}.${changeText}`;
      // The question explain_change answers for this figure: "my" for the asker's own partner.
      const whose = r.partner.id === ctx.principal.partnerId ? 'my' : possessive(r.partner.name);
      const explain = isBreakdownMetric(def) ? `Why did ${whose} ${lowerFirst(def.label)} change ${a.period?.trim() || 'last month'}?` : undefined;
      return {
        reply: dataReply({ summary, facts, charts, ...(explain ? { explain } : {}) }, asOf),
        data: {
          metric: a.metric,
          value: current.value,
          unit: current.unit,
          period: { from: current.period.from, to: current.period.to },
          partner: r.partner.name,
          ...(comparison ? { previous: comparison } : {}),
        },
      };
    }),
};

const badPeriod = (message: string, asOf: string): IntentResult => ({
  reply: plainReply({ summary: message }, asOf),
  data: { error: { code: 'bad_input', message } },
});

type PeriodChoice = { ok: true; value: Period } | { ok: false; message: string };

/** Flow metrics default to this quarter so far, stock metrics to today; labels in the asker's locale. */
export function choosePeriod(def: Pick<MetricDef, 'kind'>, phrase: string | undefined, today: string, f: Formatter): PeriodChoice {
  if (phrase !== undefined && phrase.trim() !== '') {
    const p = parsePeriod(phrase, today, f.dates);
    return p.ok ? { ok: true, value: p.value } : { ok: false, message: p.error.message };
  }
  return { ok: true, value: windowPeriod(def.kind === 'flow' ? 'quarter_to_date' : 'current', today) };
}

/** Period labels that already name their dates ("last quarter (Q3 2026)") stand alone. */
export function describePeriod(p: Period, f: Formatter): string {
  return /\d/.test(p.label) ? p.label : `${p.label} (${f.periodRange(p.from, p.to)})`;
}

function valueText(v: MetricValue, f: Formatter): string {
  if (v.value !== null) return f.value(v.value, v.unit);
  // Rates are undefined when nothing closed, renewed or was allocated in the period.
  return 'no data for that period (nothing to measure it on)';
}

function describeChange(cur: MetricValue, prev: MetricValue, delta: number | null, changePct: number | null, f: Formatter): string {
  const before = `${f.value(prev.value, prev.unit)} ${prev.period.label}`;
  if (delta === null) return ` For comparison, ${before}.`;
  if (delta === 0) return ` Unchanged from ${before}.`;
  const direction = delta > 0 ? 'Up' : 'Down';
  // A rate's change reads best in points; amounts and counts read best in percent.
  const by =
    cur.unit === 'percent' || changePct === null ? f.gap(Math.abs(delta), cur.unit) : f.percent(Math.abs(changePct));
  return ` ${direction} ${by} from ${before}.`;
}

function trendChart(cur: MetricValue, prev: MetricValue): Chart {
  return {
    kind: 'trend',
    title: clampTitle(`${cur.label}: ${prev.period.label} vs ${cur.period.label}`),
    categories: [prev.period.label, cur.period.label],
    series: [{ name: cur.label, values: [prev.value ?? 0, cur.value ?? 0] }],
    unit: cur.unit,
  };
}

const QUANTITY_WORDS = /\b(how (many|much)|number of|count|total|rate|percent\w*|value|worth|sum|figure|level|up or down|compared?|vs|versus|growth|grow\w*|trend\w*)\b/;

const FIGURES = ['revenue', 'pipeline_value', 'win_rate', 'won_deals', 'renewal_rate'] as const;

/** "What was it last quarter?": which figure, as buttons that ask it with the same period and partner. */
function whichMetric(a: Analysis): Clarification {
  const partner = a.partner ? ` for ${a.partner.name}` : '';
  const period = a.period ? ` ${a.period}` : ' this quarter';
  return {
    question: 'Which figure do you mean?',
    options: FIGURES.map((m) => {
      const def = metricDef(m);
      const what = def.unit === 'count' ? `How many ${def.label.toLowerCase()}` : `What is the ${def.label.toLowerCase()}`;
      return { label: def.label, text: `${what}${period}${partner}?` };
    }),
  };
}
