import type { AtRisk } from '../src/insights/at-risk.ts';
import type { RequirementProjection } from '../src/insights/projection.ts';
import type { RankedSuggestion } from '../src/insights/suggest.ts';
import { againstRequired, listing, type Formatter } from '../src/reply/format.ts';
import type { RequirementRow, Suggestion } from '../src/reply/types.ts';
import { lowerFirst } from './wording.ts';

// How projections read, shared by tier_progress and forecast, and the data both put in `--json`.

/** "$9,692 a week", "0.3 new certifications a week"; null for rates (they have no weekly amount). */
export function runRateText(p: RequirementProjection, f: Formatter): string | null {
  if (p.runRate === null) return null;
  const what = p.metric === 'active_certifications' ? ' new certifications' : '';
  return `${f.value(roundFor(p.runRate, p.unit), p.unit)}${what} a week`;
}

/** A projected count of certifications or deals is only worth its whole part. */
export const wholeIfCount = (n: number | null, unit: RequirementRow['unit']): number | null => (n !== null && unit === 'count' ? Math.floor(n + 1e-9) : n);

const roundFor = (n: number, unit: RequirementRow['unit']): number => (unit === 'count' ? Math.round(n * 10) / 10 : n);

export interface PaceOptions {
  /** Requirements the answer words itself (met and at risk, see atRiskSentence): left out here. */
  explained?: ReadonlySet<string>;
}

/**
 * One sentence on where today's pace leads: when the unmet requirements are met, and which met
 * ones would slip past their threshold by the end of the quarter (below a minimum, above a maximum).
 */
export function paceSentence(projections: readonly RequirementProjection[], tier: string, f: Formatter, opts: PaceOptions = {}): string {
  const unmet = projections.filter((p) => !p.met);
  const slippingAll = projections.filter((p) => p.met && p.metByQuarterEnd === false);
  const slipping = slippingAll.filter((p) => !opts.explained?.has(p.metric));
  const qEnd = f.date(projections[0]?.quarterEnd ?? '');
  const parts: string[] = [];
  if (unmet.length > 0) {
    const each = unmet.map((p) => {
      const name = lowerFirst(p.label);
      // A maximum is met by coming down to it.
      const reach = p.atMost ? `comes down to ${f.value(p.required, p.unit)}` : `reaches ${f.value(p.required, p.unit)}`;
      if (p.projectedDate === null) return `${name} does not ${p.atMost ? 'come down to' : 'reach'} ${f.value(p.required, p.unit)} within two years`;
      const when = p.metByQuarterEnd ? `by the end of the quarter (${f.date(p.projectedDate)})` : `on ${f.date(p.projectedDate)}, after the quarter ends on ${qEnd}`;
      return `${name} ${reach} ${when}`;
    });
    parts.push(`At today's pace ${listing(each)}`);
  } else if (projections.length > 0 && slippingAll.length === 0) {
    parts.push(`At today's pace every ${tier} requirement still holds at the end of the quarter (${qEnd})`);
  }
  // Met today and not at the quarter's end: said as such, never as a bare "would fall".
  const below = slipping.filter((p) => !p.atMost);
  const above = slipping.filter((p) => p.atMost);
  if (below.length > 0) {
    const each = below.map((p) => `${lowerFirst(p.label)}, met today, would fall to ${f.value(wholeIfCount(p.projectedAtQuarterEnd, p.unit), p.unit)}`);
    parts.push(`${parts.length > 0 ? 'and' : `At today's pace`} by ${qEnd} ${listing(each)}, below the ${tier} minimum`);
  }
  if (above.length > 0) {
    const each = above.map((p) => `${lowerFirst(p.label)}, met today, would rise to ${f.value(p.projectedAtQuarterEnd, p.unit)}`);
    parts.push(`${parts.length > 0 ? 'and' : `At today's pace`} by ${qEnd} ${listing(each)}, above the ${tier} maximum`);
  }
  return parts.length > 0 ? `${parts.join(', ')}.` : '';
}

/** "Contoso Cloud Architect (Dec 12, 2026)", at most three, then how many more. */
function renewList(r: AtRisk, f: Formatter): string {
  const shown = r.renew.slice(0, 3).map((c) => `${c.name} (${f.date(c.expiresOn)})`);
  const more = r.renew.length - shown.length;
  return listing(more > 0 ? [...shown, `${more} more`] : shown);
}

/** What keeps a lapsing certification count: "renew it", "renew them", "renew 2 of them". */
function renewWords(r: AtRisk): string {
  if (r.renewNeeded >= r.renew.length) return r.renew.length === 1 ? 'renew it' : 'renew them';
  return `renew ${r.renewNeeded} of them (or add as many new ones)`;
}

/**
 * A requirement met today and at risk before `before` ("the Dec 31, 2026 review", "Mar 31, 2027"),
 * in one sentence that says both, with the day and what keeps it:
 * "Active certifications meets Gold today (5 of 5), but Contoso Cloud Architect expires on Dec 12,
 * 2026, before the Dec 31, 2026 review, leaving 4 of the 5 Gold needs: renew it to keep the requirement."
 */
export function atRiskSentence(r: AtRisk, tier: string, before: string, f: Formatter): string {
  const today = `${r.label} meets ${tier} today (${againstRequired(r, f)})`;
  const then = r.then === null ? null : f.value(wholeIfCount(r.then, r.unit), r.unit);
  if (r.renew.length > 0) {
    const first = r.renew[0];
    const lapse =
      r.renew.length === 1 && first
        ? `${first.name} expires on ${f.date(first.expiresOn)}`
        : `${f.plural(r.renew.length, 'certification')} expire (${renewList(r, f)})`;
    const leaves = then === null ? '' : `, leaving ${then} of the ${f.value(r.required, r.unit)} ${tier} needs`;
    return `${today}, but ${lapse}, before ${before}${leaves}: ${renewWords(r)} to keep the requirement.`;
  }
  const move = r.atMost ? 'rises above' : 'falls below';
  const by = then === null ? '' : ` (${then} by then)`;
  return `${today}, but at today's pace it ${move} the ${r.atMost ? 'maximum' : 'minimum'} on ${f.date(r.from)}, before ${before}${by}.`;
}

/** The same on a requirement's own line: "met today; lapses before the Dec 31, 2026 review: renew …". */
export function atRiskNote(r: AtRisk, before: string, f: Formatter): string {
  if (r.renew.length > 0) return `met today; lapses before ${before}: renew ${renewList(r, f)}`;
  return `met today; at today's pace ${r.atMost ? 'over' : 'below'} it from ${f.date(r.from)}, before ${before}`;
}

/** A requirement row with its projection, as `--json` shows it. */
export function projectionData(p: RequirementProjection, f: Formatter): Record<string, unknown> {
  return {
    runRate: p.runRate,
    runRateText: runRateText(p, f),
    projectedDate: p.projectedDate,
    projectedAtQuarterEnd: p.projectedAtQuarterEnd,
    metByQuarterEnd: p.metByQuarterEnd,
    ...(p.by ? { by: p.by } : {}),
  };
}

export function suggestionData(s: RankedSuggestion): Record<string, unknown> {
  return { kind: s.kind, label: s.label, metric: s.metric, reason: s.reason, url: s.url, score: s.score, deadline: s.deadline };
}

/** Ranked suggestions as the reply carries them (the score and kind stay in `data`). */
export const asReplySuggestions = (list: readonly RankedSuggestion[]): Suggestion[] =>
  list.map(({ kind: _k, score: _s, deadline: _d, ...rest }) => rest);
