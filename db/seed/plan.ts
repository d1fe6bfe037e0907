import type { PartnerRow, UserRow } from './rows.ts';

// A plan is everything decided about a partner before any of its rows exist: who it is, how big
// it is and the exact values its tier requirements must come out at. Each table is then generated
// from the plan alone, so the scale generator can stream one table at a time and still land every
// partner on its planned tier.

/** How many rows of each kind a partner gets over the 18 months of history. */
export interface Volume {
  revenueLines: number;
  deals: number;
  certs: number;
  leads: number;
  renewals: number;
  mdf: number;
}

/** Requirement values over the trailing 12 months (active certifications: at today). */
export interface Targets {
  revenueCents: number;
  activeCerts: number;
  won: number;
  coSell: number;
  renewed: number;
  churned: number;
}

export interface PartnerPlan {
  row: PartnerRow;
  slug: string;
  tierIndex: number;
  seed: number;
  volume: Volume;
  targets: Targets;
  /** The partner's own users; the first is its owner (partner_admin). */
  users: UserRow[];
  customers: string[];
  products: string[];
  /** Share of leads that convert. */
  conversion: number;
}

/** Relative size of a partner by tier: bigger tiers do more of everything. */
export const TIER_WEIGHT = [0.4, 0.8, 1.5, 3] as const;

export const tierWeight = (tierIndex: number): number =>
  TIER_WEIGHT[Math.min(tierIndex, TIER_WEIGHT.length - 1)] ?? 1;
