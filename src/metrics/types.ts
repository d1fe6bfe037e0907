import type { ScopedSource } from '../access/scope.ts';
import type { MetricName, Unit } from './names.ts';

/** A half-open range of calendar days [from, to), both 'YYYY-MM-DD', with how a person says it. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

export interface MetricFilters {
  /** deal_registrations: only these statuses. */
  status?: readonly string[];
  /** expiring_certifications: horizon in days (default 30). */
  withinDays?: number;
  /** revenue, deal_registrations: only this product line / product. */
  product?: string;
}

/**
 * What a metric is made of for one partner (or a group): `den` is null for amounts and counts (the
 * value is `num`), and the count decided / amount allocated / number due for a rate (value =
 * 100·num/den). Parts add up over partners and over days; values do not.
 */
export interface MetricParts {
  num: number;
  den: number | null;
}

export interface PartsRow {
  partner_id: number;
  num: number;
  den: number | null;
}

/** How a metric's value comes out of its rows. */
export type Aggregation = 'sum' | 'count' | 'ratio';

/**
 * A metric is data: its name, unit and meaning, and one query. `flow` metrics add up over the
 * period; `stock` metrics are read as of the period's last day (or today if sooner).
 */
export interface MetricDef {
  name: MetricName;
  label: string;
  unit: Unit;
  kind: 'flow' | 'stock';
  /** sum of amounts, count of rows, or the ratio of two (100·num/den). */
  aggregation: Aggregation;
  description: string;
  /** Words people use for it: "sales", "bookings", … */
  synonyms: readonly string[];
  /** Whether more is better (win rate) or worse (expiring certifications); drives wording. */
  higherIsBetter: boolean;
  /** One row of parts per partner in `src.partnerIds` that has data, in one query. */
  parts: (src: ScopedSource, period: Period, filters: MetricFilters, today: string) => Promise<PartsRow[]>;
}
