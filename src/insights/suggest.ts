import { daysFromTo } from '../metrics/calendar.ts';
import type { PartnerData } from '../metrics/partner-data.ts';
import { windowPeriod } from '../metrics/period.ts';
import { findTier, type TierEvaluation } from '../program/evaluate.ts';
import type { Program } from '../program/schema.ts';
import { listing, type Formatter } from '../reply/format.ts';
import type { RequirementRow, Suggestion } from '../reply/types.ts';
import { reviewDate } from './calendar.ts';
import { heldCertifications } from './certification-pairs.ts';
import { ordinal } from './ranking.ts';

/**
 * The next steps a partner can take, ranked. Each candidate gets a score = effect + urgency:
 *
 * - effect says what it does for the tiers: keeping the tier held (a certification lapse that
 *   would break one of its requirements) 95; closing a gap the target tier needs 85 + up to 15
 *   for the relative size of the gap (without it the tier is out of reach, so gaps come before
 *   protecting what is already met); protecting a met requirement of the target tier 80;
 *   registrations about to lapse while revenue is short 50 (25 otherwise); a renewal rate below
 *   the cohort median 40 when the tier asks for one (25 otherwise); MDF about to lapse 30; a
 *   lapse that breaks nothing 20.
 * - urgency adds up to 20 as the deadline nears: 20 · (1 − min(days left, 90) / 90); gaps count
 *   down to the next tier review.
 */
export interface RankedSuggestion extends Suggestion {
  kind: 'gap' | 'certification' | 'registration' | 'mdf' | 'renewal_rate';
  score: number;
  /** The day the chance runs out (review date, expiry), when there is one. */
  deadline?: string;
}

export const MAX_SUGGESTIONS = 5;
/** How far ahead expiring registrations and MDF count as "about to expire". */
export const SOON_DAYS = 30;

export interface SuggestInput {
  ev: TierEvaluation;
  program: Program;
  data: PartnerData;
  /** "" for the asker's own partner, else " for <partner>" (follow-up questions). */
  who: string;
  /** The follow-up question about a metric, with the text of the button that asks it. */
  followUp: (metric: RequirementRow['metric'], who: string, label?: string) => { label: string; question: string };
  /** The asker's numbers and dates. */
  format: Formatter;
}

/** A follow-up as a suggestion's question and the text of the button that asks it. */
const asked = (f: { label: string; question: string }): { question: string; askLabel: string } => ({ question: f.question, askLabel: f.label });

const urgency = (days: number): number => 20 * (1 - Math.min(Math.max(days, 0), 90) / 90);
const round1 = (n: number): number => Math.round(n * 10) / 10;

export async function rankedSuggestions(input: SuggestInput): Promise<RankedSuggestion[]> {
  const { data } = input;
  const review = reviewDate(input.program, data.today);
  const all = (
    await Promise.all([
      Promise.resolve(gapSuggestions(input, review)),
      certificationSuggestions(input, review),
      registrationSuggestions(input),
      mdfSuggestions(input),
      renewalSuggestion(input),
    ])
  ).flat();
  all.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  return all.slice(0, MAX_SUGGESTIONS);
}

function action(program: Program, metric: RequirementRow['metric']): { label?: string; url?: string } {
  const a = program.actions[metric];
  return a ? { label: a.label, url: a.url } : {};
}

function gapSuggestions({ ev, program, data, who, followUp, format: f }: SuggestInput, review: string): RankedSuggestion[] {
  const days = daysFromTo(data.today, review);
  return ev.requirements
    .filter((r) => !r.met)
    .map((r) => {
      const rel = r.required > 0 ? Math.min(1, r.gap / r.required) : 0;
      const a = action(program, r.metric);
      const ask = followUp(r.metric, who, r.label);
      return {
        kind: 'gap' as const,
        score: round1(85 + 15 * rel + urgency(days)),
        deadline: review,
        label: a.label ?? `Improve ${r.label.toLowerCase()}`,
        url: a.url,
        ...asked(ask),
        reason: r.atMost
          ? `${r.label} is ${f.gap(r.gap, r.unit)} over the ${f.value(r.required, r.unit)} ${ev.targetTier} allows at most; the next review is ${f.date(review)}.`
          : `${r.label} is ${f.gap(r.gap, r.unit)} short of the ${f.value(r.required, r.unit)} ${ev.targetTier} asks for; the next review is ${f.date(review)}.`,
        metric: r.metric,
      };
    });
}

/** Certifications that expire on or before the review date, and which tier requirement a lapse breaks. */
async function certificationSuggestions({ ev, program, data, who, format: f }: SuggestInput, review: string): Promise<RankedSuggestion[]> {
  const days = Math.max(1, daysFromTo(data.today, review));
  // Each person–certification pair once, lapsing on its last expiry: one renewed already is not listed.
  const held = await data.certifications({ partnerIds: [ev.partner.id], limit: 10_000 });
  const expiring = heldCertifications(held).filter((c) => c.daysLeft <= days);
  if (expiring.length === 0) return [];
  const active = await data.metric('active_certifications', ev.partner.id, windowPeriod('current', data.today));
  const now = active.value ?? 0;
  const after = now - expiring.length;
  const needs = (tierName: string): number | undefined =>
    // A minimum of active certifications (a maximum would not be broken by a lapse).
    findTier(program, tierName)?.requirements.find((q) => q.metric === 'active_certifications' && q.min !== undefined)?.min;
  const kept = needs(ev.currentTier);
  const target = needs(ev.targetTier);
  let effect = 20;
  let breaks = '';
  if (kept !== undefined && now >= kept && after < kept) {
    effect = 95;
    breaks = `, below the ${kept} ${ev.currentTier} requires: the tier you hold`;
  } else if (target !== undefined && now >= target && after < target) {
    effect = 80;
    breaks = `, below the ${target} ${ev.targetTier} requires`;
  }
  const first = expiring[0];
  if (!first) return [];
  const names = listing([...new Set(expiring.map((c) => c.name))].slice(0, 3));
  const a = action(program, 'expiring_certifications');
  return [
    {
      kind: 'certification',
      score: round1(effect + urgency(first.daysLeft)),
      deadline: first.expiresOn,
      label: a.label ?? 'Renew certifications',
      url: a.url,
      question: `Which certifications expire in the next ${days} days${who}?`,
      askLabel: 'Expiring certifications',
      reason:
        `${f.plural(expiring.length, 'certification')} (${names}) ${expiring.length === 1 ? 'expires' : 'expire'} before the ${f.date(review)} review, ` +
        `the first on ${f.date(first.expiresOn)}; a lapse leaves ${f.plural(after, 'active certification')}${breaks}.`,
      metric: 'expiring_certifications',
    },
  ];
}

async function registrationSuggestions({ ev, program, data, who, format: f }: SuggestInput): Promise<RankedSuggestion[]> {
  const deals = await data.deals({ partnerIds: [ev.partner.id], statuses: ['approved'], expiringWithinDays: SOON_DAYS, limit: 100 });
  const soon = deals
    .filter((d): d is typeof d & { expiresOn: string } => d.expiresOn !== null && d.expiresOn >= data.today)
    .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
  const first = soon[0];
  if (!first) return [];
  const amount = soon.reduce((s, d) => s + d.amount, 0);
  const revenueShort = ev.requirements.some((r) => r.metric === 'revenue' && !r.met);
  const a = action(program, 'won_deals');
  return [
    {
      kind: 'registration',
      score: round1((revenueShort ? 50 : 25) + urgency(daysFromTo(data.today, first.expiresOn))),
      deadline: first.expiresOn,
      label: a.label ?? 'Review your open deals',
      url: a.url,
      question: `Which deal registrations expire in the next ${SOON_DAYS} days${who}?`,
      askLabel: 'Expiring registrations',
      reason:
        `${f.plural(soon.length, 'approved registration')} worth ${f.money(amount)} ${soon.length === 1 ? 'expires' : 'expire'} within ${SOON_DAYS} days, ` +
        `the first on ${f.date(first.expiresOn)}${revenueShort ? `; closing ${soon.length === 1 ? 'it' : 'them'} counts toward the revenue requirement` : ''}.`,
      metric: 'won_deals',
    },
  ];
}

async function mdfSuggestions({ ev, program, data, who, followUp, format: f }: SuggestInput): Promise<RankedSuggestion[]> {
  const mdf = await data.mdfExpiring(ev.partner.id, SOON_DAYS);
  const first = mdf[0];
  if (!first) return [];
  const unclaimed = mdf.reduce((s, m) => s + m.unclaimed, 0);
  const a = action(program, 'mdf_utilization');
  return [
    {
      kind: 'mdf',
      score: round1(30 + urgency(first.daysLeft)),
      deadline: first.expiresOn,
      label: a.label ?? 'Claim your MDF',
      url: a.url,
      ...asked(followUp('mdf_utilization', who)),
      reason: `${f.money(unclaimed)} of marketing funds is unclaimed and lapses from ${f.date(first.expiresOn)}.`,
      metric: 'mdf_utilization',
    },
  ];
}

/** Below the median of the partners on the same tier: only the comparison leaves the benchmark, never the median. */
async function renewalSuggestion({ ev, program, data, who, followUp, format: f }: SuggestInput): Promise<RankedSuggestion[]> {
  const period = windowPeriod('trailing_12_months', data.today);
  const b = await data.peerBenchmark({ metric: 'renewal_rate', partnerId: ev.partner.id, period, cohort: { tier: ev.currentTier } });
  if (!b.ok || b.value.withheld || b.value.yourValue === null || b.value.percentile === null) return [];
  if (b.value.yourValue >= b.value.median) return [];
  // Below the tier's minimum, the gap suggestion already asks for it.
  if (ev.requirements.some((r) => r.metric === 'renewal_rate' && !r.met)) return [];
  const required = ev.requirements.some((r) => r.metric === 'renewal_rate');
  const a = action(program, 'renewal_rate');
  return [
    {
      kind: 'renewal_rate',
      score: required ? 40 : 25,
      label: a.label ?? 'See renewals due',
      url: a.url,
      ...asked(followUp('renewal_rate', who)),
      reason: `A renewal rate of ${f.percent(b.value.yourValue)} over the last 12 months is below the median of ${ev.currentTier} partners (${ordinal(b.value.percentile)} percentile).`,
      metric: 'renewal_rate',
    },
  ];
}
