import type { MetricName } from '../../src/metrics/names.ts';
import type { Program } from '../../src/program/schema.ts';
import type { Targets, Volume } from './plan.ts';
import type { Rng } from './random.ts';

// Turns "this partner should sit on tier i" into requirement values: every requirement of tiers
// up to i is met, and at least one requirement of tier i+1 is missed (by a random margin, so some
// partners are close to the next tier and others far). The metrics the generators can steer are
// the ones program.yml uses; a requirement on any other metric is left to chance and the demo's
// evaluation reports where a partner really lands.

const STEERABLE: readonly MetricName[] = ['revenue', 'active_certifications', 'won_deals', 'renewal_rate', 'co_sell_deals'];

function minAt(program: Program, tier: number, metric: MetricName): number | undefined {
  // The demo steers minimums only (a maximum is left to chance).
  return program.tiers[tier]?.requirements.find((r) => r.metric === metric && r.min !== undefined)?.min;
}

/** The highest minimum for `metric` among tiers 0..tier (0 when none asks for it). */
function floorFor(program: Program, tier: number, metric: MetricName): number {
  let lo = 0;
  for (let i = 0; i <= tier; i++) lo = Math.max(lo, minAt(program, i, metric) ?? 0);
  return lo;
}

function chooseMisses(program: Program, tier: number, rng: Rng): Map<MetricName, number> {
  const next = program.tiers[tier + 1];
  const misses = new Map<MetricName, number>();
  if (!next) return misses;
  const candidates = next.requirements.flatMap((r) => {
    const min = r.min;
    if (!STEERABLE.includes(r.metric) || min === undefined) return [];
    const lo = floorFor(program, tier, r.metric);
    const room = r.metric === 'revenue' || r.metric === 'renewal_rate' ? min > lo * 1.05 + 1 : Math.ceil(lo) < Math.ceil(min);
    return room ? [{ metric: r.metric, min }] : [];
  });
  const count = Math.min(candidates.length, rng.weighted([[1, 0.6], [2, 0.3], [3, 0.1]] as const));
  for (const r of rng.shuffled(candidates).slice(0, count)) misses.set(r.metric, r.min);
  return misses;
}

/** Integer count at least `lo`; below `missBelow` when given. */
function countTarget(lo: number, missBelow: number | undefined, natural: number, rng: Rng): number {
  const floor = Math.ceil(lo);
  if (missBelow !== undefined) return rng.int(floor, Math.ceil(missBelow) - 1);
  return Math.max(floor > 0 ? floor + rng.int(0, 2) : 0, natural);
}

function renewalTarget(
  lo: number,
  missBelow: number | undefined,
  required: boolean,
  baseCount: number,
  rng: Rng,
): { renewed: number; churned: number } {
  let n = required ? Math.max(baseCount, 5) : baseCount;
  if (n === 0) return { renewed: 0, churned: 0 };
  // Without a floor from the program, renewal rates still look like a business: 40–100%.
  const floorPct = lo > 0 ? lo : missBelow !== undefined ? 40 : 50;
  for (;;) {
    const rMin = Math.ceil((floorPct * n) / 100);
    const rMax = missBelow !== undefined ? Math.ceil((missBelow * n) / 100) - 1 : n;
    if (rMin <= rMax) {
      const r = rMin + Math.floor((rMax - rMin + 1) * Math.pow(rng.next(), 0.6));
      return { renewed: r, churned: n - r };
    }
    n += 5;
  }
}

export function planTargets(program: Program, tier: number, volume: Volume, rng: Rng): Targets {
  const misses = chooseMisses(program, tier, rng);
  const next = tier + 1;

  const revLo = floorFor(program, tier, 'revenue');
  const revFloor = Math.max(revLo * 1.02, 1500);
  const revMiss = misses.get('revenue');
  const revNext = minAt(program, next, 'revenue');
  const revHi = revMiss !== undefined ? revMiss * 0.98 : revNext !== undefined ? revNext * 1.6 : Math.max(revFloor * 2.5, 20000);
  const revenue = revFloor + (Math.max(revHi, revFloor) - revFloor) * rng.next();

  const activeCerts = countTarget(
    floorFor(program, tier, 'active_certifications'),
    misses.get('active_certifications'),
    Math.round(volume.certs * rng.range(0.3, 0.6)),
    rng,
  );

  const coLo = floorFor(program, tier, 'co_sell_deals');
  const won = Math.max(
    countTarget(floorFor(program, tier, 'won_deals'), misses.get('won_deals'), Math.round(volume.deals * (12 / 18) * rng.range(0.12, 0.22)), rng),
    Math.ceil(coLo),
  );
  const coMiss = misses.get('co_sell_deals');
  const coSell = Math.min(
    won,
    coMiss !== undefined
      ? rng.int(Math.ceil(coLo), Math.min(Math.ceil(coMiss) - 1, won))
      : Math.max(Math.ceil(coLo), Math.round(won * rng.range(0, 0.18))),
  );

  const renLo = floorFor(program, tier, 'renewal_rate');
  const renMiss = misses.get('renewal_rate');
  const renewals = renewalTarget(
    renLo,
    renMiss,
    renLo > 0 || renMiss !== undefined,
    Math.round(volume.renewals * 0.55),
    rng,
  );

  return { revenueCents: Math.round(revenue * 100), activeCerts, won, coSell, ...renewals };
}
