import { metricDef } from '../metrics/catalog.ts';
import type { MetricName } from '../metrics/names.ts';
import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import { windowPeriod } from '../metrics/period.ts';
import { tierIndex } from '../program/load.ts';
import type { Program, Requirement, Window } from '../program/schema.ts';
import type { RequirementRow } from '../reply/types.ts';

/** A partner counts as "close" to the next tier when every unmet requirement is at 90% or more. */
export const CLOSE_RATIO = 0.9;

export interface TierStanding {
  partnerId: number;
  currentTier: string;
  /** Null at the top tier. */
  nextTier: string | null;
  /** The next tier's requirements with the gap to each (empty at the top). */
  next: RequirementRow[];
  /** Within 10% of the next tier: every unmet requirement is at least 90% there. */
  closeToNext: boolean;
  /** Requirements of the tier it holds that it no longer meets: at risk of dropping at review. */
  unmetCurrent: RequirementRow[];
}

const keyOf = (metric: MetricName, window: Window) => `${metric}@${window}`;

/**
 * Every partner's standing against its current and next tier, with one query per distinct
 * (metric, window) the program uses across all the partners at once — never one per partner.
 */
export async function tierStandings(
  data: PartnerData,
  program: Program,
  partners: readonly PartnerInfo[],
): Promise<Map<number, TierStanding>> {
  const ids = partners.map((p) => p.id);
  const pairs = new Map<string, { metric: MetricName; window: Window }>();
  for (const t of program.tiers) for (const r of t.requirements) pairs.set(keyOf(r.metric, r.window), { metric: r.metric, window: r.window });
  const values = new Map<string, Map<number, number | null>>();
  await Promise.all(
    [...pairs].map(async ([key, { metric, window }]) => {
      const period = windowPeriod(window, data.today);
      values.set(key, ids.length > 0 ? await data.metricByPartner(metric, ids, period) : new Map());
    }),
  );

  const row = (p: PartnerInfo, r: Requirement): RequirementRow => {
    const key = keyOf(r.metric, r.window);
    const current = values.get(key)?.get(p.id) ?? 0;
    const def = metricDef(r.metric);
    const gap = Math.max(0, Math.round((r.min - current) * 100) / 100);
    return { metric: r.metric, label: def.label, unit: def.unit, current, required: r.min, gap, met: current >= r.min };
  };

  const out = new Map<number, TierStanding>();
  for (const p of partners) {
    const i = tierIndex(program, p.tier);
    const currentTier = program.tiers[i];
    const nextTier = program.tiers[i < 0 ? 0 : i + 1];
    const next = nextTier ? nextTier.requirements.map((r) => row(p, r)) : [];
    const unmetCurrent = currentTier ? currentTier.requirements.map((r) => row(p, r)).filter((r) => !r.met) : [];
    const closeToNext = nextTier !== undefined && next.every((r) => r.met || r.current >= r.required * CLOSE_RATIO);
    out.set(p.id, { partnerId: p.id, currentTier: p.tier, nextTier: nextTier?.name ?? null, next, closeToNext, unmetCurrent });
  }
  return out;
}

/**
 * The tier whose certification requirement a partner falls below when its active count goes
 * from `activeNow` to `activeAfter`: the highest of its current and next tier that it meets now
 * and would not meet after. Null when no requirement is affected.
 */
export function certificationBreak(program: Program, tier: string, activeNow: number, activeAfter: number): { tier: string; min: number } | null {
  const i = tierIndex(program, tier);
  const candidates = [program.tiers[i + 1], program.tiers[i]].filter((t) => t !== undefined);
  for (const t of candidates) {
    const req = t.requirements.find((r) => r.metric === 'active_certifications');
    if (req && activeNow >= req.min && activeAfter < req.min) return { tier: t.name, min: req.min };
  }
  return null;
}
