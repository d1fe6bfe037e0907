import { z } from 'zod';
import { windowPeriod } from '../src/metrics/period.ts';
import { evaluateTier, type TierEvaluation } from '../src/program/evaluate.ts';
import type { Program } from '../src/program/schema.ts';
import { formatValue, plural } from '../src/reply/format.ts';
import type { Chart, Fact, RequirementRow, Suggestion } from '../src/reply/types.ts';
import { dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { followUpQuestion, formatGap, lowerFirst, upperFirst } from './wording.ts';

const args = z.object({
  tier: z
    .string()
    .max(40)
    .optional()
    .describe('Tier to measure against, by name as in the program (e.g. "Gold"). Omit for the next tier up.'),
  partner: z
    .string()
    .max(120)
    .optional()
    .describe('Partner name as the user wrote it, only when asking about a partner other than their own.'),
});

const MAX_SUGGESTIONS = 3;
const EXPIRY_HORIZON_DAYS = 30;

export const tierProgress: IntentDef<typeof args> = {
  name: 'tier_progress',
  description:
    "How close a partner is to a tier: every requirement of the tier with the current value, the required minimum, the gap and whether it is met, plus the actions that close the biggest gaps.",
  args,
  examples: [
    'How close am I to Gold tier?',
    'what do we still need to reach Platinum',
    'tier progress',
    'are we on track for the next tier',
    "what's missing before we can move up a tier",
    'which tier requirements are we not meeting yet',
    'do we qualify for Gold',
    'how far is Northwind Traders from Gold',
    'gap to the next partner level',
    'what does it take to get promoted to the next tier',
    'will we keep our current tier',
    'requirements for Silver',
  ],
  keywords: {
    tier: 3,
    level: 2,
    close: 1.5,
    far: 1.5,
    reach: 1.5,
    qualify: 2.5,
    requirement: 2.5,
    progress: 2,
    promot: 2.5,
    upgrade: 2,
    'move up': 2.5,
    'next tier': 2,
    gap: 1.5,
    missing: 1.5,
    'on track': 1.5,
    keep: 1,
    status: 1,
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => `How close is ${name} to ${a.tier ?? 'the next tier'}?`);
      if (!r.ok) return r.result;
      const ev = await evaluateTier(ctx.data, ctx.program, r.partner.id, a.tier);
      const asOf = await ctx.data.asOf();
      if (!ev.ok) {
        const suggestions = ctx.program.tiers.map((t) => ({ label: t.name, question: `How close are we to ${t.name}?` }));
        return { reply: plainReply({ summary: ev.error.message, suggestions }, asOf), data: { error: ev.error } };
      }
      return answer(ev.value, r.own, ctx, asOf);
    }),
};

async function answer(ev: TierEvaluation, own: boolean, ctx: IntentContext, asOf: string): Promise<IntentResult> {
  const rows = ev.requirements;
  const suggestions = await suggest(ev, own, ctx);
  const facts: Fact[] = [
    { label: 'Current tier', value: ev.currentTier, display: ev.currentTier },
    ...rows.map((r) => ({
      label: r.label,
      value: r.current,
      unit: r.unit,
      display: `${formatValue(r.current, r.unit)} of ${formatValue(r.required, r.unit)}${r.met ? ' (met)' : ''}`,
    })),
  ];
  const reply = dataReply(
    { summary: summarise(ev, own), facts, requirements: rows, charts: rows.length > 0 ? [chart(ev)] : [], suggestions },
    asOf,
  );
  return {
    reply,
    data: {
      partner: ev.partner.name,
      currentTier: ev.currentTier,
      targetTier: ev.targetTier,
      requirements: rows.map(({ metric, label, current, required, gap, met, unit }) => ({ metric, label, current, required, gap, met, unit })),
    },
  };
}

/** Unmet requirements, the furthest from the minimum (relative to it) first. */
function biggestGaps(rows: readonly RequirementRow[]): RequirementRow[] {
  const rel = (r: RequirementRow) => (r.required > 0 ? r.gap / r.required : 0);
  return rows.filter((r) => !r.met).sort((a, b) => rel(b) - rel(a));
}

function summarise(ev: TierEvaluation, own: boolean): string {
  const name = ev.partner.name;
  const rows = ev.requirements;
  const met = rows.filter((r) => r.met).length;
  const gaps = biggestGaps(rows)
    .slice(0, 2)
    .map((r) => `${lowerFirst(r.label)} is ${formatGap(r.gap, r.unit)} short`);
  const who = own ? 'you meet' : 'it meets';
  const gapText = gaps.length > 0 ? `; ${gaps.join(' and ')}` : '';
  if (rows.length === 0) return `${name} is ${ev.currentTier}. ${ev.targetTier} has no requirements to meet.`;
  if (ev.atTop) {
    const keep = gaps.length > 0 ? `${gapText} to keep it` : ', so it is secure at the next review';
    return `${name} holds ${ev.targetTier}, the top tier. ${upperFirst(who)} ${met} of ${plural(rows.length, 'requirement')}${keep}.`;
  }
  const all = met === rows.length ? ' — all of them' : '';
  return `${name} is ${ev.currentTier}. For ${ev.targetTier} ${who} ${met} of ${plural(rows.length, 'requirement')}${all}${gapText}.`;
}

async function suggest(ev: TierEvaluation, own: boolean, ctx: IntentContext): Promise<Suggestion[]> {
  const who = own ? '' : ` for ${ev.partner.name}`;
  const out: Suggestion[] = biggestGaps(ev.requirements)
    .slice(0, MAX_SUGGESTIONS)
    .map((r) => {
      const action = ctx.program.actions[r.metric];
      return {
        label: action?.label ?? `Improve ${lowerFirst(r.label)}`,
        url: action?.url,
        question: followUpQuestion(r.metric, who),
        reason: `${r.label} is ${formatGap(r.gap, r.unit)} short of the ${formatValue(r.required, r.unit)} ${ev.targetTier} asks for.`,
        metric: r.metric,
      };
    });
  // A certification that lapses soon can cost a requirement that is met today.
  if (out.length < MAX_SUGGESTIONS && ev.requirements.some((r) => r.metric === 'active_certifications')) {
    const expiring = await ctx.data.metric('expiring_certifications', ev.partner.id, windowPeriod('current', ctx.today), {
      withinDays: EXPIRY_HORIZON_DAYS,
    });
    const n = expiring.value ?? 0;
    if (n > 0) out.push(renewSuggestion(ctx.program, n, who));
  }
  return out;
}

function renewSuggestion(program: Program, n: number, who: string): Suggestion {
  const action = program.actions.expiring_certifications;
  return {
    label: action?.label ?? 'Renew certifications',
    url: action?.url,
    question: `Which certifications expire in the next ${EXPIRY_HORIZON_DAYS} days${who}?`,
    reason: `${plural(n, 'certification')} ${n === 1 ? 'expires' : 'expire'} within ${EXPIRY_HORIZON_DAYS} days; renewing keeps the certification count.`,
    metric: 'expiring_certifications',
  };
}

/**
 * Requirements mix dollars, counts and rates, so the chart plots each as a percentage of its
 * minimum: "required" is always 100 and "current" shows how far along it is (not capped, so
 * overachievement stays visible).
 */
function chart(ev: TierEvaluation): Chart {
  const pct = (r: RequirementRow) => (r.required > 0 ? Math.round((r.current / r.required) * 1000) / 10 : 100);
  const title = `${ev.partner.name}: progress to ${ev.targetTier}`;
  return {
    kind: 'tier_progress',
    title: title.length > 50 ? `Progress to ${ev.targetTier}`.slice(0, 50) : title,
    categories: ev.requirements.map((r) => r.label),
    series: [
      {
        name: 'current',
        values: ev.requirements.map(pct),
        display: ev.requirements.map((r) => `${formatValue(r.current, r.unit)} of ${formatValue(r.required, r.unit)}`),
      },
      { name: 'required', values: ev.requirements.map(() => 100) },
    ],
    targets: [{ label: ev.targetTier, value: 100 }],
    unit: 'percent',
  };
}
