import { z } from 'zod';
import { metricArg, otherPartnerArg, targetTierArg } from './shared-args.ts';
import { windowPeriod } from '../src/metrics/period.ts';
import { applyChanges, applySet, checkAmount, scenarioChanges, SCENARIOS, type Changes, type Scenario } from '../src/insights/what-if.ts';
import { evaluateTier, findTier, type TierEvaluation } from '../src/program/evaluate.ts';
import { againstRequired, formatterFor, listing, type Formatter } from '../src/reply/format.ts';
import { progressPercent } from '../src/program/bounds.ts';
import type { Chart, Clarification, Fact, RequirementRow } from '../src/reply/types.ts';
import { clampTitle } from '../src/charts/prepare.ts';
import type { Analysis } from './language.ts';
import { dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { lowerFirst, shortfall, upperFirst } from './wording.ts';

const args = z.object({
  scenario: z
    .enum(SCENARIOS)
    .describe(
      'The hypothetical change: open_deals_close (every approved open deal registration closes as won), add_certifications (more certified people), add_revenue (more revenue booked), win_deals (more deals won), metric_at (one figure set to a value: "if our defect rate were 300 ppm").',
    ),
  amount: z
    .number()
    .optional()
    .describe('How many people or deals, how many dollars of revenue, or for metric_at the value the figure would have; omit for open_deals_close.'),
  metric: metricArg('For metric_at only: the figure the what-if sets.').optional(),
  tier: targetTierArg,
  partner: otherPartnerArg,
});

export const whatIf: IntentDef<typeof args> = {
  name: 'what_if',
  description:
    'A hypothetical: the tier requirements recomputed as if open deals closed, more people were certified, more revenue was booked or more deals were won. Clearly labelled as a what-if, never the record.',
  args,
  label: 'A what-if',
  examples: [
    'If my open deals close, will I reach Gold?',
    'what if I certify two more people?',
    'suppose all our approved deals are won, do we make Platinum',
    'what happens if we win 3 more deals',
    'if we book another $50,000 in revenue would we qualify for Gold',
    'what if we get 4 more certifications',
    'hypothetically if the pipeline closes what tier would we be',
    'say every open deal closes, does that get us to Gold',
    'if we got 2 more people certified would we make Gold',
    'would 3 more certs get us to Platinum',
    'if we close another 75k do we reach Gold',
    'what if we bring in an extra $1.2M',
    'if we add 30,000 in bookings do we get back to Silver',
    'if we win five more deals is that enough for Silver',
    'if Fabrikam wins 4 more deals do they make Platinum',
    'if Northwind certifies two more people do they make Gold',
    'what if Tailspin closes all its open deals',
    'imagine we land a couple more deals',
    'assuming our approved registrations all close, where would we be',
    'would another 100k in revenue be enough',
    'if we sign 2 more deals this month would that do it',
    'how about if we certify a few more engineers',
    'what if all our pending deals came in',
    'if everything in our pipeline converts do we hit Platinum',
    'could one more certified person get us over the line',
    'scenario: we book half a million more',
    'what would happen if we won ten more deals',
    'if we sold $200k more would we move up',
    'what if things change',
    'what would happen if we did better',
  ],
  // "what if something changes?" is a what-if still (which one is asked back); "more deals than
  // last quarter" without an "if" is not.
  evidence: (a) => (scenarioOf(a) ? 3.5 : /\b(what if|suppose|supposing|imagine|hypothetic\w*|scenario)\b/.test(a.lower) ? 1 : -1.5),
  readSlots: (a) => scenarioOf(a) ?? {},
  plan: (a, args) => {
    if (args.scenario === undefined) return { clarify: whichScenario(a) };
    // The figure named is the scenario's own only when it is set outright; "2 more certs" names
    // one the scenario already implies.
    const { metric, ...rest } = args;
    return { args: args.scenario === 'metric_at' ? { ...rest, metric } : rest };
  },
  rephrase: (a) => `If our open deals close${a.partner ? ` for ${a.partner.name}` : ''}, will we reach ${a.tier ?? 'the next tier'}?`,
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => restate(a.scenario, a.amount, name, ctx.program.currency, a.metric === undefined ? undefined : lowerFirst(ctx.data.metrics.def(a.metric).label)));
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const amount = checkAmount(a.scenario, a.amount, ctx.format);
      if (!amount.ok) return { reply: plainReply({ summary: amount.error.message }, asOf), data: { error: amount.error } };
      const ev = await evaluateTier(ctx.data, ctx.program, r.partner.id, a.tier);
      if (!ev.ok) return { reply: plainReply({ summary: ev.error.message }, asOf), data: { error: ev.error } };
      if (a.scenario === 'metric_at') return setAnswer(ev.value, a.metric, amount.value ?? 0, r.own, ctx, asOf);
      return answer(ev.value, a.scenario, amount.value, r.own, ctx, asOf);
    }),
};

/**
 * The question again, with the partner named: what a clarifying button sends. Questions are
 * written as the planner reads them (English, the program's currency sign), whoever asks.
 */
function restate(s: Scenario, amount: number | undefined, name: string, currency: string, metric?: string): string {
  const formatMoney = formatterFor({ locale: 'en-US', currency }).money;
  switch (s) {
    case 'open_deals_close':
      return `If the open deals of ${name} close, will it reach the next tier?`;
    case 'add_certifications':
      return `What if ${name} certifies ${amount ?? 2} more people?`;
    case 'add_revenue':
      return `What if ${name} books another ${formatMoney(amount ?? 50_000)}?`;
    case 'win_deals':
      return `What if ${name} wins ${amount ?? 3} more deals?`;
    case 'metric_at':
      return `What if the ${metric ?? 'revenue'} of ${name} were ${amount ?? 0}?`;
  }
}

async function answer(ev: TierEvaluation, scenario: Scenario, amount: number | undefined, own: boolean, ctx: IntentContext, asOf: string): Promise<IntentResult> {
  const open = await ctx.data.openApprovedDeals(ev.partner.id);
  const changes = scenarioChanges(scenario, amount, open, await averageWon(ev, ctx));
  const after = applyChanges(ev.requirements, changes);
  if (scenario === 'open_deals_close' && open.count === 0) {
    const summary = `${own ? 'You have' : `${ev.partner.name} has`} no approved deal registrations open, so there is nothing to close in a what-if.`;
    return { reply: plainReply({ summary }, asOf), data: { scenario, open } };
  }
  return verdict(ev, after, { scenario, amount, changes, change: describe(scenario, amount, open, ctx.format) }, own, ctx, asOf);
}

/** "If our defect rate were 300 ppm": the one requirement on that figure, set to the value. */
async function setAnswer(ev: TierEvaluation, metric: string | undefined, value: number, own: boolean, ctx: IntentContext, asOf: string): Promise<IntentResult> {
  const f = ctx.format;
  if (metric === undefined) {
    const summary = 'Which figure should the what-if set? For example “what if our win rate were 40%?”';
    return { reply: plainReply({ summary }, asOf), data: { error: { code: 'bad_input', message: summary } } };
  }
  const def = ctx.data.metrics.def(metric);
  const label = lowerFirst(def.label);
  if (!ev.requirements.some((r) => r.metric === metric)) {
    const asked = ev.requirements.map((r) => lowerFirst(r.label));
    const summary = `${upperFirst(label)} is not one of the ${ev.targetTier} requirements (${listing(asked)}), so on its own it would not change ${own ? 'your' : `${ev.partner.name}’s`} tier.`;
    return { reply: plainReply({ summary }, asOf), data: { hypothetical: true, scenario: 'metric_at', metric, amount: value, requirement: false } };
  }
  if (def.unit === 'percent' && value > 100) {
    const summary = `${upperFirst(label)} is a percentage; ${f.value(value, 'percent')} is not one it can reach. Try a value up to 100%.`;
    return { reply: plainReply({ summary }, asOf), data: { error: { code: 'bad_input', message: summary } } };
  }
  const after = applySet(ev.requirements, metric, value);
  return verdict(ev, after, { scenario: 'metric_at', amount: value, metric, change: `${label} were ${f.value(value, def.unit)}` }, own, ctx, asOf);
}

interface Hypothesis {
  scenario: Scenario;
  amount: number | undefined;
  changes?: Changes;
  metric?: string;
  /** The hypothesis in words, after "if": "another $50,000 of revenue was booked". */
  change: string;
}

function verdict(ev: TierEvaluation, after: RequirementRow[], h: Hypothesis, own: boolean, ctx: IntentContext, asOf: string): IntentResult {
  const { scenario, amount, change } = h;
  const name = own ? 'you' : ev.partner.name;
  const f = ctx.format;
  const before = ev.requirements.filter((r) => r.met).length;
  const met = after.filter((r) => r.met).length;
  const all = after.length > 0 && met === after.length;
  const stillShort = after.filter((r) => !r.met).map((r) => `${lowerFirst(r.label)} would still be ${shortfall(r, f)}`);
  const plural = f.plural;
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
      display: `${f.value(r.current, r.unit)} (${f.delta(r.current - (was?.current ?? 0), r.unit)}) ${r.atMost ? 'against at most' : 'of'} ${f.value(r.required, r.unit)}${r.met ? ' (met)' : ''}`,
    }));
  return {
    reply: { ...dataReply({ summary, facts, requirements: after, charts: [chart(ev, after, f)] }, asOf), hypothetical: true },
    data: {
      hypothetical: true,
      partner: ev.partner.name,
      currentTier: ev.currentTier,
      targetTier: ev.targetTier,
      scenario,
      ...(amount !== undefined ? { amount } : {}),
      ...(h.metric !== undefined ? { metric: h.metric } : {}),
      ...(h.changes ? { changes: h.changes } : {}),
      reachesTier: all,
      requirements: after.map((r, i) => ({ metric: r.metric, label: r.label, unit: r.unit, before: ev.requirements[i]?.current ?? null, after: r.current, required: r.required, ...(r.atMost ? { atMost: true } : {}), met: r.met, gap: r.gap })),
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

function describe(s: Scenario, amount: number | undefined, open: { count: number; amount: number }, f: Formatter): string {
  switch (s) {
    case 'open_deals_close':
      return `all ${f.plural(open.count, 'approved open deal')} (${f.money(open.amount)}) closed as won`;
    case 'add_certifications':
      return `${f.plural(amount ?? 0, 'more person', 'more people')} got certified`;
    case 'add_revenue':
      return `another ${f.money(amount ?? 0)} of revenue was booked`;
    case 'win_deals':
      return `${f.plural(amount ?? 0, 'more deal')} ${amount === 1 ? 'was' : 'were'} won`;
    case 'metric_at':
      return 'a figure were set';
  }
}

/** The requirements under the hypothesis, hatched over today's figures (drawn solid) so the chart never passes for the record. */
function chart(ev: TierEvaluation, after: readonly RequirementRow[], f: Formatter): Chart {
  const pct = (r: RequirementRow) => Math.round(progressPercent(r.current, { required: r.required, atMost: r.atMost === true }) * 10) / 10;
  return {
    kind: 'tier_progress',
    title: clampTitle(`What-if: progress to ${ev.targetTier}`),
    hypothetical: 'what-if',
    categories: after.map((r) => r.label),
    series: [
      { name: 'what-if', values: after.map(pct), display: after.map((r) => againstRequired(r, f)) },
      { name: 'required', values: after.map(() => 100) },
      { name: 'today', values: after.map((r, i) => { const was = ev.requirements[i]; return was ? pct({ ...r, current: was.current }) : Number.NaN; }) },
    ],
    targets: [{ label: ev.targetTier, value: 100 }],
    unit: 'percent',
  };
}

// The hypothetical in a what-if question, and its number: "if my open deals close", "if we
// certify two more people", "if we win 3 more deals", "if we book another $50k". A negative or
// absurd number is kept as written: the handler answers it with one clear line.
const IF_WORDS = /\b(if|what if|suppose|supposing|imagine|assum\w*|hypothetic\w*|would|say|scenario|could)\b/;
const CERT_WORDS = /\b(certif\w*|certs?|accredit\w*|train\w*|pass\w* the exam)\b/;
const PEOPLE = /\b(people|persons?|staff|employees|engineers|sellers|consultants|technicians|reps|colleagues|team members|folks|guys|ppl|certs?|certifications?|certified)\b/;
const DEAL_WINS = /\b(win|wins|won|close|closes|closed|land|lands|landed|sign|signs|signed)\b[^.?!]{0,30}\b(deals?|opportunit\w*)\b|\b(deals?|opportunit\w*)\b[^.?!]{0,20}\b(close|closed|won|win|land|come in)\b/;
const OPEN_DEALS =
  /\b(open|approved|pending|current|registered|outstanding|remaining|all (of )?(our|my|the|its|their))\s+(deals?|registrations?|opportunit\w*|regs|pipeline)\b|\b(pipeline|everything in (the|our|my) pipeline)\b/;
const CLOSING = /\b(close[sd]?|closing|won|win|land\w*|convert\w*|come in|came in|sign\w*|book\w*|go through|went through)\b/;
const REVENUE_WORDS = /\b(revenue|book\w*|sales|sell|sold|bring in|brought in|close|closed|add|added|another|more|extra|additional|in)\b/;

/** A figure set outright: "were 300 ppm", "reached 96%", "cut defects to 300", "at 40%". */
const SETS_TO = /\b(?:were|was|is|are|be|at|to|reached|reach|reaches|hit|hits|got|gets)\s*(?:only\s+|just\s+)?[$€£]?\s*$/;
const ADDS = /\b(more|another|extra|additional|further)\b/;

function scenarioOf(a: Analysis): { scenario: Scenario; amount?: number; metric?: string } | undefined {
  if (!IF_WORDS.test(a.lower)) return undefined;
  const money = a.numbers.find((n) => n.money);
  const count = a.numbers.find((n) => !n.money);
  const set = a.metric && a.numbers.find((n) => SETS_TO.test(a.lower.slice(0, n.start)));
  if (a.metric && set && !ADDS.test(a.lower)) return { scenario: 'metric_at', amount: set.value, metric: a.metric.metric };
  if (money && REVENUE_WORDS.test(a.lower) && !CERT_WORDS.test(a.lower)) return { scenario: 'add_revenue', amount: money.value };
  if (CERT_WORDS.test(a.lower) && count && PEOPLE.test(a.lower)) return { scenario: 'add_certifications', amount: count.value };
  if (count && DEAL_WINS.test(a.lower) && !OPEN_DEALS.test(a.lower)) return { scenario: 'win_deals', amount: count.value };
  if (OPEN_DEALS.test(a.lower) && CLOSING.test(a.lower)) return { scenario: 'open_deals_close' };
  if (count && /\b(more|another|extra|additional)\b/.test(a.lower) && /\bdeals?\b/.test(a.lower)) return { scenario: 'win_deals', amount: count.value };
  return undefined;
}

function whichScenario(a: Analysis): Clarification {
  const tier = a.tier ?? 'the next tier';
  const forWho = a.partner ? ` for ${a.partner.name}` : '';
  return {
    question: 'Which what-if do you mean?',
    options: [
      { label: 'Open deals close', text: `If the open deals close${forWho}, will we reach ${tier}?` },
      { label: 'Two more certified people', text: `What if we certify 2 more people${forWho}?` },
      { label: 'Three more deals won', text: `What if we win 3 more deals${forWho}?` },
    ],
  };
}
