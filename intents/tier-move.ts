import { plusDays, plusMonths } from '../src/metrics/calendar.ts';
import type { PartnerInfo, TierChange } from '../src/metrics/partner-data.ts';
import { windowPeriod } from '../src/metrics/period.ts';
import { tierIndex } from '../src/program/load.ts';
import { boundOf, gapOf, meets, progressPercent } from '../src/program/bounds.ts';
import type { Tier } from '../src/program/schema.ts';
import { againstRequired, listing, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact, RequirementRow } from '../src/reply/types.ts';
import { dataReply, possessive } from './reply-parts.ts';
import type { IntentContext, IntentResult } from './types.ts';
import { lowerFirst, shortfall } from './wording.ts';

// explain_change for a tier move: "why did Tailspin drop to Registered?". The partner's latest
// move from the tier history, and the requirements behind it as they stood at that review: each
// requirement of the tier it left (a drop) or reached (a rise), measured over its window ending
// on the day of the move, against what the tier asks.

/** The beginning of any tier history: "the latest move, any time back". */
const EVER = '1900-01-01';

export interface MoveRequirement extends RequirementRow {
  /** The days it was measured over, [from, to). */
  window: { from: string; to: string };
  /** Whether it was met one review earlier (a quarter or a year before the move, per the program). */
  metBefore: boolean;
}

export async function explainTierMove(ctx: IntentContext, partner: PartnerInfo): Promise<IntentResult> {
  const asOf = await ctx.data.asOf();
  const f = ctx.format;
  const history = await ctx.data.tierChanges([partner.id], { from: EVER, to: plusDays(ctx.today, 1), label: 'ever' });
  // A first recorded tier (from null) is not a move.
  const move = history.filter((c) => c.from !== null && c.from.toLowerCase() !== c.to.toLowerCase()).at(-1);
  if (!move || move.from === null) {
    const summary = `${partner.name} has not moved tier in the history I have; it is ${partner.tier}.`;
    return { reply: dataReply({ summary }, asOf), data: { partner: partner.name, tier: partner.tier, tierMove: null } };
  }
  const from = tierIndex(ctx.program, move.from);
  const to = tierIndex(ctx.program, move.to);
  const direction = to < from ? 'down' : 'up';
  const measured = ctx.program.tiers[direction === 'down' ? from : to];
  const moveData = { from: move.from, to: move.to, on: move.on, direction };
  if (from < 0 || to < 0 || !measured) {
    const gone = from < 0 ? move.from : move.to;
    const summary = `${partner.name} moved from ${move.from} to ${move.to} on ${f.date(move.on)}; ${gone} is no longer a tier of the program, so I cannot show what it asked.`;
    return { reply: dataReply({ summary }, asOf), data: { partner: partner.name, tier: partner.tier, tierMove: { ...moveData, requirements: [] } } };
  }
  const earlier = plusMonths(move.on, ctx.program.review.cadence === 'yearly' ? -12 : -3);
  const rows = await requirementsOn(ctx, partner.id, measured, move.on, earlier);
  const failing = rows.filter((r) => !r.met);
  const newlyMet = rows.filter((r) => r.met && !r.metBefore);
  const summary = direction === 'down' ? dropText(partner, move, measured, rows, failing, f) : riseText(partner, move, measured, rows, failing, newlyMet, f);
  const facts: Fact[] = [
    { label: 'Tier move', value: `${move.from} → ${move.to}`, display: `${move.from} → ${move.to}` },
    { label: 'On', value: move.on, display: f.date(move.on) },
    ...rows.map((r) => ({ label: r.label, value: r.current, unit: r.unit, display: `${againstRequired(r, f)}${r.met ? ' (met)' : ''}` })),
  ];
  return {
    reply: dataReply({ summary, facts, requirements: rows, charts: rows.length > 0 ? [chart(partner, measured, move, rows, f)] : [] }, asOf),
    data: {
      partner: partner.name,
      tier: partner.tier,
      tierMove: {
        ...moveData,
        /** The tier whose requirements explain it: the one left (down) or reached (up). */
        measuredTier: measured.name,
        previousReview: earlier,
        requirements: rows.map(({ metric, label, current, required, atMost, gap, met, unit, window, metBefore }) => ({ metric, label, current, required, ...(atMost ? { atMost } : {}), gap, met, unit, window, metBefore })),
        failing: failing.map((r) => r.metric),
        newlyMet: newlyMet.map((r) => r.metric),
      },
    },
  };
}

/** Each requirement of `tier`, over its window ending on `day`, and whether it was met at `before`. */
async function requirementsOn(ctx: IntentContext, partnerId: number, tier: Tier, day: string, before: string): Promise<MoveRequirement[]> {
  return Promise.all(
    tier.requirements.map(async (req): Promise<MoveRequirement> => {
      const window = windowPeriod(req.window, day);
      const [now, then] = await Promise.all([
        ctx.data.metric(req.metric, partnerId, window),
        ctx.data.metric(req.metric, partnerId, windowPeriod(req.window, before)),
      ]);
      // A rate with nothing to measure it on counts as nothing achieved, as at every review.
      const current = now.value ?? 0;
      const b = boundOf(req);
      return {
        metric: req.metric,
        label: now.label,
        current,
        required: b.required,
        ...(b.atMost ? { atMost: true } : {}),
        gap: clean(gapOf(current, b), now.unit),
        met: meets(current, b),
        unit: now.unit,
        window: { from: window.from, to: window.to },
        metBefore: meets(then.value ?? 0, b),
      };
    }),
  );
}

const clean = (n: number, unit: RequirementRow['unit']): number => {
  const places = unit === 'currency' ? 100 : 10_000;
  return Math.round(n * places) / places;
};

const figure = (r: RequirementRow, f: Formatter): string => `${lowerFirst(r.label)} ${againstRequired(r, f)}`;
const shortBy = (r: RequirementRow, f: Formatter): string => `${figure(r, f)} (${shortfall(r, f)})`;
const metFigure = (r: RequirementRow, f: Formatter): string =>
  `${lowerFirst(r.label)} ${f.value(r.current, r.unit)} (${r.atMost ? 'at most' : 'needs'} ${f.value(r.required, r.unit)})`;

function dropText(partner: PartnerInfo, move: TierChange, tier: Tier, rows: readonly MoveRequirement[], failing: readonly MoveRequirement[], f: Formatter): string {
  const plural = f.plural;
  const head = `${partner.name} dropped from ${move.from ?? '?'} to ${move.to} on ${f.date(move.on)}.`;
  if (rows.length === 0) return `${head} ${tier.name} asks for nothing, so the move was not about its requirements.`;
  if (failing.length === 0) {
    return `${head} By the figures here it still met all ${plural(rows.length, `${tier.name} requirement`)} that day, so the move was not down to them; ask your channel manager.`;
  }
  const slipped = failing.filter((r) => r.metBefore);
  const slippedText = slipped.length > 0 ? ` Met at the review before, then lost: ${listing(slipped.map((r) => lowerFirst(r.label)))}.` : '';
  return `${head} At that review it missed ${failing.length} of ${possessive(tier.name)} ${plural(rows.length, 'requirement')}: ${listing(failing.map((r) => shortBy(r, f)))}.${slippedText}`;
}

function riseText(
  partner: PartnerInfo,
  move: TierChange,
  tier: Tier,
  rows: readonly MoveRequirement[],
  failing: readonly MoveRequirement[],
  newlyMet: readonly MoveRequirement[],
  f: Formatter,
): string {
  const plural = f.plural;
  const head = `${partner.name} rose from ${move.from ?? '?'} to ${move.to} on ${f.date(move.on)}.`;
  if (rows.length === 0) return `${head} ${tier.name} asks for nothing more.`;
  const met = rows.filter((r) => r.met);
  const metText = `On that day it met ${met.length} of ${possessive(tier.name)} ${plural(rows.length, 'requirement')}${met.length > 0 ? `: ${listing(met.map((r) => metFigure(r, f)))}` : ''}.`;
  const newText = newlyMet.length > 0 ? ` Newly met since the review before: ${listing(newlyMet.map((r) => lowerFirst(r.label)))}.` : '';
  const shortText = failing.length > 0 ? ` Still short: ${listing(failing.map((r) => shortBy(r, f)))}.` : '';
  return `${head} ${metText}${newText}${shortText}`;
}

/** The requirements as shares of their threshold at the review, as the tier_progress chart draws them. */
function chart(partner: PartnerInfo, tier: Tier, move: TierChange, rows: readonly MoveRequirement[], f: Formatter): Chart {
  const pct = (r: RequirementRow) => Math.round(progressPercent(r.current, { required: r.required, atMost: r.atMost === true }) * 10) / 10;
  const title = `${partner.name}: ${tier.name} on ${f.date(move.on)}`;
  return {
    kind: 'tier_progress',
    title: title.length > 50 ? `${tier.name} on ${f.date(move.on)}` : title,
    categories: rows.map((r) => r.label),
    series: [
      { name: 'at the review', values: rows.map(pct), display: rows.map((r) => againstRequired(r, f)) },
      { name: 'required', values: rows.map(() => 100) },
    ],
    targets: [{ label: tier.name, value: 100 }],
    unit: 'percent',
  };
}
