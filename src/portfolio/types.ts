import type { MetricName, Unit } from '../metrics/names.ts';
import type { CertificationRow, PartnerInfo } from '../metrics/partner-data.ts';
import type { Period } from '../metrics/types.ts';
import type { Window } from '../program/schema.ts';

// What the portfolio computations return: plain data the digest and the portfolio intent word
// in their own way. Every figure comes from the asker's scoped PartnerData.

export const PORTFOLIO_VIEWS = ['summary', 'at_risk', 'near_next_tier', 'tier_moves'] as const;
export type PortfolioView = (typeof PORTFOLIO_VIEWS)[number];

/** Narrowing of a group; tier and region compare case-insensitively with the stored names. */
export interface GroupFilters {
  /** Only partners currently on this tier. */
  tier?: string;
  /** Only partners in this region. */
  region?: string;
}

/** One requirement of a tier measured against one partner. */
export interface RequirementCheck {
  metric: MetricName;
  label: string;
  unit: Unit;
  window: Window;
  /** The minimum, or with `atMost` the maximum. */
  required: number;
  /** The requirement is a maximum: met at or under `required`, its gap the excess. */
  atMost?: boolean;
  /**
   * The value held against the minimum: today's over the requirement's window (next tier) or the
   * one projected to the review date (at risk). Null for a rate with nothing to divide by.
   */
  value: number | null;
  met: boolean;
  /** How much is missing (a null value counts as 0); 0 when met. */
  gap: number;
  /** gap ÷ required; 0 when met. */
  relativeGap: number;
}

/** A requirement of the tier a partner holds, projected to the next review at today's pace. */
export interface ProjectedCheck extends RequirementCheck {
  /** Today's value over the requirement's window, for comparison. */
  current: number | null;
}

export interface AtRiskPartner {
  partner: PartnerInfo;
  tier: string;
  /** The review the projection is made for ('YYYY-MM-DD', the last day that counts). */
  reviewDate: string;
  /** The requirements of its tier it would miss at the review, the largest relative shortfall first. */
  failing: ProjectedCheck[];
  /** The largest relative shortfall among them (0–1). */
  worst: number;
}

export interface NearNextPartner {
  partner: PartnerInfo;
  tier: string;
  nextTier: string;
  /** Every requirement of the next tier, in the program's order. */
  requirements: RequirementCheck[];
  /** The unmet ones, the largest relative gap first. */
  missing: RequirementCheck[];
  /** Sum of gap ÷ required over the missing requirements. */
  relativeGap: number;
}

export interface TierMove {
  partnerId: number;
  partner: string;
  /** The tier the partner holds now. */
  tier: string;
  /** Null when the partner's first tier was recorded. */
  from: string | null;
  to: string;
  /** 'YYYY-MM-DD' (UTC). */
  on: string;
  direction: 'up' | 'down' | 'new';
}

export interface GroupTotal {
  metric: MetricName;
  label: string;
  unit: Unit;
  /** Amounts and counts summed; a rate as the ratio of the sums (null with nothing to divide by). */
  current: number | null;
  previous: number | null;
  /** current − previous (points for a rate); null when either is null. */
  change: number | null;
}

export interface PartnerFigure {
  partner: PartnerInfo;
  value: number;
}

export interface PortfolioSummary {
  period: Period;
  previous: Period;
  partnerCount: number;
  /** Every tier of the program, lowest first, then any tier the program no longer lists. */
  tierCounts: { tier: string; partners: number }[];
  totals: GroupTotal[];
  /** The largest revenue in the period first (partners with none left out), as many as asked for. */
  topRevenue: PartnerFigure[];
  /** Tier changes within the period, oldest first. */
  tierMoves: TierMove[];
  expiringCertifications: { withinDays: number; count: number; soonest: CertificationRow[] };
}
