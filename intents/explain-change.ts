import { z } from 'zod';
import { metricArg, otherPartnerArg } from './shared-args.ts';
import { contributors, type Contributor } from '../src/insights/explain-change.ts';
import { breakdownsOf, isBreakdownMetric, type BreakdownBy } from '../src/metrics/breakdown.ts';
import { parsePeriod, previousPeriod } from '../src/metrics/period.ts';
import type { Unit } from '../src/metrics/names.ts';
import type { MetricDef, Period } from '../src/metrics/types.ts';
import { listing, percentChange, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact } from '../src/reply/types.ts';
import { dataReply, guardScope, plainReply, possessive } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import { explainTierMove } from './tier-move.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { lowerFirst, upperFirst } from './wording.ts';

const args = z.object({
  metric: metricArg(
    "The figure that changed, by its name in the program's metrics; explained for amounts and counts that split by a dimension (revenue, won_deals, deal_registrations, co_sell_deals, a vendor metric with a dimension). Omit for revenue.",
  ).optional(),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('The period the change happened in, as the user said it ("last month", "Q3"); compared with the period before. Omit for last month.'),
  partner: otherPartnerArg,
  tierMove: z
    .boolean()
    .optional()
    .describe(
      'True when the question is why a partner moved tier ("why did Tailspin drop to Registered?", "why were we downgraded?", "why did Fabrikam make Gold?"): the latest move, with each requirement at that review against what the tier asked. Metric and period are then ignored.',
    ),
});

const TOP = 3;
/** Words of a change: "drop", "spike", "tank", "went up". */
const CHANGE = /\b(drop\w*|fell|fall\w*|rise|rose|spike\w*|tank\w*|jump\w*|dip\w*|declin\w*|increas\w*|decreas\w*|improv\w*|chang\w*|grew|grow\w*|shr[iu]nk|went (up|down)|go (up|down)|up|down|lower|higher|worse|better)\b/;
/** Words that ask for the reasons behind a change. */
const EXPLAIN = /\b(why|how come|what (made|caused|drove|happened|got)|explain\w*|reasons?|behind|break ?down why|driv\w*|caus\w*)\b/;
/** A partner's move between tiers: "downgraded", "dropped a tier", "lost Silver", "moved up". */
const TIER_MOVE = /\b(downgrad\w*|upgrad\w*|demot\w*|promot\w*|bumped (down|up)|dropp?(ed)? (a |down a )?(tier|level)|drop to|dropped to|moved? (up|down)|lost (our |its |their |the )?(\w+ )?(tier|status|silver|gold|platinum|registered)|lose (silver|gold|platinum)|tier (change|move)|(get|got|went|go) (down|up) a tier|make (silver|gold|platinum))\b/;

export const explainChange: IntentDef<typeof args> = {
  name: 'explain_change',
  description:
    'Why a figure changed: the top contributors to the change between a period and the one before, by product line and by customer, each with its share of the change. Also why a partner moved tier (tierMove): the requirements at the review that moved it, against what the tier asked.',
  args,
  label: 'Why a figure changed',
  examples: [
    'Why did my revenue drop last month?',
    'what caused the fall in won deals this quarter',
    'explain the change in our revenue',
    'why is revenue down',
    'what drove the increase in bookings in Q3',
    'which customers are behind the revenue decline',
    'why did our win rate tank last quarter',
    'why did our win rate improve',
    'what made our revenue go down in October',
    'why were won deals lower last quarter',
    'why did Northwind’s revenue fall last month',
    'what happened to our pipeline this quarter',
    'why did registrations spike in Q2',
    'what is behind the drop in co-sell deals',
    'break down why revenue went up',
    'why did we get downgraded',
    'why did we drop a tier',
    'why were we bumped down to Registered',
    'why did Tailspin lose Silver',
    'why did Fabrikam move up to Gold',
    'what got Fabrikam promoted',
    'why did Tailspin get downgraded',
    'explain our tier change',
    'how come we lost our Gold status',
    'reason for the revenue dip',
    'what drove the MDF usage drop since Q2',
  ],
  // "why" or "explain" about a figure or a move; "explain the tiers" is about the program.
  evidence: (a) => (EXPLAIN.test(a.lower) && (a.metric || CHANGE.test(a.lower) || TIER_MOVE.test(a.lower)) ? 2 : 0) + (TIER_MOVE.test(a.lower) ? 1 : 0),
  // "why did tailspin drop?" names no figure: a partner drops a tier.
  readSlots: (a) =>
    (TIER_MOVE.test(a.lower) || (!a.metric && /\b(drop|dropped|fell|fall|move[sd]?|rose|rise|climb\w*|slip\w*)\b/.test(a.lower) && !/\b(revenue|pipeline|deals?|rate|certs?)\b/.test(a.lower))) && EXPLAIN.test(a.lower) ? { tierMove: true } : {},
  plan: (a, args) => {
    // The tier a partner moved to or from is not a figure; the move itself is the question.
    if (args.tierMove) {
      const { metric: _m, period: _p, ...rest } = args;
      return { args: rest };
    }
    return { args };
  },
  rephrase: (a) =>
    `Why did the ${a.metric ? a.metric.label.toLowerCase() : 'revenue'} change${a.period ? ` ${a.period}` : ' last month'}${a.partner ? ` for ${a.partner.name}` : ''}?`,
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      if (a.tierMove === true) {
        const moved = await resolvePartner(ctx, a.partner, (name) => `Why did ${name} move tier?`);
        return moved.ok ? explainTierMove(ctx, moved.partner) : moved.result;
      }
      const asked = a.metric ?? 'revenue';
      const def = ctx.data.metrics.def(asked);
      const f = ctx.format;
      if (!isBreakdownMetric(def)) return cannotSplit(ctx, def, await ctx.data.asOf());
      const metric = def.name;
      const r = await resolvePartner(ctx, a.partner, (name) => `Why did the ${lowerFirst(def.label)} of ${name} change ${a.period ?? 'last month'}?`);
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const p = parsePeriod(a.period?.trim() ? a.period : 'last month', ctx.today, f.dates);
      if (!p.ok) return { reply: plainReply({ summary: p.error.message }, asOf), data: { error: p.error } };
      const cur = p.value;
      const prev = previousPeriod(cur, f.dates);
      const id = r.partner.id;
      // Each dimension the metric splits by: customer and product (line) for revenue and deals, a
      // vendor metric's own one (plant, region) as its `product` dimension.
      const dims = breakdownsOf(def);
      const [now, before, ...splits] = await Promise.all([
        ctx.data.metric(metric, id, cur),
        ctx.data.metric(metric, id, prev),
        ...dims.flatMap((by) => [ctx.data.breakdown(metric, id, cur, by), ctx.data.breakdown(metric, id, prev, by)]),
      ]);
      const byDim = new Map(dims.map((by, i) => [by, contributors(splits[2 * i + 1] ?? [], splits[2 * i] ?? [], TOP)] as const));
      const byProduct = byDim.get('product') ?? [];
      const byCustomer = byDim.get('customer') ?? [];
      const total = { current: now.value ?? 0, previous: before.value ?? 0 };
      const delta = round(total.current - total.previous);
      const head = `${possessive(r.partner.name)} ${lowerFirst(def.label)}, ${cur.label}: ${f.value(total.current, def.unit)}`;
      const base = {
        partner: r.partner.name,
        metric,
        period: span(cur),
        previousPeriod: span(prev),
        current: total.current,
        previous: total.previous,
        delta,
        changePct: percentChange(total.current, total.previous),
      };
      if (total.current === 0 && total.previous === 0) {
        const summary = `${possessive(r.partner.name)} ${lowerFirst(def.label)} was nothing in ${cur.label} and in ${prev.label}, so there is no change to explain.`;
        return { reply: dataReply({ summary }, asOf), data: { ...base, byProduct: [], byCustomer: [] } };
      }
      if (delta === 0) {
        return { reply: dataReply({ summary: `${head}, unchanged from ${prev.label}.` }, asOf), data: { ...base, byProduct, byCustomer } };
      }
      const pct = base.changePct === null ? '' : ` (${f.percent(base.changePct)})`;
      const word = delta < 0 ? 'drop' : 'rise';
      // (Summaries have always said "product line" for deals too; the table says "Product".)
      const splitText = dims.map((by) => describe(byDim.get(by) ?? [], by === 'product' && !def.vendor ? 'product line' : dimensionWord(def, by), def.unit, f)).join('; ');
      const summary =
        `${head}, ${delta < 0 ? 'down' : 'up'} ${f.value(Math.abs(delta), def.unit)}${pct.replace('-', '−')} from ${f.value(total.previous, def.unit)} in ${prev.label}. ` +
        `Biggest contributors to the ${word}: ${splitText}.`;
      const facts: Fact[] = [
        { label: `${def.label}, ${cur.label}`, value: total.current, unit: def.unit, display: f.value(total.current, def.unit) },
        { label: `${def.label}, ${prev.label}`, value: total.previous, unit: def.unit, display: f.value(total.previous, def.unit) },
        { label: 'Change', value: delta, unit: def.unit, display: f.delta(delta, def.unit) },
      ];
      const rows = dims.flatMap((by) => (byDim.get(by) ?? []).map((c) => row(upperFirst(dimensionWord(def, by)), c, def.unit, f)));
      const result: IntentResult = {
        reply: dataReply(
          {
            summary,
            facts,
            table: { columns: ['By', 'Name', prev.label, cur.label, 'Change', 'Share of change'], rows },
            charts: [chart(dims.map((by) => ({ tag: dimensionTag(def, by), list: byDim.get(by) ?? [] })), delta, def.unit, f)],
          },
          asOf,
        ),
        data: { ...base, byProduct, byCustomer },
      };
      return result;
    }),
};

/** Rates and stocks do not add up over customers and product lines, so there is nothing to split. */
function cannotSplit(ctx: IntentContext, def: MetricDef, asOf: string): IntentResult {
  const names = listing(ctx.data.metrics.all.filter(isBreakdownMetric).map((m) => lowerFirst(m.label)));
  const label = lowerFirst(def.label);
  const summary = `I can explain changes in ${names} by what they split into (customer, product line or their own dimension); ${label} does not split that way. Ask “what was our ${label} compared with the period before?” for the change itself.`;
  return { reply: plainReply({ summary }, asOf), data: { error: { code: 'bad_input', message: summary } } };
}

/** How a dimension's values are called: "customer", "product line" (revenue), "product" (deals), a vendor's "plant". */
function dimensionWord(def: MetricDef, by: BreakdownBy): string {
  if (by === 'customer') return 'customer';
  return def.dimensionLabels?.product ?? (def.name === 'revenue' ? 'product line' : 'product');
}

/** The tag a chart's bar carries for its dimension. */
const dimensionTag = (def: MetricDef, by: BreakdownBy): string => (by === 'customer' ? 'customer' : (def.dimensionLabels?.product ?? 'product'));

const round = (n: number): number => Math.round(n * 100) / 100;
const span = (p: Period) => ({ from: p.from, to: p.to, label: p.label });
const shareText = (c: Contributor): string => (c.share === null ? '' : ` (${Math.round(c.share)}% of the change)`);

function describe(list: readonly Contributor[], what: string, unit: Unit, f: Formatter): string {
  if (list.length === 0) return `no single ${what} moved it`;
  return `by ${what}, ${listing(list.map((c) => `${c.key} ${f.delta(c.delta, unit)}${shareText(c)}`))}`;
}

function row(by: string, c: Contributor, unit: Unit, f: Formatter): string[] {
  return [by, c.key, f.value(c.previous, unit), f.value(c.current, unit), f.delta(c.delta, unit), c.share === null ? '–' : f.percent(Math.round(c.share))];
}

/** The contributors as bars of how much each moved in the direction of the change, its signed figure as the label. */
function chart(splits: readonly { tag: string; list: readonly Contributor[] }[], delta: number, unit: Unit, f: Formatter): Chart {
  const all = splits.flatMap(({ tag, list }) => list.map((c) => ({ c, tag })));
  // Names first, so a cut label still reads; the tag says which split it comes from.
  const dir = Math.sign(delta) || 1;
  return {
    kind: 'leaderboard',
    title: `What drove the ${delta < 0 ? 'drop' : 'rise'}`,
    categories: all.map(({ c, tag }) => `${c.key} (${tag})`),
    series: [{ name: delta < 0 ? 'Drop' : 'Rise', values: all.map(({ c }) => dir * c.delta), display: all.map(({ c }) => `${f.delta(c.delta, unit)}${c.share === null ? '' : ` · ${f.percent(Math.round(c.share))}`}`) }],
    unit,
  };
}
