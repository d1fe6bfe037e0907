import { z } from 'zod';
import { otherPartnerArg } from './shared-args.ts';
import { quarterEnd, reviewDate } from '../src/insights/calendar.ts';
import { atRiskRequirements, type AtRisk } from '../src/insights/at-risk.ts';
import type { Leaving } from '../src/insights/pace.ts';
import { plusDays } from '../src/metrics/calendar.ts';
import { projectTier, type RequirementProjection } from '../src/insights/projection.ts';
import { isFlowMetric } from '../src/metrics/flow-by-day.ts';
import { parseTargetDate, type TargetDate } from '../src/insights/target-date.ts';
import { weeklySeries } from '../src/insights/weekly.ts';
import { evaluateTier, findTier, type TierEvaluation } from '../src/program/evaluate.ts';
import { progressPercent } from '../src/program/bounds.ts';
import { againstRequired, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact, RequirementRow } from '../src/reply/types.ts';
import { clampTitle } from '../src/charts/prepare.ts';
import { atRiskNote, atRiskSentence, paceSentence, projectionData, runRateText, wholeIfCount } from './projection-words.ts';
import { dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { lowerFirst, shortfall as shortfallText } from './wording.ts';

const args = z.object({
  tier: z
    .string()
    .max(40)
    .optional()
    .describe('Tier to project toward, by name as in the program (e.g. "Gold"). Omit for the next tier up.'),
  by: z
    .string()
    .max(60)
    .optional()
    .describe('The deadline as the user said it ("end of Q1", "31 March", "end of the year"). Omit for the next tier review.'),
  partner: otherPartnerArg,
});

const WEEKS = 12;
/** Words that ask for a projection rather than today's standing. */
const PACE = /\b(at (this|that|our|the current|today's|the same) (pace|rate|run rate)|run ?rate|pace|when (will|do|could|can|would)|how long until|eta|per week|a week|each week|weekly|forecast\w*|project(ed|ion)?|trajectory|on track)\b/;

export const forecast: IntentDef<typeof args> = {
  name: 'forecast',
  description:
    "Projection toward a tier at today's pace: for each requirement the run rate, the date it is met, whether it is met by the end of the quarter, and what is needed each week to make it by a date the user names.",
  args,
  label: 'Forecast at today’s pace',
  examples: [
    'Can I make Gold by end of Q1?',
    'will we reach Platinum by the end of next year at this pace',
    'when will we hit Gold at our current pace',
    'forecast our tier for the end of the quarter',
    'how much do we need per week to get to Gold by March',
    'projected date for reaching the next tier',
    'at this rate when do we qualify for Platinum',
    'will we be Gold before the end of the year',
    'when will we reach Gold',
    'when do we make Silver',
    'when could Riverbend make Silver',
    'at this rate do we keep Gold',
    'will we still be Platinum at the next review at this pace',
    'are we on pace for Gold by the end of next quarter',
    'can Fabrikam make Platinum by year end',
    'when will Northwind Traders qualify for Gold at this pace',
    'how many deals a week do we need to make Gold before June',
    'what run rate gets us to Platinum by Q2',
    'project our path to Gold',
    'is Gold realistic by the end of Q1',
    'will we get there before the review',
    'expected date we hit Platinum',
    'at our current run rate when do we move up',
    'can we get to Silver by 31 March',
    'on current trajectory do we make Gold this year',
    'how long until we reach Gold',
    'what do we need weekly to reach Platinum by end of Q2',
    'ETA for Gold?',
    'are we safe on Gold at this rate',
    'at this pace do we keep Platinum',
  ],
  evidence: (a) => (a.deadline ? 1.5 : 0) + (PACE.test(a.lower) ? 1.8 : 0),
  rephrase: (a) => `Can ${a.partner?.name ?? (a.role === 'partner_user' || a.role === 'partner_admin' ? 'we' : 'the partner')} make ${a.tier ?? 'the next tier'} by ${a.deadline ?? 'the end of the quarter'}?`,
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => `Can ${name} make ${a.tier ?? 'the next tier'} by ${a.by ?? 'the end of the quarter'}?`);
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const by = deadline(a.by, ctx);
      if (!by.ok) return { reply: plainReply({ summary: by.message }, asOf), data: { error: { code: 'bad_input', message: by.message } } };
      const ev = await evaluateTier(ctx.data, ctx.program, r.partner.id, a.tier);
      if (!ev.ok) return { reply: plainReply({ summary: ev.error.message }, asOf), data: { error: ev.error } };
      return answer(ev.value, by.value, r.own, ctx, asOf);
    }),
};

type Deadline = { ok: true; value: TargetDate } | { ok: false; message: string };

/** The named date, else the next tier review (end of quarter or year, per program.yml). */
function deadline(phrase: string | undefined, ctx: IntentContext): Deadline {
  if (phrase === undefined || phrase.trim() === '') {
    const day = reviewDate(ctx.program, ctx.today);
    return { ok: true, value: { day, label: ctx.format.date(day) } };
  }
  const t = parseTargetDate(phrase, ctx.today, ctx.format.dates);
  return t.ok ? { ok: true, value: t.value } : { ok: false, message: t.error.message };
}

async function answer(ev: TierEvaluation, by: TargetDate, own: boolean, ctx: IntentContext, asOf: string): Promise<IntentResult> {
  const tier = findTier(ctx.program, ev.targetTier);
  const qEnd = quarterEnd(ctx.today);
  const projections = await projectTier(ctx.data, ev.partner.id, tier?.requirements ?? [], ev.requirements, qEnd, by);
  if (projections.length === 0) {
    return { reply: plainReply({ summary: `${ev.targetTier} has no requirements, so there is nothing to project.` }, asOf), data: { targetTier: ev.targetTier } };
  }
  const f = ctx.format;
  // Met today and not by the date: said as met and at risk, with the day and what keeps it.
  const risks = await atRiskRequirements(ctx.data, ev.partner.id, projections, by.day);
  const riskOf = (metric: string) => risks.find((x) => x.metric === metric);
  const before = by.label;
  const rows: RequirementRow[] = ev.requirements.map((r, i) => {
    const risk = riskOf(r.metric);
    return { ...r, projectedDate: projections[i]?.projectedDate ?? null, ...(risk ? { atRisk: { from: risk.from, note: atRiskNote(risk, before, f) } } : {}) };
  });
  const allBy = projections.every((p) => p.by?.met === true);
  const who = own ? 'you' : ev.partner.name;
  const missing = projections.filter((p) => p.by?.met !== true);
  const verdict = allBy
    ? `Yes: at today's pace ${who} ${own ? 'meet' : 'meets'} every ${ev.targetTier} requirement by ${by.label}.`
    : `Not at today's pace: ${missing.map((p) => shortfall(p, by, ev.targetTier, riskOf(p.metric), ctx.today, f)).join('; and ')}.`;
  const charts: Chart[] = [projectedChart(ev, projections, by, f)];
  const weekly = await weeklyChart(ev, projections, by, ctx);
  if (weekly) charts.push(weekly);
  const facts: Fact[] = projections.map((p) => ({
    label: p.label,
    value: p.by?.projected ?? 'n/a',
    unit: p.unit,
    display: factText(p, f),
  }));
  return {
    reply: dataReply(
      {
        summary: `Can ${ev.partner.name} make ${ev.targetTier} by ${by.label}? ${verdict} ${paceSentence(projections, ev.targetTier, f, { explained: new Set(risks.map((x) => x.metric)) })}`.trim(),
        facts,
        requirements: rows,
        charts,
      },
      asOf,
    ),
    data: {
      partner: ev.partner.name,
      currentTier: ev.currentTier,
      targetTier: ev.targetTier,
      by: by.day,
      quarterEnd: qEnd,
      makesIt: allBy,
      requirements: projections.map((p) => ({ metric: p.metric, label: p.label, unit: p.unit, current: p.current, required: p.required, ...(p.atMost ? { atMost: true } : {}), met: p.met, ...projectionData(p, f) })),
    },
  };
}

/**
 * "the $41,979 booked Nov 24 – Dec 31, 2025 leaves the 12-month window": why the amount it takes
 * is more than today's gap.
 */
function leavingWords(p: RequirementProjection, leaving: Leaving, today: string, f: Formatter): string {
  const amount = f.value(p.unit === 'count' ? Math.round(leaving.total) : leaving.total, p.unit);
  // Everything that counts today: no dates needed.
  const what =
    leaving.to >= today
      ? `all of today's ${amount}`
      : p.unit === 'count'
        ? `the ${amount} ${lowerFirst(p.label)} of ${f.periodRange(leaving.from, plusDays(leaving.to, 1))}`
        : `the ${amount} booked ${f.periodRange(leaving.from, plusDays(leaving.to, 1))}`;
  switch (p.window) {
    case 'trailing_12_months':
      return `${what} ${leaving.to >= today ? 'leave' : 'leaves'} the 12-month window`;
    case 'year_to_date':
      return `${what} no longer ${leaving.to >= today ? 'count' : 'counts'} once the year starts again`;
    case 'quarter_to_date':
      return `${what} no longer ${leaving.to >= today ? 'count' : 'counts'} once the quarter starts again`;
    case 'current':
      return `${what} no longer counts`;
  }
}

/**
 * What it takes for one requirement not met by the date. When older months leave the window by
 * then, it says so: that is why the amount needed is more than today's gap.
 */
function shortfall(p: RequirementProjection, by: TargetDate, tier: string, risk: AtRisk | undefined, today: string, f: Formatter): string {
  const name = lowerFirst(p.label);
  const b = p.by;
  if (!b) return `${name} cannot be projected`;
  // Met today, lapsing before the date: met and at risk, with what keeps it.
  if (risk && risk.renew.length > 0) return lowerFirst(atRiskSentence(risk, tier, by.label, f).replace(/\.$/, ''));
  const projected = f.value(wholeIfCount(b.projected, p.unit), p.unit);
  // A maximum is met by coming down to it: there is no amount to add.
  if (p.atMost) return `${name} would be ${projected} by ${by.label}, above the ${f.value(p.required, p.unit)} maximum`;
  const more = b.neededTotal === null ? 0 : p.unit === 'count' ? Math.ceil(b.neededTotal - 1e-9) : b.neededTotal;
  if (b.weeklyNeeded !== null && b.neededTotal !== null) {
    const pace = runRateText(p, f);
    // Needed counts from tomorrow, against what the window will already hold then; not "projected + x".
    const weekly = f.value(p.unit === 'count' ? Math.round(b.weeklyNeeded * 10) / 10 : b.weeklyNeeded, p.unit);
    const takes = `${f.value(more, p.unit)} from tomorrow on, ${weekly} a week`;
    if (b.leaving) {
      const now = p.met
        ? `${name} meets ${tier} today (${againstRequired(p, f)}), but`
        : `${name} is ${shortfallText({ gap: Math.max(0, p.required - p.current), unit: p.unit }, f)} today, and`;
      const atPace = pace ? ` (today's pace: ${pace}, which leaves it at ${projected})` : ` (at today's pace it would be ${projected})`;
      return `${now} ${leavingWords(p, b.leaving, today, f)} by ${by.label}, so ${p.met ? 'keeping' : 'making'} it takes ${takes}${atPace}`;
    }
    return `${name} would be ${projected} by ${by.label}; making it takes ${takes}${pace ? ` (today's pace: ${pace})` : ''}`;
  }
  if (b.shareNeeded !== null) {
    return b.shareNeeded > 100
      ? `${name} would be ${projected}; even if everything due by then went well it could not reach ${f.value(p.required, p.unit)}`
      : `${name} would be ${projected}; ${f.percent(b.shareNeeded)} of what comes due by then must go well`;
  }
  return `${name} would be ${projected} by ${by.label}, below ${f.value(p.required, p.unit)}`;
}

function factText(p: RequirementProjection, f: Formatter): string {
  const b = p.by;
  const at = b && b.projected !== null ? `${f.value(wholeIfCount(b.projected, p.unit), p.unit)} projected` : 'no projection';
  const status = b?.met ? 'met' : b?.weeklyNeeded ? `needs ${f.value(b.weeklyNeeded, p.unit)} a week` : 'not met';
  return `${at} ${p.atMost ? 'against at most' : 'of'} ${f.value(p.required, p.unit)} (${status})`;
}

/** Each requirement's projected value on the date, as a share of its threshold (like tier_progress), hatched over today's. */
function projectedChart(ev: TierEvaluation, projections: readonly RequirementProjection[], by: TargetDate, f: Formatter): Chart {
  // A projected 5.4 certifications is 5 people: counts are drawn whole.
  const value = (p: RequirementProjection): number | null => wholeIfCount(p.by?.projected ?? null, p.unit);
  const pct = (p: RequirementProjection) => {
    const v = value(p);
    return v === null ? Number.NaN : Math.round(progressPercent(v, { required: p.required, atMost: p.atMost }) * 10) / 10;
  };
  return {
    kind: 'tier_progress',
    title: clampTitle(`${ev.targetTier} by ${by.label}, at today's pace`),
    hypothetical: 'projected',
    categories: projections.map((p) => p.label),
    series: [
      {
        name: 'projected',
        values: projections.map(pct),
        display: projections.map((p) => (p.atMost ? `${f.value(value(p), p.unit)} (at most ${f.value(p.required, p.unit)})` : `${f.value(value(p), p.unit)} of ${f.value(p.required, p.unit)}`)),
      },
      { name: 'required', values: projections.map(() => 100) },
      { name: 'today', values: projections.map((p) => Math.round(progressPercent(p.current, { required: p.required, atMost: p.atMost }) * 10) / 10) },
    ],
    targets: [{ label: ev.targetTier, value: 100 }],
    unit: 'percent',
  };
}

/** The weeks behind the biggest amount still needed, against the weekly amount it takes. */
async function weeklyChart(ev: TierEvaluation, projections: readonly RequirementProjection[], by: TargetDate, ctx: IntentContext): Promise<Chart | undefined> {
  const short = projections
    .filter((p) => p.by && p.by.met === false && p.by.weeklyNeeded !== null && isFlowMetric(ctx.data.metrics.def(p.metric)) && p.model === 'flow')
    .sort((x, y) => (y.by?.neededTotal ?? 0) / y.required - (x.by?.neededTotal ?? 0) / x.required)[0];
  if (!short) return undefined;
  const w = await weeklySeries(ctx.data, short.metric, ev.partner.id, WEEKS);
  return {
    kind: 'trend',
    title: clampTitle(`${short.label} a week vs needed by ${by.label}`),
    categories: w.starts.map((d) => ctx.format.dates.dayMonth(d)),
    series: [{ name: short.label, values: w.values }],
    targets: [{ label: 'Needed a week', value: short.by?.weeklyNeeded ?? 0 }],
    unit: short.unit,
  };
}
