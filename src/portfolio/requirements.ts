import type { MetricName } from '../metrics/names.ts';
import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import { valueOfParts } from '../metrics/parts.ts';
import { windowPeriod } from '../metrics/period.ts';
import type { MetricSet } from '../metrics/metric-set.ts';
import { boundOf, gapOf, meets, relativeGap } from '../program/bounds.ts';
import { tierIndex } from '../program/load.ts';
import type { Program, Requirement, Tier, Window } from '../program/schema.ts';
import type { RequirementCheck } from './types.ts';

// Tier requirements measured over a whole group at once: one read per table the tiers'
// requirements use, whatever the number of partners.

export interface MetricWindow {
  metric: MetricName;
  window: Window;
}

export const keyOf = (m: MetricWindow): string => `${m.metric}@${m.window}`;

/** The distinct (metric, window) pairs of these requirements. */
export function pairsOf(requirements: Iterable<Requirement>): MetricWindow[] {
  const out = new Map<string, MetricWindow>();
  for (const r of requirements) out.set(keyOf(r), { metric: r.metric, window: r.window });
  return [...out.values()];
}

/** The tier a partner holds, as the program lists it; undefined for a tier it no longer lists. */
export function tierOf(program: Program, name: string): Tier | undefined {
  return program.tiers[tierIndex(program, name)];
}

/**
 * The tier above the one held: the next in the program, or the lowest for a tier the program no
 * longer lists (as tier progress does); undefined at the top.
 */
export function nextTierOf(program: Program, name: string): Tier | undefined {
  const i = tierIndex(program, name);
  return program.tiers[i < 0 ? 0 : i + 1];
}

/** Per (metric, window) key, each partner's value today over the window (null: a rate with nothing to divide by). */
export type ValuesByKey = Map<string, Map<number, number | null>>;

/** Each (metric, window) for every partner today: one read of parts per table the pairs use. */
export async function currentValues(data: PartnerData, pairs: readonly MetricWindow[], partnerIds: readonly number[]): Promise<ValuesByKey> {
  const out: ValuesByKey = new Map();
  if (partnerIds.length === 0) return out;
  const parts = await data.metricPartsMany(
    pairs.map((p) => ({ metric: p.metric, period: windowPeriod(p.window, data.today) })),
    partnerIds,
  );
  pairs.forEach((p, i) => {
    const def = data.metrics.def(p.metric);
    // As PartnerData.metricByPartner gives it: 0 for counts and money without rows, null for a rate with nothing to divide by.
    out.set(keyOf(p), new Map([...(parts[i] ?? [])].map(([id, v]) => [id, valueOfParts(def, v)])));
  });
  return out;
}

/** Float noise off a gap (80120.45000000001): cents for money, 1e-4 for counts and points. */
function cleanGap(n: number, unit: RequirementCheck['unit']): number {
  const places = unit === 'currency' ? 100 : 10_000;
  return Math.round(n * places) / places;
}

/**
 * A requirement against a value. A null value (a rate with nothing decided) counts as nothing
 * achieved, as tier progress counts it; `tolerance` lets a projected float meet the threshold
 * exactly. A maximum is met at or under it; its gap is the excess.
 */
export function check(metrics: MetricSet, req: Requirement, value: number | null, tolerance = 0): RequirementCheck {
  const def = metrics.def(req.metric);
  const counted = value ?? 0;
  const b = boundOf(req);
  const met = meets(counted, b, tolerance);
  const gap = met ? 0 : cleanGap(gapOf(counted, b), def.unit);
  return {
    metric: req.metric,
    label: def.label,
    unit: def.unit,
    window: req.window,
    required: b.required,
    ...(b.atMost ? { atMost: true } : {}),
    value,
    met,
    gap,
    // From the unrounded gap: rounding for display must not reorder partners.
    relativeGap: met ? 0 : relativeGap(counted, b),
  };
}

/** Relative gaps this close are equal: float noise must not decide who ranks first. */
export const compareGaps = (a: number, b: number): number => (Math.abs(a - b) < 1e-9 ? 0 : a - b);

/** Every requirement of `tier` for one partner, from values read for the whole group. */
export function checksFor(metrics: MetricSet, tier: Tier, partner: PartnerInfo, values: ValuesByKey): RequirementCheck[] {
  return tier.requirements.map((r) => check(metrics, r, values.get(keyOf(r))?.get(partner.id) ?? null));
}
