import type { DealStatus, PartnerType, Role } from '../schema.ts';
import type { Region } from './names.ts';

// Rows as the generators produce them: every column spelled out (no optional fields), so the same
// objects feed Kysely inserts (demo) and COPY lines (scale).

export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  partner_id: number | null;
  time_zone: string;
}

export interface PartnerRow {
  id: number;
  external_id: string;
  name: string;
  tier: string;
  type: PartnerType;
  region: Region;
  parent_id: number | null;
  channel_manager_id: number | null;
  joined_on: string;
}

export interface DealRow {
  partner_id: number;
  customer: string;
  product: string;
  amount_cents: number;
  status: DealStatus;
  co_sell: boolean;
  submitted_on: string;
  decided_on: string | null;
  closed_on: string | null;
  expires_on: string | null;
}

export interface RevenueRow {
  partner_id: number;
  product_line: string;
  customer: string;
  amount_cents: number;
  booked_on: string;
}

export interface LeadRow {
  partner_id: number;
  source: string;
  created_on: string;
  converted_on: string | null;
}

export interface CertificationRow {
  partner_id: number;
  holder_user_id: number | null;
  holder_name: string;
  holder_email: string | null;
  name: string;
  earned_on: string;
  expires_on: string;
}

export interface MdfRow {
  partner_id: number;
  allocated_cents: number;
  claimed_cents: number;
  approved_cents: number;
  allocated_on: string;
  expires_on: string;
}

export interface IncentiveRow {
  partner_id: number;
  kind: 'rebate' | 'commission' | 'spiff' | 'payout';
  period_start: string;
  period_end: string;
  amount_cents: number;
  status: 'pending' | 'approved' | 'paid' | 'rejected';
  paid_on: string | null;
}

export interface RenewalRow {
  partner_id: number;
  customer: string;
  amount_cents: number;
  due_on: string;
  status: 'pending' | 'renewed' | 'churned';
  renewed_on: string | null;
}

/** One partner's activity, table by table. */
export interface Bundle {
  deal_registrations: DealRow[];
  revenue: RevenueRow[];
  leads: LeadRow[];
  certifications: CertificationRow[];
  mdf: MdfRow[];
  incentives: IncentiveRow[];
  renewals: RenewalRow[];
}

export const BUNDLE_TABLES = [
  'deal_registrations',
  'revenue',
  'leads',
  'certifications',
  'mdf',
  'incentives',
  'renewals',
] as const satisfies readonly (keyof Bundle)[];

export type BundleTable = (typeof BUNDLE_TABLES)[number];

export const emptyBundle = (): Bundle => ({
  deal_registrations: [],
  revenue: [],
  leads: [],
  certifications: [],
  mdf: [],
  incentives: [],
  renewals: [],
});
