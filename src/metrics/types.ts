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

export interface MetricRow {
  partner_id: number;
  value: number | null;
}

/**
 * A metric is data: its name, unit and meaning, and one query. `flow` metrics add up over the
 * period; `stock` metrics are read as of the period's last day (or today if sooner).
 */
export interface MetricDef {
  name: MetricName;
  label: string;
  unit: Unit;
  kind: 'flow' | 'stock';
  description: string;
  /** Words people use for it: "sales", "bookings", … */
  synonyms: readonly string[];
  /** Whether more is better (win rate) or worse (expiring certifications); drives wording. */
  higherIsBetter: boolean;
  /** One value per partner in `src.partnerIds` that has data; missing partners count as 0 or null. */
  query: (src: ScopedSource, period: Period, filters: MetricFilters, today: string) => Promise<MetricRow[]>;
}
