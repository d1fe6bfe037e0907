import type { RequirementProjection } from '../src/insights/projection.ts';
import type { RankedSuggestion } from '../src/insights/suggest.ts';
import { formatDate, formatValue, listing } from '../src/reply/format.ts';
import type { RequirementRow, Suggestion } from '../src/reply/types.ts';
import { lowerFirst } from './wording.ts';

// How projections read, shared by tier_progress and forecast, and the data both put in `--json`.

/** "$9,692 a week", "0.3 new certifications a week"; null for rates (they have no weekly amount). */
export function runRateText(p: RequirementProjection): string | null {
  if (p.runRate === null) return null;
  const what = p.metric === 'active_certifications' ? ' new certifications' : '';
  return `${formatValue(roundFor(p.runRate, p.unit), p.unit)}${what} a week`;
}

/** A projected count of certifications or deals is only worth its whole part. */
export const wholeIfCount = (n: number | null, unit: RequirementRow['unit']): number | null => (n !== null && unit === 'count' ? Math.floor(n + 1e-9) : n);

const roundFor = (n: number, unit: RequirementRow['unit']): number => (unit === 'count' ? Math.round(n * 10) / 10 : n);

/**
 * One sentence on where today's pace leads: when the unmet requirements are met, and which met
 * ones would slip below the minimum by the end of the quarter.
 */
export function paceSentence(projections: readonly RequirementProjection[], tier: string): string {
  const unmet = projections.filter((p) => !p.met);
  const slipping = projections.filter((p) => p.met && p.metByQuarterEnd === false);
  const qEnd = formatDate(projections[0]?.quarterEnd ?? '');
  const parts: string[] = [];
  if (unmet.length > 0) {
    const each = unmet.map((p) => {
      const name = lowerFirst(p.label);
      if (p.projectedDate === null) return `${name} does not reach ${formatValue(p.required, p.unit)} within two years`;
      const when = p.metByQuarterEnd ? `by the end of the quarter (${formatDate(p.projectedDate)})` : `on ${formatDate(p.projectedDate)}, after the quarter ends on ${qEnd}`;
      return `${name} reaches ${formatValue(p.required, p.unit)} ${when}`;
    });
    parts.push(`At today's pace ${listing(each)}`);
  } else if (projections.length > 0 && slipping.length === 0) {
    parts.push(`At today's pace every ${tier} requirement still holds at the end of the quarter (${qEnd})`);
  }
  if (slipping.length > 0) {
    const each = slipping.map((p) => `${lowerFirst(p.label)} would fall to ${formatValue(wholeIfCount(p.projectedAtQuarterEnd, p.unit), p.unit)}`);
    parts.push(`${parts.length > 0 ? 'and' : `At today's pace`} by ${qEnd} ${listing(each)}, below the ${tier} minimum`);
  }
  return parts.length > 0 ? `${parts.join(', ')}.` : '';
}

/** A requirement row with its projection, as `--json` shows it. */
export function projectionData(p: RequirementProjection): Record<string, unknown> {
  return {
    runRate: p.runRate,
    runRateText: runRateText(p),
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
