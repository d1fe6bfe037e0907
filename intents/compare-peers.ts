import { z } from 'zod';
import { metricArg, otherPartnerArg } from './shared-args.ts';
import type { PeerBenchmark } from '../src/metrics/peers/benchmark.ts';
import { ordinal } from '../src/insights/ranking.ts';
import type { MetricName } from '../src/metrics/names.ts';
import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import { findTier, tierList } from '../src/program/evaluate.ts';
import type { Formatter } from '../src/reply/format.ts';
import type { Chart, Fact } from '../src/reply/types.ts';
import { coarsen, comparePeriod, distributionChart } from './peer-parts.ts';
import { dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentContext, IntentDef } from './types.ts';
import { lowerFirst } from './wording.ts';

const args = z.object({
  metric: metricArg("The figure to compare on, by its name in the program's metrics (e.g. revenue, win_rate). Omit to compare on every requirement of the next tier.").optional(),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('The period as the user said it ("last quarter", "this year"). Omit for the tier window (last 12 months).'),
  tier: z
    .string()
    .max(40)
    .optional()
    .describe('Peers are partners of this tier (e.g. "Silver"). Omit for the partner’s own tier.'),
  partner: otherPartnerArg,
});

/** Metrics compared when none is named and the tier lists none. */
const DEFAULT_METRICS: readonly MetricName[] = ['revenue', 'won_deals', 'active_certifications', 'renewal_rate'];

/** Words that ask about similar partners rather than named ones. */
const PEERS = /\b(peers?|peer group|percentile|benchmark\w*|stack up|other (\w+ )?partners|partners like (us|ours|me|them|it)|similar partners|(above|below) (the )?(average|median)|average for|typical|normal for|our size|everyone else)\b/;

export const comparePeers: IntentDef<typeof args> = {
  name: 'compare_peers',
  description:
    "Anonymous peer benchmark: the partner's percentile on a figure among partners of the same tier (and region when that group is big enough). Groups with fewer than 5 partners the asker cannot see are withheld; no other partner's name or figure is shown.",
  args,
  label: 'Comparison with peers',
  examples: [
    'where do we sit among partners like us on revenue',
    'how do we compare with our peers',
    'benchmark us against our peer group',
    'how do we stack up against other Gold partners',
    'is our win rate above average for our tier',
    'are we above or below the median on pipeline',
    'how does our revenue compare to other Silver partners',
    'compared to similar partners how is our renewal rate',
    'what percentile are we in for won deals',
    'how does Northwind Traders compare with its peers',
    'how does Fabrikam compare to other Gold partners on revenue',
    'win rate vs other gold partners',
    'are we better than most partners at our level',
    'how do other Registered partners do on deal registrations compared to us',
    'peer comparison on certifications',
    'how do we rank against partners in our tier, anonymously',
    'is our MDF usage normal for a Silver partner',
    'are we behind our peers on co-sell',
    'how typical is our lead conversion rate',
    'do other partners our size book more revenue',
    'how do we look next to Silver partners',
    'how do we measure up against Gold partners on pipeline',
    'are we ahead of other partners on our tier',
  ],
  evidence: (a) => (PEERS.test(a.lower) || (/\b(compare|stack up|measure up|look|doing|do)\b/.test(a.lower) && /\b(to|with|vs|versus|against|next to)\s+(other\s+)?\w+\s+partners\b/.test(a.lower)) ? 2.5 : 0),
  rephrase: (a) => (a.partner ? `How does ${a.partner.name} compare with its peers?` : 'How do we compare with our peers?'),
  // "our win rate ytd? and how does that compare to other Silver partners": the same figure and period.
  pointsBackTo: ['metric', 'period', 'tier', 'partner'],
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => `How does ${name} compare with its peers?`);
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const bad = (message: string) => ({ reply: plainReply({ summary: message }, asOf), data: { error: { code: 'bad_input', message } } });
      const tier = a.tier === undefined ? r.partner.tier : findTier(ctx.program, a.tier)?.name;
      if (tier === undefined) return bad(`There is no tier called “${(a.tier ?? '').trim().slice(0, 40)}”. The tiers are ${tierList(ctx.program)}.`);
      const metrics = a.metric ? [a.metric] : metricsFor(ctx, r.partner);
      const results: Compared[] = [];
      for (const metric of metrics) {
        const period = comparePeriod(ctx.data.metrics.def(metric), a.period, ctx.today, ctx.format);
        if (!period.ok) return bad(period.message);
        results.push(await compare(ctx, r.partner, metric, period.value, tier));
      }
      return answer(ctx, r.partner, r.own, tier, results, asOf);
    }),
};

interface Compared {
  metric: MetricName;
  label: string;
  /** "Silver partners in NA" or "Silver partners". */
  group: string;
  region?: string;
  b: PeerBenchmark;
}

/** The requirements of the tier above the partner's (what it is measured on), else a default set. */
function metricsFor(ctx: IntentContext, partner: PartnerInfo): MetricName[] {
  const tiers = ctx.program.tiers;
  const i = tiers.findIndex((t) => t.name.toLowerCase() === partner.tier.toLowerCase());
  const next = tiers[Math.min(i + 1, tiers.length - 1)];
  const ms = [...new Set((next?.requirements ?? []).map((q) => q.metric))];
  return ms.length > 0 ? ms : [...DEFAULT_METRICS];
}

/** The partner's region first; when that group is too small to show, the whole tier. */
async function compare(ctx: IntentContext, partner: PartnerInfo, metric: MetricName, period: Compared['b']['period'], tier: string): Promise<Compared> {
  const label = ctx.data.metrics.def(metric).label;
  const regional = await ctx.data.peerBenchmark({ metric, partnerId: partner.id, period, cohort: { tier, region: partner.region } });
  if (regional.ok && !regional.value.withheld) return { metric, label, group: `${tier} partners in ${partner.region}`, region: partner.region, b: regional.value };
  const all = await ctx.data.peerBenchmark({ metric, partnerId: partner.id, period, cohort: { tier } });
  if (!all.ok) throw new Error(all.error.message);
  return { metric, label, group: `${tier} partners`, b: all.value };
}

function line(c: Compared): string {
  const label = lowerFirst(c.label);
  if (c.b.withheld) return `${label}: not enough ${c.group} to compare (fewer than ${c.b.minCohort})`;
  if (c.b.percentile === null) return `${label}: no figure of yours to place among ${c.b.cohortSize} ${c.group}`;
  return `${label} ${ordinal(c.b.percentile)} percentile of ${c.b.cohortSize} ${c.group}`;
}

function answer(ctx: IntentContext, partner: PartnerInfo, own: boolean, tier: string, results: readonly Compared[], asOf: string) {
  const f: Formatter = ctx.format;
  const shown = results.filter((c): c is Compared & { b: Extract<PeerBenchmark, { withheld: false }> } => !c.b.withheld);
  const who = own ? 'Where you stand' : `Where ${partner.name} stands`;
  const first = results[0]?.b;
  const summary =
    shown.length === 0 && first?.withheld
      ? first.reason
      : `${who}: ${results.map(line).join('; ')}. Percentiles compare with the other partners only; no other partner's figures are shown.`;
  const facts: Fact[] = results.map((c) => ({
    label: `${c.label}, ${c.b.period.label}`,
    value: c.b.withheld ? 'withheld' : (c.b.percentile ?? 'n/a'),
    display: c.b.withheld
      ? 'withheld (too few partners to compare)'
      : `${f.value(c.b.yourValue, c.b.unit)} · ${c.b.percentile === null ? 'n/a' : `${ordinal(c.b.percentile)} percentile`} of ${c.b.cohortSize}`,
  }));
  const top = shown[0];
  const charts: Chart[] = top ? [distributionChart(top.b, coarsen(top.b.buckets), `${top.label} among ${top.group}`, f)] : [];
  return {
    reply: dataReply({ summary, facts, charts }, asOf),
    data: {
      partner: partner.name,
      tier,
      comparisons: results.map((c) =>
        c.b.withheld
          ? { metric: c.metric, group: c.group, withheld: true, minCohort: c.b.minCohort, period: c.b.period }
          : {
              metric: c.metric,
              group: c.group,
              withheld: false,
              period: c.b.period,
              cohortSize: c.b.cohortSize,
              percentile: c.b.percentile,
              yourValue: c.b.yourValue,
              // Counts per range only: no peer's value, median or quartile (an odd group's median is one partner's figure).
              buckets: coarsen(c.b.buckets),
            },
      ),
    },
  };
}
