import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import { tierIndex } from '../program/load.ts';
import type { Program, Tier } from '../program/schema.ts';
import { groupKey, programKey } from './group-key.ts';
import { checksFor, compareGaps, currentValues, nextTierOf, pairsOf } from './requirements.ts';
import type { NearNextPartner, RequirementCheck } from './types.ts';

// Equal gaps keep the program's order of requirements (the sort is stable).
const byGap = (a: RequirementCheck, b: RequirementCheck): number => compareGaps(b.relativeGap, a.relativeGap);

/**
 * Every partner below the top tier against the requirements of the tier above it, with today's
 * values over each requirement's window: closest first (fewest requirements missing, then the
 * smallest sum of gap ÷ required, then by name). `targetTier` keeps only partners whose next tier
 * it is. One read per table the requirements of the tiers involved use, whatever the number of
 * partners.
 */
export function nearNextTier(
  data: PartnerData,
  program: Program,
  partners: readonly PartnerInfo[],
  opts: { targetTier?: string } = {},
): Promise<NearNextPartner[]> {
  // Kept until the data changes: over every partner this is seconds of reading.
  return data.remember(`portfolio-near-next|${programKey(program)}|${groupKey(partners)}|${opts.targetTier?.toLowerCase() ?? ''}`, () => rank(data, program, partners, opts));
}

async function rank(data: PartnerData, program: Program, partners: readonly PartnerInfo[], opts: { targetTier?: string }): Promise<NearNextPartner[]> {
  const target = opts.targetTier === undefined ? undefined : tierIndex(program, opts.targetTier);
  const below = partners.flatMap((p) => {
    const next = nextTierOf(program, p.tier);
    if (!next || (target !== undefined && program.tiers[target] !== next)) return [];
    return [{ partner: p, next }];
  });
  const tiers = new Set<Tier>(below.map((b) => b.next));
  const values = await currentValues(data, pairsOf([...tiers].flatMap((t) => t.requirements)), below.map((b) => b.partner.id));
  const out = below.map(({ partner, next }): NearNextPartner => {
    const requirements = checksFor(data.metrics, next, partner, values);
    const missing = requirements.filter((r) => !r.met).sort(byGap);
    return { partner, tier: partner.tier, nextTier: next.name, requirements, missing, relativeGap: missing.reduce((s, r) => s + r.relativeGap, 0) };
  });
  return out.sort(
    (a, b) => a.missing.length - b.missing.length || compareGaps(a.relativeGap, b.relativeGap) || a.partner.name.localeCompare(b.partner.name),
  );
}
