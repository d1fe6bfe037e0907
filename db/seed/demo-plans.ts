import { tierIndex } from '../../src/program/load.ts';
import type { Program } from '../../src/program/schema.ts';
import type { PartnerType } from '../schema.ts';
import type { Calendar } from './calendar.ts';
import { DEMO } from './demo-constants.ts';
import { IdCounter, makePlan, type PlanInput } from './make-plan.ts';
import { generatedPartnerName, REGIONS, slugOf, SlugBook, type Region } from './names.ts';
import { NORTHWIND_TARGETS } from './northwind.ts';
import type { PartnerPlan, Targets, Volume } from './plan.ts';
import { hashSeed, Rng } from './random.ts';
import type { UserRow } from './rows.ts';

// Who is in the demo program: the fixed cast first (ids 1–8), then generated partners filling
// every tier × region cohort to a fixed size, so peer benchmarks (cohorts of at least 5) work for
// every partner.

export const DEMO_SEED = 'contoso-demo';

/** Partners per tier (lowest first) in each region, fixed members included. */
const COHORT_SIZE = [16, 17, 12, 8];
const OTHER_DISTRIBUTORS_WITH_RESELLERS = 3;

const DEMO_BASES: Volume = { revenueLines: 40, deals: 30, certs: 6, leads: 20, renewals: 10, mdf: 4 };

const FABRIKAM: Targets = { revenueCents: 88_000_000, activeCerts: 8, won: 27, coSell: 3, renewed: 14, churned: 2 };
const TAILSPIN: Targets = { revenueCents: 1_375_000, activeCerts: 1, won: 2, coSell: 0, renewed: 1, churned: 1 };
const WIDE_WORLD: Targets = { revenueCents: 340_000_000, activeCerts: 16, won: 58, coSell: 9, renewed: 19, churned: 1 };

export interface DemoCast {
  users: UserRow[];
  plans: PartnerPlan[];
  /** Tier each fixed partner must land on, by name. */
  expectedTiers: Map<string, string>;
}

interface FixedSpec {
  name: string;
  slug: string;
  tier: string;
  type: PartnerType;
  region: Region;
  parent?: string;
  targets?: Targets;
  size?: number;
  owner?: { name: string; email?: string };
  people?: { name: string; email: string }[];
}

function tierOf(program: Program, name: string): number {
  const i = tierIndex(program, name);
  if (i < 0) throw new Error(`program.yml has no tier "${name}", which the demo data needs`);
  return i;
}

export function demoCast(program: Program, cal: Calendar): DemoCast {
  const rng = new Rng(hashSeed(DEMO_SEED, 'cast'));
  const tiers = program.tiers.map((t) => t.name);
  const top = tiers[tiers.length - 1] ?? '';
  const users: UserRow[] = [
    { id: 1, email: DEMO.emails.admin, name: DEMO.people.admin, role: 'vendor_admin', partner_id: null, time_zone: 'America/Los_Angeles' },
    { id: 2, email: DEMO.emails.manager, name: DEMO.people.manager, role: 'channel_manager', partner_id: null, time_zone: DEMO.managerTimeZone },
    ...DEMO.otherManagers.map((m, i): UserRow => ({ id: 3 + i, email: m.email, name: m.name, role: 'channel_manager', partner_id: null, time_zone: m.timeZone })),
  ];
  const userIds = new IdCounter(users.length + 1);
  const managerId = { morgan: 2, byRegion: new Map<string, number>(DEMO.otherManagers.map((m, i) => [m.region, 3 + i])) };

  const fixed: FixedSpec[] = [
    {
      name: DEMO.northwind, slug: 'northwind', tier: 'Silver', type: 'reseller', region: 'NA', targets: NORTHWIND_TARGETS,
      owner: { name: DEMO.people.northwindOwner, email: DEMO.emails.northwindOwner },
      people: [{ name: DEMO.people.northwindSeller, email: DEMO.emails.northwindSeller }],
    },
    { name: DEMO.fabrikam, slug: 'fabrikam', tier: 'Gold', type: 'reseller', region: 'NA', targets: FABRIKAM, size: 1.2 },
    { name: DEMO.tailspin, slug: 'tailspin', tier: tiers[0] ?? 'Registered', type: 'reseller', region: 'NA', targets: TAILSPIN, size: 0.5 },
    { name: DEMO.wideWorld, slug: 'wideworld', tier: top, type: 'distributor', region: 'EMEA', targets: WIDE_WORLD, size: 1.3 },
    ...DEMO.wideWorldSubPartners.map((s): FixedSpec => ({ name: s.name, slug: s.slug, tier: s.tier, type: 'reseller', region: 'EMEA', parent: DEMO.wideWorld })),
  ];

  const slugs = new SlugBook();
  const plans: PartnerPlan[] = [];
  const idByName = new Map<string, number>();
  const expectedTiers = new Map<string, string>();
  const morganMax = 30;
  let morganCount = 0;
  const managerFor = (region: Region, isWideWorldFamily: boolean): number => {
    if (region === 'NA' && !isWideWorldFamily && morganCount < morganMax) {
      morganCount++;
      return managerId.morgan;
    }
    return managerId.byRegion.get(region) ?? managerId.morgan;
  };
  const base = (spec: Omit<PlanInput, 'program' | 'cal' | 'seedPrefix' | 'bases' | 'managerId'> & { wwi: boolean }): PartnerPlan => {
    const { wwi, ...rest } = spec;
    const plan = makePlan(
      { ...rest, program, cal, seedPrefix: DEMO_SEED, bases: DEMO_BASES, managerId: managerFor(spec.region, wwi) },
      userIds,
    );
    plans.push(plan);
    idByName.set(plan.row.name, plan.row.id);
    return plan;
  };

  for (const f of fixed) {
    const parentId = f.parent ? (idByName.get(f.parent) ?? null) : null;
    base({
      id: plans.length + 1, name: f.name, slug: slugs.take(f.slug), type: f.type, region: f.region,
      tierIndex: tierOf(program, f.tier), parentId, extraUsers: 0, targets: f.targets, size: f.size,
      owner: f.owner, people: f.people, wwi: f.name === DEMO.wideWorld || parentId !== null,
    });
    expectedTiers.set(f.name, f.tier);
  }

  // Fill each tier × region cohort up to its size, in a shuffled order so ids do not sort by tier.
  const slots: { region: Region; tier: number }[] = [];
  for (const region of REGIONS) {
    for (let t = 0; t < tiers.length; t++) {
      const already = plans.filter((p) => p.row.region === region && p.tierIndex === t).length;
      const size = COHORT_SIZE[Math.min(t, COHORT_SIZE.length - 1)] ?? 10;
      for (let k = already; k < size; k++) slots.push({ region, tier: t });
    }
  }
  let nameIndex = 0;
  for (const slot of rng.shuffled(slots)) {
    const name = generatedPartnerName(nameIndex++);
    const type = rng.weighted<PartnerType>([['reseller', 0.55], ['msp', 0.22], ['supplier', 0.13], ['distributor', 0.1]]);
    base({
      id: plans.length + 1, name, slug: slugs.take(slugOf(name)), type, region: slot.region, tierIndex: slot.tier,
      parentId: null, extraUsers: rng.weighted([[0, 0.45], [1, 0.35], [2, 0.2]] as const), wwi: false,
    });
  }

  // A few more two-tier families: generated distributors with resellers of their own region.
  const distributors = plans.filter((p) => p.row.type === 'distributor' && p.row.name !== DEMO.wideWorld).slice(0, OTHER_DISTRIBUTORS_WITH_RESELLERS);
  for (const d of distributors) {
    const children = plans.filter((p) => p.row.type === 'reseller' && p.row.parent_id === null && p.row.region === d.row.region && p.row.id > 8 && p !== d);
    for (const c of children.slice(0, 2)) c.row.parent_id = d.row.id;
  }

  return { users: [...users, ...plans.flatMap((p) => p.users)], plans, expectedTiers };
}
