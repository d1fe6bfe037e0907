import { z } from 'zod';
import { ordinal, rankBy } from '../src/insights/ranking.ts';
import { metricDef } from '../src/metrics/catalog.ts';
import { METRIC_NAMES, type MetricName } from '../src/metrics/names.ts';
import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import type { Period } from '../src/metrics/types.ts';
import { findTier, tierList } from '../src/program/evaluate.ts';
import { formatValue, listing } from '../src/reply/format.ts';
import type { Chart, Fact } from '../src/reply/types.ts';
import { coarsen, comparePeriod, distributionChart } from './peer-parts.ts';
import { dataReply, plainReply, guardScope } from './reply-parts.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { lowerFirst } from './wording.ts';

const args = z.object({
  metric: z
    .enum(METRIC_NAMES)
    .optional()
    .describe('The figure to rank on, by catalog name (e.g. revenue, won_deals, win_rate). Omit for revenue.'),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('The period as the user said it ("this quarter", "last year"). Omit for the last 12 months.'),
  tier: z.string().max(40).optional().describe('Only partners of this tier (e.g. "Gold"). Omit for every tier.'),
});

const TABLE_ROWS = 20;
const TOP_IN_SUMMARY = 3;

export const leaderboard: IntentDef<typeof args> = {
  name: 'leaderboard',
  description:
    'A ranking of partners on a figure. Channel managers and vendor admins see the named ranking of the partners they look after; a partner sees only its own place and the anonymous spread of its tier.',
  args,
  examples: [
    'show me the partner leaderboard',
    'rank my partners by revenue this quarter',
    'who are the top partners by won deals',
    'which partner has the highest win rate',
    'top 10 resellers by pipeline',
    'where do we rank on revenue',
    'league table of Gold partners',
  ],
  keywords: {
    leaderboard: 4,
    'league table': 4,
    rank: 3,
    ranking: 3,
    top: 2,
    best: 1.5,
    highest: 1.5,
    lowest: 1,
    worst: 1,
    'which partner': 1.5,
    'who are': 1,
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, undefined, async () => {
      const asOf = await ctx.data.asOf();
      const bad = (message: string): IntentResult => ({ reply: plainReply({ summary: message }, asOf), data: { error: { code: 'bad_input', message } } });
      const metric = a.metric ?? 'revenue';
      const period = comparePeriod(metric, a.period, ctx.today);
      if (!period.ok) return bad(period.message);
      const tier = a.tier === undefined ? undefined : findTier(ctx.program, a.tier)?.name;
      if (a.tier !== undefined && tier === undefined) {
        return bad(`There is no tier called “${a.tier.trim().slice(0, 40)}”. The tiers are ${tierList(ctx.program)}.`);
      }
      const role = ctx.principal.role;
      if ((role === 'partner_user' || role === 'partner_admin') && ctx.principal.partnerId !== null) {
        return ownPlace(ctx, ctx.principal.partnerId, metric, period.value, tier, asOf);
      }
      return named(ctx, metric, period.value, tier, asOf);
    }),
};

/** Managers and admins: every partner in scope, by name. */
async function named(ctx: IntentContext, metric: MetricName, period: Period, tier: string | undefined, asOf: string): Promise<IntentResult> {
  const def = metricDef(metric);
  const partners = (await ctx.data.visiblePartners()).filter((p) => tier === undefined || p.tier.toLowerCase() === tier.toLowerCase());
  const group = tier ? `${tier} partners` : 'partners';
  if (partners.length === 0) {
    return { reply: plainReply({ summary: `You have no ${group} to rank.` }, asOf), data: { metric, partners: 0 } };
  }
  const values = await ctx.data.metricByPartner(metric, partners.map((p) => p.id), period);
  const ranked = rankBy(partners, (p) => values.get(p.id) ?? null, def.higherIsBetter);
  const withValue = ranked.filter((r) => r.value !== null);
  const label = lowerFirst(def.label);
  const top = withValue.slice(0, TOP_IN_SUMMARY).map((r) => `${r.item.name} (${formatValue(r.value, def.unit)})`);
  const summary =
    withValue.length === 0
      ? `None of your ${partners.length} ${group} has a ${label} figure for ${period.label}.`
      : `${partners.length} ${group} ranked by ${label}, ${period.label}: ${listing(top)} lead.`;
  const rows = ranked.slice(0, TABLE_ROWS).map((r) => [r.rank === null ? '–' : String(r.rank), r.item.name, r.item.tier, formatValue(r.value, def.unit)]);
  const chart: Chart = {
    kind: 'leaderboard',
    title: `${def.label}: ${tier ? `${tier} ` : ''}partners, ${period.label}`.slice(0, 50),
    categories: ranked.map((r) => r.item.name),
    series: [{ name: def.label, values: ranked.map((r) => r.value ?? Number.NaN) }],
    unit: def.unit,
  };
  const facts: Fact[] = [{ label: 'Partners ranked', value: partners.length, unit: 'count', display: String(partners.length) }];
  return {
    reply: dataReply({ summary, facts, table: { columns: ['#', 'Partner', 'Tier', def.label], rows }, charts: withValue.length > 0 ? [chart] : [] }, asOf),
    data: {
      metric,
      period: { from: period.from, to: period.to, label: period.label },
      ...(tier ? { tier } : {}),
      ranking: ranked.map((r) => ({ rank: r.rank, partner: r.item.name, tier: r.item.tier, value: r.value })),
    },
  };
}

/** A partner: its own place among the partners of its tier, and the anonymous spread. Nobody else's name or figure. */
async function ownPlace(ctx: IntentContext, partnerId: number, metric: MetricName, period: Period, tier: string | undefined, asOf: string): Promise<IntentResult> {
  const def = metricDef(metric);
  const me: PartnerInfo = await ctx.data.partner(partnerId);
  const cohortTier = tier ?? me.tier;
  const cohort = { tier: cohortTier };
  const [place, bench] = await Promise.all([
    ctx.data.peerRank({ metric, partnerId, period, cohort }),
    ctx.data.peerBenchmark({ metric, partnerId, period, cohort }),
  ]);
  const label = lowerFirst(def.label);
  const mine = bench.ok && !bench.value.withheld ? bench.value.yourValue : null;
  if (place.withheld || !bench.ok || bench.value.withheld) {
    const summary = `Rankings need at least ${place.withheld ? place.minCohort : 5} ${cohortTier} partners with a ${label} figure; this group is smaller, so it stays private.`;
    return { reply: dataReply({ summary }, asOf), data: { metric, tier: cohortTier, withheld: true } };
  }
  const member = me.tier.toLowerCase() === cohortTier.toLowerCase();
  const where =
    place.rank === null
      ? `${me.name} has no ${label} figure for ${period.label}, so it has no place among the ${place.of} ${cohortTier} partners`
      : member
        ? `${me.name} ranks ${ordinal(place.rank)} of ${place.of} ${cohortTier} partners on ${label}, ${period.label}`
        : `${me.name}'s ${label} would place ${ordinal(place.rank)} among the ${place.of} ${cohortTier} partners, ${period.label}`;
  const summary = `${where}. Other partners stay anonymous: the chart shows how many fall in each range.`;
  const buckets = coarsen(bench.value.buckets);
  const facts: Fact[] = [
    { label: `Your ${label}`, value: mine ?? 'n/a', unit: def.unit, display: formatValue(mine, def.unit) },
    { label: 'Your place', value: place.rank ?? 'n/a', display: place.rank === null ? 'n/a' : `${ordinal(place.rank)} of ${place.of}` },
  ];
  return {
    reply: dataReply({ summary, facts, charts: [distributionChart(bench.value, buckets, `${def.label}: ${cohortTier} partners`)] }, asOf),
    data: {
      metric,
      period: { from: period.from, to: period.to, label: period.label },
      tier: cohortTier,
      partner: me.name,
      rank: place.rank,
      of: place.of,
      yourValue: mine,
      percentile: bench.value.percentile,
      buckets,
    },
  };
}
