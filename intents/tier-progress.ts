import { z } from 'zod';
import { otherPartnerArg, targetTierArg } from './shared-args.ts';
import { atRiskRequirements } from '../src/insights/at-risk.ts';
import { quarterEnd, reviewDate } from '../src/insights/calendar.ts';
import { projectTier } from '../src/insights/projection.ts';
import { rankedSuggestions } from '../src/insights/suggest.ts';
import { progressPercent, relativeGap } from '../src/program/bounds.ts';
import { evaluateTier, findTier, type TierEvaluation } from '../src/program/evaluate.ts';
import { againstRequired, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact, RequirementRow } from '../src/reply/types.ts';
import { dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import { asReplySuggestions, atRiskNote, atRiskSentence, paceSentence, projectionData, suggestionData } from './projection-words.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { followUpQuestion, lowerFirst, shortfall, upperFirst } from './wording.ts';

const args = z.object({
  tier: targetTierArg,
  partner: otherPartnerArg,
});


/** Words that ask which requirement is furthest off: the gaps, ranked. */
const FURTHEST = /\b(?:requirements?|reqs?|gaps?)\b.{0,30}\b(?:furthest|farthest|biggest|largest|worst)\b|\b(?:furthest|farthest|biggest|largest|worst)\b.{0,20}\b(?:requirements?|reqs?|gaps?)\b/;

export const tierProgress: IntentDef<typeof args> = {
  name: 'tier_progress',
  description:
    "How close a partner is to a tier: every requirement of the tier with the current value, the required minimum, the gap, whether it is met and when it will be at today's pace, plus ranked next steps.",
  args,
  label: 'Tier progress',
  examples: [
    'How close am I to Gold tier?',
    'how close are we to gold',
    'what do we still need to reach Platinum',
    'tier progress',
    'where do we stand on the next tier',
    'are we on track for the next tier',
    "what's missing before we can move up a tier",
    'which tier requirements are we not meeting yet',
    'do we qualify for Gold',
    'do we still qualify for our tier',
    'how far is Northwind Traders from Gold',
    'how far off Platinum are we',
    'gap to the next partner level',
    'what does it take for us to get promoted to the next tier',
    'will we keep our current tier',
    'are we at risk of losing our tier',
    'are we going to drop a tier',
    'do we meet the Gold requirements',
    'what are we missing for Platinum',
    'what is left before we hit Gold',
    'our tier status',
    'what tier are we and what is next',
    'how near is Fabrikam to Platinum',
    'is Tailspin close to Silver',
    'Gold gap?',
    'progress to Gold for Northwind',
    'what does Fabrikam need to make Platinum',
    'how many requirements do we meet for Gold',
    'can we get upgraded',
    'what would get us to the next level',
    'are we there yet for Gold',
    'show our standing against the Gold requirements',
    'which Gold requirements do we already meet',
    'how do we move up to Silver',
    'how much more do we need for Gold',
    'what stands between us and Platinum',
    'check our tier eligibility',
    'do we hold on to Gold at the next review',
    'are we safe in our tier',
    'how is our tier looking',
  ],
  // "which requirement are we furthest from", "our biggest gap": the requirements, ranked by gap.
  evidence: (a) => (a.tier && !a.deadline ? 0.3 : 0) + (FURTHEST.test(a.lower) ? 2 : 0),
  rephrase: (a) => `How close ${a.partner ? `is ${a.partner.name}` : a.role === 'partner_user' || a.role === 'partner_admin' ? 'are we' : 'is the partner'} to ${a.tier ?? 'the next tier'}?`,
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
  const tier = findTier(ctx.program, ev.targetTier);
  const f = ctx.format;
  const qEnd = quarterEnd(ctx.today);
  // Requirements are read at the next review; a yearly one lies past the quarter's end.
  const review = reviewDate(ctx.program, ctx.today);
  // The next steps need only the evaluation: their reads go out beside the projection's.
  const suggested = rankedSuggestions({ ev, program: ctx.program, data: ctx.data, who: own ? '' : ` for ${ev.partner.name}`, followUp: followUpQuestion, format: f });
  suggested.catch(() => undefined);
  const projections = await projectTier(ctx.data, ev.partner.id, tier?.requirements ?? [], ev.requirements, qEnd, review > qEnd ? { day: review, label: f.date(review) } : undefined);
  // Met today and lapsing before the review: said as met and at risk, with the day and what keeps it.
  const risks = await atRiskRequirements(ctx.data, ev.partner.id, projections, review);
  const before = `the ${f.date(review)} review`;
  const riskOf = (metric: string) => risks.find((x) => x.metric === metric);
  const rows: RequirementRow[] = ev.requirements.map((r, i) => {
    const risk = riskOf(r.metric);
    return { ...r, projectedDate: projections[i]?.projectedDate ?? null, ...(risk ? { atRisk: { from: risk.from, note: atRiskNote(risk, before, f) } } : {}) };
  });
  const ranked = await suggested;
  const facts: Fact[] = [
    { label: 'Current tier', value: ev.currentTier, display: ev.currentTier },
    ...rows.map((r) => ({
      label: r.label,
      value: r.current,
      unit: r.unit,
      display: `${againstRequired(r, f)}${r.met ? (r.atRisk ? ` (met today; at risk before ${before})` : ' (met)') : ''}`,
    })),
  ];
  const pace = rows.length > 0 ? paceSentence(projections, ev.targetTier, f, { explained: new Set(risks.map((x) => x.metric)) }) : '';
  const reply = dataReply(
    {
      summary: [summarise(ev, own, f, risks.length > 0), pace, ...risks.map((x) => atRiskSentence(x, ev.targetTier, before, f))].filter((x) => x !== '').join(' '),
      facts,
      requirements: rows,
      charts: rows.length > 0 ? [chart(ev, f)] : [],
      suggestions: asReplySuggestions(ranked),
    },
    asOf,
  );
  return {
    reply,
    data: {
      partner: ev.partner.name,
      currentTier: ev.currentTier,
      targetTier: ev.targetTier,
      quarterEnd: qEnd,
      requirements: rows.map(({ metric, label, current, required, gap, met, unit, atMost }, i) => {
        const p = projections[i];
        return { metric, label, current, required, ...(atMost ? { atMost } : {}), gap, met, unit, ...(p ? projectionData(p, f) : {}) };
      }),
      // Met today, not at the review: from when, and what to renew.
      atRisk: risks.map(({ metric, from, until, then, renew, renewNeeded }) => ({ metric, from, review: until, then, renew, renewNeeded })),
      suggestions: ranked.map(suggestionData),
    },
  };
}

/** Unmet requirements, the furthest from their threshold (relative to it) first. */
function biggestGaps(rows: readonly RequirementRow[]): RequirementRow[] {
  const rel = (r: RequirementRow) => relativeGap(r.current, { required: r.required, atMost: r.atMost === true });
  return rows.filter((r) => !r.met).sort((a, b) => rel(b) - rel(a));
}

function summarise(ev: TierEvaluation, own: boolean, f: Formatter, atRisk: boolean): string {
  const name = ev.partner.name;
  const rows = ev.requirements;
  const met = rows.filter((r) => r.met).length;
  const plural = f.plural;
  const gaps = biggestGaps(rows)
    .slice(0, 2)
    .map((r) => `${lowerFirst(r.label)} is ${shortfall(r, f)}`);
  const who = own ? 'you meet' : 'it meets';
  const gapText = gaps.length > 0 ? `; ${gaps.join(' and ')}` : '';
  if (rows.length === 0) return `${name} is ${ev.currentTier}. ${ev.targetTier} has no requirements to meet.`;
  if (ev.atTop) {
    // "Secure" only when nothing lapses before the review either.
    const keep = gaps.length > 0 ? `${gapText} to keep it` : atRisk ? ' today' : ', so it is secure at the next review';
    return `${name} holds ${ev.targetTier}, the top tier. ${upperFirst(who)} ${met} of ${plural(rows.length, 'requirement')}${keep}.`;
  }
  const all = met === rows.length ? ' — all of them' : '';
  return `${name} is ${ev.currentTier}. For ${ev.targetTier} ${who} ${met} of ${plural(rows.length, 'requirement')}${all}${gapText}.`;
}

/**
 * Requirements mix dollars, counts and rates, so the chart plots each as a percentage of its
 * threshold: "required" is always 100 and "current" shows how far along it is (a maximum: the
 * maximum ÷ the value; not capped, so overachievement stays visible).
 */
function chart(ev: TierEvaluation, f: Formatter): Chart {
  const pct = (r: RequirementRow) => Math.round(progressPercent(r.current, { required: r.required, atMost: r.atMost === true }) * 10) / 10;
  const title = `${ev.partner.name}: progress to ${ev.targetTier}`;
  return {
    kind: 'tier_progress',
    title: title.length > 50 ? `Progress to ${ev.targetTier}` : title,
    categories: ev.requirements.map((r) => r.label),
    series: [
      {
        name: 'current',
        values: ev.requirements.map(pct),
        display: ev.requirements.map((r) => againstRequired(r, f)),
      },
      { name: 'required', values: ev.requirements.map(() => 100) },
    ],
    targets: [{ label: ev.targetTier, value: 100 }],
    unit: 'percent',
  };
}
