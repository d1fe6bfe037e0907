import type { DealStatus, PartnerType } from '../../db/schema.ts';
import type { BenchmarkRequest, PeerBenchmark } from './peers/benchmark.ts';
import type { Result } from '../errors.ts';
import type { BreakdownBy, BreakdownRow } from './breakdown.ts';
import type { FlowDay } from './flow-by-day.ts';
import type { MetricSet } from './metric-set.ts';
import type { MdfExpiring, OpenDealsTotal } from './reads/open-work.ts';
import type { PeerRank, PeerRankRequest } from './peers/peer-rank.ts';
import type { MetricName, Unit } from './names.ts';
import type { PartnerNames } from './partner-names.ts';
import type { MetricFilters, MetricParts, Period } from './types.ts';

export type { MetricParts } from './types.ts';

export interface PartnerInfo {
  id: number;
  name: string;
  tier: string;
  type: PartnerType;
  region: string;
  parentId: number | null;
  channelManager: string | null;
}

export interface DealRow {
  id: number;
  partnerId: number;
  partner: string;
  customer: string;
  product: string;
  /** Dollars. */
  amount: number;
  status: DealStatus;
  coSell: boolean;
  submittedOn: string;
  closedOn: string | null;
  expiresOn: string | null;
}

export interface CertificationRow {
  id: number;
  partnerId: number;
  partner: string;
  holder: string;
  holderEmail: string | null;
  name: string;
  earnedOn: string;
  expiresOn: string;
  /** Days from today until it expires (negative once expired). */
  daysLeft: number;
}

export interface DealQuery {
  partnerIds: readonly number[];
  statuses?: readonly DealStatus[];
  /** Case-insensitive substring of the customer name. */
  customer?: string;
  /** Registrations whose `expires_on` falls within this many days from today. */
  expiringWithinDays?: number;
  /** Only deals registered with the vendor's account team. */
  coSell?: boolean;
  /** Only deals worth at least / at most this much (the program's currency, inclusive). */
  minAmount?: number;
  maxAmount?: number;
  /** Deals registered in the period; won and lost ones (when only those are asked for) closed in it. */
  period?: Period;
  /** Biggest first, or newest first (the default). */
  orderBy?: 'amount' | 'date';
  limit?: number;
}

export interface CertificationQuery {
  partnerIds: readonly number[];
  /** Only certifications active today and expiring within this many days. */
  expiringWithinDays?: number;
  /** Case-insensitive substring of the holder's name or email. */
  holder?: string;
  /** Include expired ones (default: active only). */
  includeExpired?: boolean;
  limit?: number;
}

export interface TierChange {
  partnerId: number;
  partner: string;
  /** Null when the partner's first tier was recorded. */
  from: string | null;
  to: string;
  /** 'YYYY-MM-DD' (UTC). */
  on: string;
}

/** One metric over one period, with the question's filters: what `metricPartsMany` reads. */
export interface PartsRequest {
  metric: MetricName;
  period: Period;
  filters?: MetricFilters;
}

export interface MetricValue {
  metric: MetricName;
  label: string;
  unit: Unit;
  value: number | null;
  period: Period;
}

/**
 * Everything an intent may read, already bound to the asker's scope. Intents never see `db`:
 * every method checks the partner ids it is given against the principal (see src/access/scope.ts)
 * and throws `Forbidden` for any outside it.
 */
export interface PartnerData {
  readonly today: string;
  /** The metrics this program can name (built-in and the vendor's); every method resolves names here. */
  readonly metrics: MetricSet;
  /** Partners the asker may see, by id. */
  partner(id: number): Promise<PartnerInfo>;
  /** Partners in scope whose name matches `text` (case-insensitive, words in any order). */
  findPartners(text: string): Promise<PartnerInfo[]>;
  /** Every partner in scope (for managers and admins; for a partner, its own and its sub-partners). */
  visiblePartners(): Promise<PartnerInfo[]>;
  /** Which partner a name means, among those in scope (see partner-names.ts); kept per data version. */
  partnerNames(): Promise<PartnerNames>;
  metric(metric: MetricName, partnerId: number, period: Period, filters?: MetricFilters): Promise<MetricValue>;
  /** One value per partner, for rankings and roll-ups over partners in scope. */
  metricByPartner(
    metric: MetricName,
    partnerIds: readonly number[],
    period: Period,
    filters?: MetricFilters,
  ): Promise<Map<number, number | null>>;
  /** Per partner, the numerator and denominator behind a metric: den is null for amounts and counts (the value is num), and the count decided/allocated/due for a rate (value = 100·num/den). */
  metricParts(metric: MetricName, partnerIds: readonly number[], period: Period, filters?: MetricFilters): Promise<Map<number, MetricParts>>;
  /**
   * Several metrics' parts (each over its own period) for the same partners, in the order asked:
   * for each request what `metricParts` gives, read in one statement per table instead of one per
   * request. For figures over a group (portfolio summaries, projections, tier requirements).
   */
  metricPartsMany(requests: readonly PartsRequest[], partnerIds: readonly number[]): Promise<Map<number, MetricParts>[]>;
  /** The metric over a group of partners: amounts and counts summed, a rate as the ratio of the sums (won ÷ decided over the group), never an average of rates. Null for a rate with nothing to divide by. */
  metricTotal(metric: MetricName, partnerIds: readonly number[], period: Period, filters?: MetricFilters): Promise<number | null>;
  deals(q: DealQuery): Promise<DealRow[]>;
  certifications(q: CertificationQuery): Promise<CertificationRow[]>;
  /** Tier changes of these partners within `period`, oldest first. */
  tierChanges(partnerIds: readonly number[], period: Period): Promise<TierChange[]>;
  /** When the data was last imported or seeded (ISO timestamp). */
  asOf(): Promise<string>;
  /**
   * `compute()` kept in this process for this asker's scope until the data changes (data_version)
   * or the day turns: for figures over large groups (see remember.ts). `key` names everything else
   * the result depends on; `compute` reads through this same PartnerData.
   */
  remember<T>(key: string, compute: () => Promise<T>): Promise<T>;

  // For insights (projections, what-if, explain-change, suggestions, peer standing).

  /** A flow metric of one partner, day by day over `period` (days without data are absent). */
  flowByDay(metric: MetricName, partnerId: number, period: Period, filters?: MetricFilters): Promise<FlowDay[]>;
  /** Revenue per product line or customer; deal counts per product or customer; a vendor metric per its dimension (`product`); largest first. */
  breakdown(metric: MetricName, partnerId: number, period: Period, by: BreakdownBy): Promise<BreakdownRow[]>;
  /** Approved registrations still open and not lapsed, totalled. */
  openApprovedDeals(partnerId: number): Promise<OpenDealsTotal>;
  /** MDF with money left to claim that expires within `withinDays` from today, soonest first. */
  mdfExpiring(partnerId: number, withinDays: number): Promise<MdfExpiring[]>;
  /** How many certifications the partner earned in `period`. */
  certificationsEarned(partnerId: number, period: Period): Promise<number>;
  /** How many certifications each partner earned in `period` (0 for none), in one query. */
  certificationsEarnedByPartner(partnerIds: readonly number[], period: Period): Promise<Map<number, number>>;
  /** Anonymous peer statistics (withheld under 5 peers); see src/metrics/peers/benchmark.ts. */
  peerBenchmark(req: Omit<BenchmarkRequest, 'today'>): Promise<Result<PeerBenchmark>>;
  /** The partner's place among its peers, and the size of the field; nothing else about the peers. */
  peerRank(req: PeerRankRequest): Promise<PeerRank>;
}
