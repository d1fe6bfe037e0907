import type { MetricDeclaration } from './declaration.ts';
import type { MetricName } from './names.ts';

/** A half-open range of calendar days [from, to), both 'YYYY-MM-DD', with how a person says it. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

export interface MetricFilters {
  /** Metrics that declare a status column (deal_registrations): only these statuses. */
  status?: readonly string[];
  /** expiring_certifications: horizon in days (default 30). */
  withinDays?: number;
  /** Metrics that declare a product column (revenue: product line; deals: product): only this one. */
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

/**
 * One day of a flow metric for one partner. Money and counts add up over days as `num`; a rate
 * is `100 · Σnum / Σden` over any stretch of days, which is why both parts are kept apart: a
 * projection or a weekly chart can then rebuild the metric over any window exactly as the catalog
 * computes it over its period.
 */
export interface FlowDay {
  day: string;
  num: number;
  /** Only for rates and means: the denominator (closed deals, leads, allocated MDF, decided renewals, rows); 0 otherwise. */
  den: number;
}

export interface PartsRow {
  partner_id: number;
  num: number;
  den: number | null;
}

/**
 * How a group's value comes out of its partners' parts: amounts summed, rows counted, the ratio of
 * two sums (100·num/den), or a mean (num/den: a column's sum over the rows, or the partners' latest
 * values over the partners that have one).
 */
export type Aggregation = 'sum' | 'count' | 'ratio' | 'average';

/** A metric's declaration (src/metrics/catalog/*, or a vendor's program file) with what follows from it. */
export interface MetricDef extends MetricDeclaration<MetricName> {
  /** `flow` metrics add up over the period; `stock` metrics are read on one day. */
  kind: 'flow' | 'stock';
  /** Summed amounts, counted rows, the ratio of two (100·num/den) or a mean (num/den). */
  aggregation: Aggregation;
  /** Declared by the vendor in its program file, over the facts table. */
  vendor: boolean;
}
