import type { Program } from '../../src/program/schema.ts';
import type { PartnerType } from '../schema.ts';
import type { Calendar } from './calendar.ts';
import { CUSTOMER_NAMES, personName, PRODUCT_LINES, TIME_ZONES, type Region } from './names.ts';
import { tierWeight, type PartnerPlan, type Targets, type Volume } from './plan.ts';
import { hashSeed, Rng } from './random.ts';
import { planTargets } from './targets.ts';
import type { UserRow } from './rows.ts';

export interface PlanInput {
  program: Program;
  cal: Calendar;
  /** Distinguishes the demo's random streams from the scale generator's. */
  seedPrefix: string;
  id: number;
  name: string;
  slug: string;
  type: PartnerType;
  region: Region;
  tierIndex: number;
  parentId: number | null;
  managerId: number | null;
  /** Rows per table for a partner of average size. */
  bases: Volume;
  /** Generated partner_user colleagues besides the owner (ignored when `people` is given). */
  extraUsers: number;
  /** Hand-picked partner_user colleagues (the fixed demo partners). */
  people?: { name: string; email: string }[];
  /** Hand-picked requirement values (the fixed demo partners); planned from the program otherwise. */
  targets?: Targets;
  owner?: { name: string; email?: string };
  /** Multiplies the tier's usual size. */
  size?: number;
}

/** Hands out user ids in creation order, so ids are known before any row is written. */
export class IdCounter {
  constructor(public next: number) {}
  take(): number {
    return this.next++;
  }
}

export function makePlan(input: PlanInput, userIds: IdCounter): PartnerPlan {
  const seed = hashSeed(input.seedPrefix, input.id);
  const rng = new Rng(seed);
  const weight = tierWeight(input.tierIndex) * (input.size ?? 1) * rng.range(0.6, 1.4);
  const count = (base: number) => Math.max(0, Math.round(base * weight));
  const volume: Volume = {
    revenueLines: Math.max(3, count(input.bases.revenueLines)),
    deals: Math.max(4, count(input.bases.deals)),
    certs: count(input.bases.certs),
    leads: count(input.bases.leads),
    renewals: count(input.bases.renewals),
    mdf: input.tierIndex === 0 ? 0 : count(input.bases.mdf),
  };
  const targets = input.targets ?? planTargets(input.program, input.tierIndex, volume, rng);

  const zones = TIME_ZONES[input.region];
  const users: UserRow[] = [];
  const generated = personName(rng);
  const owner: { name: string; email?: string } = input.owner ?? { name: `${generated.first} ${generated.last}` };
  users.push({
    id: userIds.take(),
    email: owner.email ?? `owner@${input.slug}.example`,
    name: owner.name,
    role: 'partner_admin',
    partner_id: input.id,
    time_zone: rng.pick(zones),
  });
  for (const person of input.people ?? []) {
    users.push({ id: userIds.take(), email: person.email, name: person.name, role: 'partner_user', partner_id: input.id, time_zone: rng.pick(zones) });
  }
  const locals = new Set<string>(['owner']);
  for (let i = 0; i < (input.people ? 0 : input.extraUsers); i++) {
    const { first, last } = personName(rng);
    let local = `${first}.${last}`.toLowerCase();
    for (let k = 2; locals.has(local); k++) local = `${first}.${last}${k}`.toLowerCase();
    locals.add(local);
    users.push({
      id: userIds.take(),
      email: `${local}@${input.slug}.example`,
      name: `${first} ${last}`,
      role: 'partner_user',
      partner_id: input.id,
      time_zone: rng.pick(zones),
    });
  }

  const customerCount = Math.min(60, Math.max(4, Math.round(volume.revenueLines / 12)));
  const customers: string[] = [];
  const start = rng.int(0, CUSTOMER_NAMES.length - 1);
  const stride = 1 + 2 * rng.int(1, 40);
  for (let i = 0; i < customerCount; i++) customers.push(CUSTOMER_NAMES[(start + i * stride) % CUSTOMER_NAMES.length] ?? 'Walk-in Customer');

  return {
    row: {
      id: input.id,
      external_id: `${input.seedPrefix}-p-${String(input.id).padStart(6, '0')}`,
      name: input.name,
      tier: input.program.tiers[input.tierIndex]?.name ?? 'Registered',
      type: input.type,
      region: input.region,
      parent_id: input.parentId,
      channel_manager_id: input.managerId,
      joined_on: input.cal.day(rng.int(-1590, input.cal.historyStart - 1)),
    },
    slug: input.slug,
    tierIndex: input.tierIndex,
    seed,
    volume,
    targets,
    users,
    customers,
    products: rng.shuffled(PRODUCT_LINES).slice(0, rng.int(3, 6)),
    conversion: rng.range(0.12, 0.25) + 0.04 * input.tierIndex,
  };
}
