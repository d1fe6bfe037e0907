import type { Program } from '../../src/program/schema.ts';
import type { PartnerType } from '../schema.ts';
import type { Calendar } from './calendar.ts';
import { IdCounter, makePlan } from './make-plan.ts';
import { FIRST_NAMES, generatedPartnerName, LAST_NAMES, REGIONS, slugOf, SlugBook, TIME_ZONES, type Region } from './names.ts';
import type { PartnerPlan, Volume } from './plan.ts';
import { hashSeed, Rng } from './random.ts';
import type { UserRow } from './rows.ts';

export const SCALE_SEED = 'contoso-scale';

/**
 * Rows per partner of average size. With the tier mix below the averages come out at these
 * numbers, so 5,000 partners give ~5,000,000 revenue lines, ~2,000,000 deal registrations and
 * ~500,000 certifications.
 */
export const SCALE_BASES: Volume = { revenueLines: 1000, deals: 400, certs: 100, leads: 200, renewals: 50, mdf: 10 };
export const PARTNERS_PER_MANAGER = 50;

const TIER_MIX = [0.4, 0.3, 0.2, 0.1];
const REGION_MIX: readonly (readonly [Region, number])[] = [
  ['NA', 0.4],
  ['EMEA', 0.3],
  ['APAC', 0.2],
  ['LATAM', 0.1],
];
const TYPE_MIX: readonly (readonly [PartnerType, number])[] = [
  ['reseller', 0.55],
  ['msp', 0.22],
  ['supplier', 0.15],
  ['distributor', 0.08],
];

export interface ScaleCast {
  vendorUsers: UserRow[];
  plans: PartnerPlan[];
}

/** The vendor's people: one admin and a channel manager per ~50 partners. */
function vendorUsers(partners: number): UserRow[] {
  const managers = Math.max(1, Math.round(partners / PARTNERS_PER_MANAGER));
  const users: UserRow[] = [
    { id: 1, email: 'admin@contoso.example', name: 'Avery Admin', role: 'vendor_admin', partner_id: null, time_zone: 'America/Los_Angeles' },
  ];
  for (let m = 0; m < managers; m++) {
    const region = REGIONS[m % REGIONS.length] ?? 'NA';
    const zones = TIME_ZONES[region];
    users.push({
      id: users.length + 1,
      email: m === 0 ? 'manager@contoso.example' : `manager${m + 1}@contoso.example`,
      name: m === 0 ? 'Morgan Manager' : `${FIRST_NAMES[m % FIRST_NAMES.length]} ${LAST_NAMES[(m * 7) % LAST_NAMES.length]}`,
      role: 'channel_manager',
      partner_id: null,
      time_zone: zones[m % zones.length] ?? 'UTC',
    });
  }
  return users;
}

export function scaleCast(program: Program, cal: Calendar, partners: number): ScaleCast {
  const rng = new Rng(hashSeed(SCALE_SEED, 'cast', partners));
  const vendor = vendorUsers(partners);
  const managerIds = vendor.filter((u) => u.role === 'channel_manager').map((u) => u.id);
  const userIds = new IdCounter(vendor.length + 1);
  const slugs = new SlugBook();
  const distributorsByRegion = new Map<Region, number[]>();
  const tierWeights = program.tiers.map((_, i): readonly [number, number] => [i, TIER_MIX[i] ?? 0.1]);
  const plans: PartnerPlan[] = [];
  for (let i = 0; i < partners; i++) {
    const id = i + 1;
    const name = generatedPartnerName(i);
    const region = rng.weighted(REGION_MIX);
    const type = rng.weighted(TYPE_MIX);
    const parents = distributorsByRegion.get(region) ?? [];
    distributorsByRegion.set(region, parents);
    // Two-tier distribution: some resellers buy through a distributor of their region.
    const parentId = type === 'reseller' && parents.length > 0 && rng.chance(0.15) ? rng.pick(parents) : null;
    if (type === 'distributor') parents.push(id);
    plans.push(
      makePlan(
        {
          program,
          cal,
          seedPrefix: SCALE_SEED,
          id,
          name,
          slug: slugs.take(slugOf(name)),
          type,
          region,
          tierIndex: rng.weighted(tierWeights),
          parentId,
          managerId: managerIds[i % managerIds.length] ?? null,
          bases: SCALE_BASES,
          extraUsers: rng.weighted([[0, 0.2], [1, 0.3], [2, 0.3], [3, 0.2]] as const),
        },
        userIds,
      ),
    );
  }
  return { vendorUsers: vendor, plans };
}
