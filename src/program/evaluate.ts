import { fail, ok, type Result } from '../errors.ts';
import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import type { MetricName } from '../metrics/names.ts';
import { valueOfParts } from '../metrics/parts.ts';
import { windowPeriod } from '../metrics/period.ts';
import type { RequirementRow } from '../reply/types.ts';
import { boundOf, gapOf, meets } from './bounds.ts';
import { tierIndex } from './load.ts';
import type { Program, Requirement, Tier, Window } from './schema.ts';

export interface TierEvaluation {
  partner: PartnerInfo;
  /** The tier the partner holds (as stored on the partner). */
  currentTier: string;
  /** The tier evaluated: the one asked for, else the next one, else (at the top) the current one. */
  targetTier: string;
  /** True when the partner already holds the highest tier and no other tier was asked for. */
  atTop: boolean;
  requirements: RequirementRow[];
}

/** The tiers as a person reads them: "Registered, Silver, Gold and Platinum". */
export function tierList(program: Program): string {
  const names = program.tiers.map((t) => t.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Tier names match case-insensitively and may be given with a trailing "tier" ("gold tier"). */
export function findTier(program: Program, name: string): Tier | undefined {
  const cleaned = name.trim().replace(/\s+tier$/i, '');
  const i = tierIndex(program, cleaned);
  return i >= 0 ? program.tiers[i] : undefined;
}

function chooseTarget(program: Program, currentTier: string, targetTierName?: string): Result<{ tier: Tier; atTop: boolean }> {
  if (targetTierName !== undefined && targetTierName.trim() !== '') {
    const tier = findTier(program, targetTierName);
    if (!tier) {
      return fail('bad_input', `There is no tier called “${targetTierName.trim().slice(0, 40)}”. The tiers are ${tierList(program)}.`);
    }
    return ok({ tier, atTop: false });
  }
  const current = tierIndex(program, currentTier);
  const last = program.tiers.length - 1;
  // A partner on a tier the program no longer lists works towards the lowest tier that has requirements.
  const nextIndex = current < 0 ? 0 : Math.min(current + 1, last);
  const tier = program.tiers[nextIndex];
  if (!tier) return fail('program_invalid', 'The partner program lists no tiers.');
  return ok({ tier, atTop: current === last });
}

/**
 * Each requirement of the target tier with the partner's current value over the requirement's
 * window, the gap and whether it is met. Reads through the scoped PartnerData, so a partner outside
 * the asker's scope throws Forbidden like every other read.
 */
export async function evaluateTier(
  data: PartnerData,
  program: Program,
  partnerId: number,
  targetTierName?: string,
): Promise<Result<TierEvaluation>> {
  const partner = await data.partner(partnerId);
  const target = chooseTarget(program, partner.tier, targetTierName);
  if (!target.ok) return target;
  const { tier, atTop } = target.value;

  const requirements = await Promise.all(
    tier.requirements.map(async (req): Promise<RequirementRow> => {
      const mv = await data.metric(req.metric, partnerId, windowPeriod(req.window, data.today));
      return requirementRow(req, mv.value, mv.label, mv.unit);
    }),
  );
  return ok({ partner, currentTier: partner.tier, targetTier: tier.name, atTop, requirements });
}

/**
 * `evaluateTier` for several partners at once, each against the tier it works toward: the same
 * evaluations, read in one statement per table the requirements use (PartnerData.metricPartsMany)
 * instead of one per partner and requirement. In the order given.
 */
export async function evaluateTiers(data: PartnerData, program: Program, partners: readonly PartnerInfo[]): Promise<Result<TierEvaluation[]>> {
  const targets: { partner: PartnerInfo; tier: Tier; atTop: boolean }[] = [];
  for (const partner of partners) {
    const target = chooseTarget(program, partner.tier);
    if (!target.ok) return target;
    targets.push({ partner, ...target.value });
  }
  const pairs = new Map<string, { metric: MetricName; window: Window }>();
  for (const t of targets) for (const r of t.tier.requirements) pairs.set(`${r.metric}@${r.window}`, { metric: r.metric, window: r.window });
  const keys = [...pairs.keys()];
  const parts = await data.metricPartsMany(
    [...pairs.values()].map((p) => ({ metric: p.metric, period: windowPeriod(p.window, data.today) })),
    partners.map((p) => p.id),
  );
  return ok(
    targets.map(({ partner, tier, atTop }) => ({
      partner,
      currentTier: partner.tier,
      targetTier: tier.name,
      atTop,
      requirements: tier.requirements.map((req) => {
        const def = data.metrics.def(req.metric);
        const own = parts[keys.indexOf(`${req.metric}@${req.window}`)]?.get(partner.id);
        return requirementRow(req, valueOfParts(def, own), def.label, def.unit);
      }),
    })),
  );
}

/** A requirement against a partner's value over its window. */
function requirementRow(req: Requirement, value: number | null, label: string, unit: RequirementRow['unit']): RequirementRow {
  // No closed deals or renewals in the window leaves a rate undefined; for a requirement that
  // counts as nothing achieved yet.
  // (A mean or latest value with no facts reads 0 too: for a maximum, nothing recorded is not a breach.)
  const current = value ?? 0;
  const b = boundOf(req);
  const gap = roundFor(gapOf(current, b), unit);
  return { metric: req.metric, label, current, required: b.required, gap, met: meets(current, b), unit, ...(b.atMost ? { atMost: true } : {}) };
}

// Float subtraction leaves 80120.45000000001; gaps are shown and compared, so keep them clean.
function roundFor(n: number, unit: RequirementRow['unit']): number {
  const places = unit === 'currency' ? 100 : 10_000;
  return Math.round(n * places) / places;
}
