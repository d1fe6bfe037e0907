import { z } from 'zod';
import { otherPartnerArg, targetTierArg } from './shared-args.ts';
import { windowPeriod } from '../src/metrics/period.ts';
import { applyChanges, checkAmount, scenarioChanges, SCENARIOS, type Scenario } from '../src/insights/what-if.ts';
import { evaluateTier, findTier, type TierEvaluation } from '../src/program/evaluate.ts';
import { formatDelta, formatMoney, formatValue, listing, plural } from '../src/reply/format.ts';
import type { Chart, Fact, RequirementRow } from '../src/reply/types.ts';
import { dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { formatGap, lowerFirst } from './wording.ts';

const args = z.object({
  scenario: z
    .enum(SCENARIOS)
    .describe(
      'The hypothetical change: open_deals_close (every approved open deal registration closes as won), add_certifications (more certified people), add_revenue (more revenue booked), win_deals (more deals won).',
    ),
  amount: z
    .number()
    .optional()
    .describe('How many people or deals, or how many dollars of revenue; omit for open_deals_close.'),
  tier: targetTierArg,
  partner: otherPartnerArg,
});

export const whatIf: IntentDef<typeof args> = {
  name: 'what_if',
  description:
    'A hypothetical: the tier requirements recomputed as if open deals closed, more people were certified, more revenue was booked or more deals were won. Clearly labelled as a what-if, never the record.',
  args,
  examples: [
    'If my open deals close, will I reach Gold?',
    'what if I certify two more people?',
    'suppose all our approved deals are won, do we make Platinum',
    'what happens if we win 3 more deals',
    'if we book another $50,000 in revenue would we qualify for Gold',
    'what if we get 4 more certifications',
    'hypothetically if the pipeline closes what tier would we be',
  ],
  keywords: {
    'what if': 4,
    if: 1.5,
    suppose: 3,
    imagine: 2.5,
    assuming: 2.5,
    hypothetic: 3,
    would: 1,
    'open deals': 1.5,
    certify: 1.5,
    'more people': 2,
    more: 1,
    another: 1,
    close: 1,
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => restate(a.scenario, a.amount, name));
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const amount = checkAmount(a.scenario, a.amount);
      if (!amount.ok) return { reply: plainReply({ summary: amount.error.message }, asOf), data: { error: amount.error } };
      const ev = await evaluateTier(ctx.data, ctx.program, r.partner.id, a.tier);
      if (!ev.ok) return { reply: plainReply({ summary: ev.error.message }, asOf), data: { error: ev.error } };
      return answer(ev.value, a.scenario, amount.value, r.own, ctx, asOf);
    }),
};

/** The question again, with the partner named: what a clarifying button sends. */
function restate(s: Scenario, amount: number | undefined, name: string): string {
  switch (s) {
    case 'open_deals_close':
      return `If the open deals of ${name} close, will it reach the next tier?`;
    case 'add_certifications':
      return `What if ${name} certifies ${amount ?? 2} more people?`;
    case 'add_revenue':
      return `What if ${name} books another ${formatMoney(amount ?? 50_000)}?`;
    case 'win_deals':
      return `What if ${name} wins ${amount ?? 3} more deals?`;
  }
}

async function answer(ev: TierEvaluation, scenario: Scenario, amount: number | undefined, own: boolean, ctx: IntentContext, asOf: string): Promise<IntentResult> {
  const open = await ctx.data.openApprovedDeals(ev.partner.id);
  const changes = scenarioChanges(scenario, amount, open, await averageWon(ev, ctx));
  const after = applyChanges(ev.requirements, changes);
  const name = own ? 'you' : ev.partner.name;
  const change = describe(scenario, amount, open);
  if (scenario === 'open_deals_close' && open.count === 0) {
    const summary = `${own ? 'You have' : `${ev.partner.name} has`} no approved deal registrations open, so there is nothing to close in a what-if.`;
    return { reply: plainReply({ summary }, asOf), data: { scenario, open } };
  }
  const before = ev.requirements.filter((r) => r.met).length;
  const met = after.filter((r) => r.met).length;
  const all = after.length > 0 && met === after.length;
  const stillShort = after.filter((r) => !r.met).map((r) => `${lowerFirst(r.label)} would still be ${formatGap(r.gap, r.unit)} short`);
  const tierHeld = ev.atTop || ev.targetTier.toLowerCase() === ev.currentTier.toLowerCase();
  const verdict = all
    ? `yes — ${name} would meet all ${plural(after.length, `${ev.targetTier} requirement`)}${tierHeld ? '' : ` and reach ${ev.targetTier}`}.`
    : `no — ${name} would meet ${met} of ${plural(after.length, `${ev.targetTier} requirement`)} (${before} today); ${listing(stillShort)}.`;
  const summary = `Hypothetically, if ${change}, ${verdict} This is a what-if, not the record.`;
  const facts: Fact[] = after
    .map((r, i) => ({ r, was: ev.requirements[i] }))
    .filter(({ r, was }) => was !== undefined && r.current !== was.current)
    .map(({ r, was }) => ({
      label: `${r.label} (what-if)`,
      value: r.current,
      unit: r.unit,
      display: `${formatValue(r.current, r.unit)} (${formatDelta(r.current - (was?.current ?? 0), r.unit)}) of ${formatValue(r.required, r.unit)}${r.met ? ' (met)' : ''}`,
    }));
  return {
    reply: { ...dataReply({ summary, facts, requirements: after, charts: [chart(ev, after)] }, asOf), hypothetical: true },
    data: {
      hypothetical: true,
      partner: ev.partner.name,
      currentTier: ev.currentTier,
      targetTier: ev.targetTier,
      scenario,
      ...(amount !== undefined ? { amount } : {}),
      changes,
      reachesTier: all,
      requirements: after.map((r, i) => ({ metric: r.metric, label: r.label, unit: r.unit, before: ev.requirements[i]?.current ?? null, after: r.current, required: r.required, met: r.met, gap: r.gap })),
    },
  };
}

/** The average won deal over the revenue window: what one more won deal is worth when no deal is open. */
async function averageWon(ev: TierEvaluation, ctx: IntentContext): Promise<number> {
  const window = findTier(ctx.program, ev.targetTier)?.requirements.find((q) => q.metric === 'revenue')?.window ?? 'trailing_12_months';
  const p = windowPeriod(window, ctx.today);
  const [rev, won] = await Promise.all([ctx.data.metric('revenue', ev.partner.id, p), ctx.data.metric('won_deals', ev.partner.id, p)]);
  return (won.value ?? 0) > 0 ? (rev.value ?? 0) / (won.value ?? 1) : 0;
}

function describe(s: Scenario, amount: number | undefined, open: { count: number; amount: number }): string {
  switch (s) {
    case 'open_deals_close':
      return `all ${plural(open.count, 'approved open deal')} (${formatMoney(open.amount)}) closed as won`;
    case 'add_certifications':
      return `${plural(amount ?? 0, 'more person', 'more people')} got certified`;
    case 'add_revenue':
      return `another ${formatMoney(amount ?? 0)} of revenue was booked`;
    case 'win_deals':
      return `${plural(amount ?? 0, 'more deal')} ${amount === 1 ? 'was' : 'were'} won`;
  }
}

function chart(ev: TierEvaluation, after: readonly RequirementRow[]): Chart {
  const pct = (r: RequirementRow) => (r.required > 0 ? Math.round((r.current / r.required) * 1000) / 10 : 100);
  return {
    kind: 'tier_progress',
    title: `What-if: progress to ${ev.targetTier}`.slice(0, 50),
    categories: after.map((r) => r.label),
    series: [
      { name: 'what-if', values: after.map(pct), display: after.map((r) => `${formatValue(r.current, r.unit)} of ${formatValue(r.required, r.unit)}`) },
      { name: 'required', values: after.map(() => 100) },
    ],
    targets: [{ label: ev.targetTier, value: 100 }],
    unit: 'percent',
  };
}
