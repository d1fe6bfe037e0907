import { reviewDate } from '../insights/calendar.ts';
import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import type { Program, Tier } from '../program/schema.ts';
import { groupKey, programKey } from './group-key.ts';
import { projectAt } from './projection.ts';
import { check, compareGaps, keyOf, pairsOf, tierOf } from './requirements.ts';
import type { AtRiskPartner, ProjectedCheck } from './types.ts';

/** A projected float within this of the minimum meets it (as the single-partner projection counts it). */
const TOLERANCE = 1e-9;

export interface Projection {
  reviewDate: string;
  /** Each partner holding a tier with requirements: every requirement of that tier, projected. */
  byPartner: Map<number, { partner: PartnerInfo; tier: Tier; checks: ProjectedCheck[] }>;
}

/**
 * Every partner's current tier requirements projected to the next tier review at today's pace,
 * with one read per table the requirements of the tiers held use, whatever the number of partners.
 */
export async function projectCurrentTiers(data: PartnerData, program: Program, partners: readonly PartnerInfo[]): Promise<Projection> {
  const review = reviewDate(program, data.today);
  const held = partners.flatMap((p) => {
    const tier = tierOf(program, p.tier);
    return tier && tier.requirements.length > 0 ? [{ partner: p, tier }] : [];
  });
  const tiers = new Set(held.map((h) => h.tier));
  const pairs = pairsOf([...tiers].flatMap((t) => t.requirements));
  const values = await projectAt(data, pairs, held.map((h) => h.partner.id), review);
  const byPartner: Projection['byPartner'] = new Map();
  for (const { partner, tier } of held) {
    const checks = tier.requirements.map((r): ProjectedCheck => {
      const v = values.get(keyOf(r))?.get(partner.id);
      return { ...check(data.metrics, r, v?.projected ?? null, TOLERANCE), current: v?.current ?? null };
    });
    byPartner.set(partner.id, { partner, tier, checks });
  }
  return { reviewDate: review, byPartner };
}

// Equal shortfalls keep the program's order of requirements (the sort is stable).
const byShortfall = (a: ProjectedCheck, b: ProjectedCheck): number => compareGaps(b.relativeGap, a.relativeGap);

/**
 * Partners that would not keep the tier they hold at the next review at today's pace: each with
 * the requirements that would fail and by how much, the largest relative shortfall first (then
 * more requirements failing, then by name).
 */
export function atRiskPartners(data: PartnerData, program: Program, partners: readonly PartnerInfo[]): Promise<{ reviewDate: string; partners: AtRiskPartner[] }> {
  // Kept until the data changes: over every partner this is seconds of reading.
  return data.remember(`portfolio-at-risk|${programKey(program)}|${groupKey(partners)}`, () => rank(data, program, partners));
}

async function rank(data: PartnerData, program: Program, partners: readonly PartnerInfo[]): Promise<{ reviewDate: string; partners: AtRiskPartner[] }> {
  const projection = await projectCurrentTiers(data, program, partners);
  const out: AtRiskPartner[] = [];
  for (const { partner, tier, checks } of projection.byPartner.values()) {
    const failing = checks.filter((c) => !c.met).sort(byShortfall);
    if (failing.length === 0) continue;
    out.push({ partner, tier: tier.name, reviewDate: projection.reviewDate, failing, worst: failing[0]?.relativeGap ?? 0 });
  }
  out.sort((a, b) => compareGaps(b.worst, a.worst) || b.failing.length - a.failing.length || a.partner.name.localeCompare(b.partner.name));
  return { reviewDate: projection.reviewDate, partners: out };
}
