import { z } from 'zod';
import { ordinal, rankBy, type Ranked } from '../src/insights/ranking.ts';
import type { MetricName } from '../src/metrics/names.ts';
import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import type { Period } from '../src/metrics/types.ts';
import { findTier, tierList } from '../src/program/evaluate.ts';
import { listing } from '../src/reply/format.ts';
import type { Chart, Fact } from '../src/reply/types.ts';
import { clampTitle } from '../src/charts/prepare.ts';
import { coarsen, comparePeriod, distributionChart } from './peer-parts.ts';
import { groupRegionArg, regionName, resolveGroup, type PartnerGroup } from './partner-group.ts';
import { dataReply, plainReply, guardScope } from './reply-parts.ts';
import { metricArg } from './shared-args.ts';
import { groupOf, isBottom, limitOf } from './slot-words.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { lowerFirst, upperFirst } from './wording.ts';

const args = z.object({
  metric: metricArg("The figure to rank on, by its name in the program's metrics (e.g. revenue, won_deals, win_rate). Omit for revenue.").optional(),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('The period as the user said it ("this quarter", "last year"). Omit for the last 12 months.'),
  tier: z.string().max(40).optional().describe('Only partners of this tier (e.g. "Gold"). Omit for every tier.'),
  region: groupRegionArg,
  order: z
    .enum(['top', 'bottom'])
    .default('top')
    .describe('"top": the best first (highest, or lowest where less is better). "bottom": the weakest first ("weakest partners", "bottom 5", "lowest win rate").'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('How many partners to show ("top 3", "bottom 5"). Omit for the usual list.'),
  group: z
    .enum(['sub_partners'])
    .optional()
    .describe("Only for a distributor's partner admin ranking its sub-partners (and itself) by name: \"rank my resellers\", \"our sub-partners by revenue\". Omit otherwise."),
});

const TABLE_ROWS = 20;
const TOP_IN_SUMMARY = 3;
/** Words that ask for an order of partners. */
const RANKING = /\b(top \d+|top (three|five|ten)|bottom|rank\w*|leaderboard|league table|best|highest|lowest|worst|weakest|strongest|leading|laggards?|sort\w*|who is (first|last)|position|place)\b|\b(which|who)\b.*\b(most|least)\b/;

/** "which partners haven't registered a deal", "partners with no won deals this year": who did nothing. */
const IDLE = /\b(?:partners?|resellers?|who|which)\b.{0,20}\b(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not|with no|without|no|zero)\b.{0,20}\b(register\w*|submit\w*|won|win|closed?|sold|deals?|regs?|registrations?)\b/;

function idleOf(a: { lower: string; role: string }): 'deal_registrations' | 'won_deals' | undefined {
  if (a.role !== 'channel_manager' && a.role !== 'vendor_admin') return undefined;
  const m = IDLE.exec(a.lower);
  if (!m) return undefined;
  return /^(won|win|closed?|sold)$/.test(m[1] ?? '') || /\b(won|win)\b/.test(a.lower) ? 'won_deals' : 'deal_registrations';
}

export const leaderboard: IntentDef<typeof args> = {
  name: 'leaderboard',
  description:
    "A ranking of partners on a figure, best first or weakest first (\"bottom 5 by win rate\"). Channel managers and vendor admins see the named ranking of the partners they look after; a distributor's partner admin can rank its sub-partners by name; any other partner sees only its own place and the anonymous spread of its tier.",
  args,
  label: 'Ranking of partners',
  examples: [
    'show me the partner leaderboard',
    'rank my partners by revenue this quarter',
    'who are the top partners by won deals',
    'which partner has the highest win rate',
    'top 10 resellers by pipeline',
    'where do we rank on revenue',
    'league table of Gold partners',
    'bottom 5 by win rate this year',
    'who are my weakest partners',
    'worst performers on renewal rate',
    'top 3 by revenue this year',
    'rank my partners by MDF utilisation, worst first',
    'which of my partners booked the most revenue this quarter',
    'rank all Gold partners by win rate',
    'best performing partners by pipeline',
    'top 5 EMEA partners by revenue',
    'lowest 10 partners on won deals',
    'who is leading on co-sell deals',
    'what is our position in the rankings for won deals',
    'rank us on revenue against everyone else',
    'where do we place among Silver partners on pipeline',
    'rank our sub-partners by won deals',
    'rank my resellers by revenue',
    'which of our resellers has the lowest win rate',
    'top partners in APAC by bookings',
    'who are the laggards on certifications',
    'sort my partners by pipeline',
    'who is last on renewal rate',
    'top ten by deal registrations in 2025',
    'which partners are top by revenue and which are bottom',
  ],
  // "top 3 deals" lists deals; a ranking orders partners. "Which partners haven't registered a
  // deal this quarter" is the bottom of a ranking: those at none come first.
  evidence: (a) =>
    idleOf(a)
      ? 6
      : /\b(top|biggest|largest) (\w+ )?(\w+ )?(deals|opportunit\w*)\b|\bat[ -]risk\b|\bclosest to\b|\bmoved tiers?\b/.test(a.lower)
        ? -1
        : /\b(rank\w*|leaderboard|league table)\b/.test(a.lower)
          ? 2.5
          : RANKING.test(a.lower)
            ? 1.5
            : 0,
  readSlots: (a) => {
    const idle = idleOf(a);
    const limit = limitOf(a);
    return {
      ...(idle ? { order: 'bottom', metric: idle, limit: 10 } : {}),
      ...(isBottom(a) ? { order: 'bottom' } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(groupOf(a) === 'sub_partners' ? { group: 'sub_partners' } : {}),
    };
  },
  rephrase: (a) => `Rank partners by ${a.metric ? a.metric.label.toLowerCase() : 'revenue'}`,
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, undefined, async () => {
      const asOf = await ctx.data.asOf();
      const bad = (message: string): IntentResult => ({ reply: plainReply({ summary: message }, asOf), data: { error: { code: 'bad_input', message } } });
      const metric = a.metric ?? 'revenue';
      const period = comparePeriod(ctx.data.metrics.def(metric), a.period, ctx.today, ctx.format);
      if (!period.ok) return bad(period.message);
      const tier = a.tier === undefined ? undefined : findTier(ctx.program, a.tier)?.name;
      if (a.tier !== undefined && tier === undefined) {
        return bad(`There is no tier called “${a.tier.trim().slice(0, 40)}”. The tiers are ${tierList(ctx.program)}.`);
      }
      const role = ctx.principal.role;
      const region = a.region?.trim() || undefined;
      // A partner ranks by name only its own group (a distributor's admin, asked for its
      // sub-partners); otherwise it gets its own anonymous place, as always.
      if ((role === 'partner_user' || role === 'partner_admin') && ctx.principal.partnerId !== null && a.group === undefined) {
        return ownPlace(ctx, ctx.principal.partnerId, metric, period.value, tier, region === undefined ? undefined : regionName(region), asOf);
      }
      const g = await resolveGroup(ctx, { tier, region }, { what: 'ranking', question: `Where do we rank on ${lowerFirst(ctx.data.metrics.def(metric).label)}?` });
      if (!g.ok) return g.result;
      return named(ctx, g.group, { metric, period: period.value, order: a.order, limit: a.limit }, asOf);
    }),
};

interface Ask {
  metric: MetricName;
  period: Period;
  order: 'top' | 'bottom';
  limit: number | undefined;
}

/**
 * The group's partners by name, best first or weakest first. Partners without a figure (a rate
 * with nothing to measure) come after every partner with one, in both orders; `rank` is always the
 * place counted from the best.
 */
async function named(ctx: IntentContext, group: PartnerGroup, q: Ask, asOf: string): Promise<IntentResult> {
  const { metric, period, order, limit } = q;
  const def = ctx.data.metrics.def(metric);
  const f = ctx.format;
  const plural = f.plural;
  const partners = group.partners;
  const values = await ctx.data.metricByPartner(metric, partners.map((p) => p.id), period);
  const ranked = rankBy(partners, (p) => values.get(p.id) ?? null, def.higherIsBetter);
  const withValue = ranked.filter((r) => r.value !== null);
  const without = ranked.filter((r) => r.value === null);
  const ordered = order === 'top' ? ranked : [...weakestFirst(withValue, def.higherIsBetter), ...without];
  const shown = ordered.slice(0, limit ?? TABLE_ROWS);
  const listed = (limit !== undefined ? shown : shown.slice(0, TOP_IN_SUMMARY)).map(
    (r) => `${r.item.name} (${r.value === null ? 'no figure' : f.value(r.value, def.unit)})`,
  );
  const label = lowerFirst(def.label);
  const who = group.label;
  const missing = without.length === 0 ? '' : ` ${plural(without.length, 'partner')} ${without.length === 1 ? 'has' : 'have'} no ${label} figure for that period and ${without.length === 1 ? 'ranks' : 'rank'} last.`;
  let summary: string;
  if (withValue.length === 0) summary = `None of ${who} has a ${label} figure for ${period.label}.`;
  else if (order === 'bottom') summary = `${limit !== undefined ? `Bottom ${shown.length} of ${who}` : `The weakest of ${who}`} on ${label}, ${period.label}, weakest first: ${listing(listed)}.${missing}`;
  else if (limit !== undefined) summary = `Top ${shown.length} of ${who} on ${label}, ${period.label}: ${listing(listed)}.${missing}`;
  else summary = `${upperFirst(who)} ranked by ${label}, ${period.label}: ${listing(listed)} lead.${missing}`;

  const own = ctx.principal.partnerId;
  const rows = shown.map((r) => [r.rank === null ? '–' : f.count(r.rank), r.item.name, r.item.tier, f.value(r.value, def.unit)]);
  // Every partner for the usual "top" board (the chart keeps the first rows); otherwise the rows shown.
  const charted = order === 'top' && limit === undefined ? ranked : shown;
  const mine = own === null ? -1 : charted.findIndex((r) => r.item.id === own);
  const chart: Chart = {
    kind: 'leaderboard',
    title: clampTitle(`${def.label}: ${order === 'bottom' ? 'weakest ' : ''}${group.filters.tier ? `${group.filters.tier} ` : ''}partners${group.filters.region ? ` in ${group.filters.region}` : ''}, ${period.label}`),
    categories: charted.map((r) => r.item.name),
    series: [{ name: def.label, values: charted.map((r) => r.value ?? Number.NaN) }],
    unit: def.unit,
    // Best first on the chart too: the lowest where less is better.
    ...(def.higherIsBetter ? {} : { ascending: true }),
    ...(mine >= 0 ? { highlight: mine } : {}),
  };
  const facts: Fact[] = [{ label: 'Partners ranked', value: partners.length, unit: 'count', display: f.count(partners.length) }];
  const data = limit !== undefined ? shown : ordered;
  return {
    reply: dataReply({ summary, facts, table: { columns: ['#', 'Partner', 'Tier', def.label], rows }, charts: withValue.length > 0 ? [chart] : [] }, asOf),
    data: {
      metric,
      period: { from: period.from, to: period.to, label: period.label },
      group: group.kind,
      order,
      ...(limit !== undefined ? { limit } : {}),
      ...(group.filters.tier ? { tier: group.filters.tier } : {}),
      ...(group.filters.region ? { region: group.filters.region } : {}),
      partnerCount: partners.length,
      ranking: data.map((r) => ({ rank: r.rank, partner: r.item.name, tier: r.item.tier, value: r.value })),
    },
  };
}

/** Partners with a figure, the weakest first; equal figures keep their order (by name). */
function weakestFirst<T>(withValue: readonly Ranked<T>[], higherIsBetter: boolean): Ranked<T>[] {
  return withValue
    .map((r, i) => ({ r, i }))
    .sort((x, y) => ((higherIsBetter ? 1 : -1) * ((x.r.value ?? 0) - (y.r.value ?? 0))) || x.i - y.i)
    .map((x) => x.r);
}

/** A partner: its own place among the partners of its tier, and the anonymous spread. Nobody else's name or figure. */
async function ownPlace(
  ctx: IntentContext,
  partnerId: number,
  metric: MetricName,
  period: Period,
  tier: string | undefined,
  region: string | undefined,
  asOf: string,
): Promise<IntentResult> {
  const def = ctx.data.metrics.def(metric);
  const f = ctx.format;
  const me: PartnerInfo = await ctx.data.partner(partnerId);
  const cohortTier = tier ?? me.tier;
  const cohort = region === undefined ? { tier: cohortTier } : { tier: cohortTier, region };
  const peers = `${cohortTier} partners${region === undefined ? '' : ` in ${region}`}`;
  const [place, bench] = await Promise.all([
    ctx.data.peerRank({ metric, partnerId, period, cohort }),
    ctx.data.peerBenchmark({ metric, partnerId, period, cohort }),
  ]);
  const label = lowerFirst(def.label);
  const mine = bench.ok && !bench.value.withheld ? bench.value.yourValue : null;
  if (place.withheld || !bench.ok || bench.value.withheld) {
    const besides = place.withheld && place.because === 'seen' ? ' besides the partners you can already see' : '';
    const summary = `Rankings need at least ${place.withheld ? place.minCohort : 5} ${peers} with a ${label} figure${besides}; this group ${besides ? 'has fewer' : 'is smaller'}, so it stays private.`;
    return { reply: dataReply({ summary }, asOf), data: { metric, tier: cohortTier, ...(region ? { region } : {}), withheld: true } };
  }
  // A partner of another tier, or of this tier in another region, is placed among the group
  // without being one of it: "would place 49th among 49, counted with the 48 Gold partners".
  const member = place.member;
  const where =
    place.rank === null
      ? `${me.name} has no ${label} figure for ${period.label}, so it has no place among the ${place.of} ${peers}`
      : member
        ? `${me.name} ranks ${ordinal(place.rank)} of ${place.of} ${peers} on ${label}, ${period.label}`
        : `${me.name}'s ${label} would place ${ordinal(place.rank)} among ${place.of}, counted with the ${place.of - 1} ${peers}, ${period.label}`;
  const summary = `${where}. Other partners stay anonymous: the chart shows how many fall in each range.`;
  const buckets = coarsen(bench.value.buckets);
  const facts: Fact[] = [
    { label: `Your ${label}`, value: mine ?? 'n/a', unit: def.unit, display: f.value(mine, def.unit) },
    { label: 'Your place', value: place.rank ?? 'n/a', display: place.rank === null ? 'n/a' : `${ordinal(place.rank)} of ${place.of}` },
  ];
  return {
    reply: dataReply({ summary, facts, charts: [distributionChart(bench.value, buckets, `${def.label}: ${peers}`, f)] }, asOf),
    data: {
      metric,
      period: { from: period.from, to: period.to, label: period.label },
      tier: cohortTier,
      ...(region ? { region } : {}),
      partner: me.name,
      rank: place.rank,
      of: place.of,
      yourValue: mine,
      percentile: bench.value.percentile,
      buckets,
    },
  };
}
