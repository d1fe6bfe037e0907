import type { RequirementProjection } from '../src/insights/projection.ts';
import type { RankedSuggestion } from '../src/insights/suggest.ts';
import { listing, type Formatter } from '../src/reply/format.ts';
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

/**
 * One sentence on where today's pace leads: when the unmet requirements are met, and which met
 * ones would slip past their threshold by the end of the quarter (below a minimum, above a maximum).
 */
export function paceSentence(projections: readonly RequirementProjection[], tier: string, f: Formatter): string {
  const unmet = projections.filter((p) => !p.met);
  const slipping = projections.filter((p) => p.met && p.metByQuarterEnd === false);
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
  } else if (projections.length > 0 && slipping.length === 0) {
    parts.push(`At today's pace every ${tier} requirement still holds at the end of the quarter (${qEnd})`);
  }
  const below = slipping.filter((p) => !p.atMost);
  const above = slipping.filter((p) => p.atMost);
  if (below.length > 0) {
    const each = below.map((p) => `${lowerFirst(p.label)} would fall to ${f.value(wholeIfCount(p.projectedAtQuarterEnd, p.unit), p.unit)}`);
    parts.push(`${parts.length > 0 ? 'and' : `At today's pace`} by ${qEnd} ${listing(each)}, below the ${tier} minimum`);
  }
  if (above.length > 0) {
    const each = above.map((p) => `${lowerFirst(p.label)} would rise to ${f.value(p.projectedAtQuarterEnd, p.unit)}`);
    parts.push(`${parts.length > 0 ? 'and' : `At today's pace`} by ${qEnd} ${listing(each)}, above the ${tier} maximum`);
  }
  return parts.length > 0 ? `${parts.join(', ')}.` : '';
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
