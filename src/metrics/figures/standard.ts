import { parsePeriod, previousPeriod, windowPeriod } from '../period.ts';
import type { MetricDef, MetricFilters, Period } from '../types.ts';

/** A metric over a period with a question's filters: what a stored figure stands for. */
export interface FigureRequest {
  def: MetricDef;
  period: Period;
  filters: MetricFilters;
}

// The windows nearly every answer reads, measured on the bench's questions: tier requirements and
// peers over the trailing 12 months and today; "this quarter", "this year", "this month", "last
// month", "last quarter", and the stretches "this quarter" and "last month" are compared with.
// Anything else (a named month, a range, a filter) is read from the rollups and the raw rows.
const PHRASES = ['this month', 'last month', 'last quarter'] as const;
/** Of the periods above, those whose previous stretch is asked often enough to keep. */
const COMPARED = new Set(['quarter_to_date', 'last month']);

const periodsByDay = new Map<string, readonly Period[]>();

/** The standard periods of `today`, those read most first; no two alike. */
export function standardPeriods(today: string): readonly Period[] {
  const known = periodsByDay.get(today);
  if (known) return known;
  const qtd = windowPeriod('quarter_to_date', today);
  const base: Period[] = [windowPeriod('trailing_12_months', today), windowPeriod('current', today), qtd, windowPeriod('year_to_date', today)];
  const compared: Period[] = [previousPeriod(qtd)];
  for (const phrase of PHRASES) {
    const p = parsePeriod(phrase, today);
    if (!p.ok) continue;
    base.push(p.value);
    if (COMPARED.has(phrase)) compared.push(previousPeriod(p.value));
  }
  const seen = new Set<string>();
  const out = [...base, ...compared].filter((p) => {
    const k = `${p.from}|${p.to}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (periodsByDay.size > 64) periodsByDay.clear();
  periodsByDay.set(today, out);
  return out;
}

/**
 * Filters a stored figure may carry: none, or the expiring certifications' usual horizon (what
 * "expiring soon" asks). A product or status is a question's own cut, read raw. A metric the
 * horizon does not apply to computes the same SQL with it (the same key), so it is listed once.
 */
const STANDARD_FILTERS: readonly MetricFilters[] = [{}, { withinDays: 30 }];

/** A metric the horizon applies to (a stock of what ends within some days); for the others it changes nothing. */
const readsHorizon = (def: Pick<MetricDef, 'rows'>): boolean => 'endsWithinDays' in def.rows;

const isStandardFilter = (filters: MetricFilters): boolean => {
  const keys = Object.keys(filters);
  return keys.length === 0 || (keys.length === 1 && filters.withinDays === 30);
};

/**
 * A stock held on a past day (last quarter's pipeline as it stood) goes through every row ever
 * held (half a second over 5,000 partners) and is seldom asked: only stocks of today are kept.
 */
const keeps = (def: Pick<MetricDef, 'kind'>, period: Period, today: string): boolean => def.kind === 'flow' || period.to > today;

/** Whether a request is one of the standard figures: computed ahead, so worth looking up. */
export function isStandard(def: Pick<MetricDef, 'kind'>, period: Period, filters: MetricFilters, today: string): boolean {
  return isStandardFilter(filters) && keeps(def, period, today) && standardPeriods(today).some((p) => p.from === period.from && p.to === period.to);
}

/** The windows whose daily series projections step through: the tier requirements' (program.yml measures them all over 12 months). */
const SERIES_WINDOWS = ['trailing_12_months'] as const;

/** Whether a daily series is one computed ahead: a flow metric over a tier window, unfiltered. */
export function isStandardSeries(def: Pick<MetricDef, 'kind'>, period: Period, filters: MetricFilters, today: string): boolean {
  if (def.kind !== 'flow' || Object.keys(filters).length > 0) return false;
  return SERIES_WINDOWS.some((w) => {
    const p = windowPeriod(w, today);
    return p.from === period.from && p.to === period.to;
  });
}

/** Every daily series computed ahead for one day. */
export function standardSeries(metrics: readonly MetricDef[], today: string): FigureRequest[] {
  return SERIES_WINDOWS.flatMap((w) => metrics.filter((def) => def.kind === 'flow').map((def) => ({ def, period: windowPeriod(w, today), filters: {} })));
}

/** Every standard figure of these metrics for one day, the most read first (the writer drops those alike). */
export function standardRequests(metrics: readonly MetricDef[], today: string): FigureRequest[] {
  return standardPeriods(today).flatMap((period) =>
    metrics
      .filter((def) => keeps(def, period, today))
      .flatMap((def) => STANDARD_FILTERS.filter((f) => f.withinDays === undefined || readsHorizon(def)).map((filters) => ({ def, period, filters }))),
  );
}
