import type { ScopedSource } from '../access/scope.ts';
import type { StoredFigures } from './figures/read.ts';
import { emptyParts, isQuotient, valueOfParts } from './parts.ts';
import { planOf } from './plan-of.ts';
import { runPlans } from './sql/parts-batch.ts';
import { runPlan, type PartsPlan } from './sql/read-parts.ts';
import type { MetricDef, MetricFilters, MetricParts, PartsRow, Period } from './types.ts';

/** One metric over one period, as `measurePartsMany` takes it. */
export interface MeasureRequest {
  def: MetricDef;
  period: Period;
  filters: MetricFilters;
}

/** Every partner of the source with its parts; those without rows get the empty parts. */
function byPartner(src: ScopedSource, def: MetricDef, rows: readonly PartsRow[]): Map<number, MetricParts> {
  const quotient = isQuotient(def);
  const found = new Map(rows.map((r) => [r.partner_id, { num: r.num, den: quotient ? (r.den ?? 0) : null }]));
  return new Map(src.partnerIds.map((id) => [id, found.get(id) ?? emptyParts(def)]));
}

/**
 * One metric's parts for every partner of a scoped source, in one query, as its declaration says:
 * a standard figure from the sets computed ahead when they are current (`stored`), else from the
 * rows. Partners without rows get the empty parts (nothing counted; for a rate, nothing to divide by).
 */
export async function measureParts(
  src: ScopedSource,
  def: MetricDef,
  period: Period,
  filters: MetricFilters,
  today: string,
  stored?: StoredFigures,
): Promise<Map<number, MetricParts>> {
  if (src.partnerIds.length === 0) return new Map();
  const kept = await stored?.parts(src, { def, period, filters });
  if (kept) return kept;
  return byPartner(src, def, await runPlan(planOf(src, def, period, filters, today)));
}

/**
 * Above this many partners each read is big enough that running them side by side, one statement
 * each, on both cores beats saving round trips: a vendor admin's summary over 5,000 partners took
 * about 1.7× as long as one union per table (2 cores, under load). Below it (a channel manager's
 * 50) the round trips are most of the cost.
 */
const BATCH_MAX_PARTNERS = 1000;

/**
 * Several metrics' parts (each over its own period, with its own filters) for every partner of a
 * scoped source, in one statement per table read (sql/parts-batch.ts), or over a large group one
 * statement per request, side by side: the same figures as `measureParts` one request at a time,
 * in the order asked. A request asked twice is read once.
 */
export async function measurePartsMany(
  src: ScopedSource,
  requests: readonly MeasureRequest[],
  today: string,
  stored?: StoredFigures,
): Promise<Map<number, MetricParts>[]> {
  if (src.partnerIds.length === 0) return requests.map(() => new Map());
  // Standard figures computed ahead come in one statement; only the rest are read from the rows.
  const kept = stored ? await Promise.all(requests.map((r) => stored.parts(src, r))) : requests.map(() => null);
  const left = requests.flatMap((r, i) => (kept[i] ? [] : [{ r, i }]));
  const read = left.length > 0 ? await readMany(src, left.map((l) => l.r), today) : [];
  const out = kept.slice();
  left.forEach((l, j) => (out[l.i] = read[j] ?? null));
  return out.map((m) => m ?? new Map());
}

async function readMany(src: ScopedSource, requests: readonly MeasureRequest[], today: string): Promise<Map<number, MetricParts>[]> {
  const keys = requests.map((r) => `${r.def.name}|${r.period.from}|${r.period.to}|${JSON.stringify(r.filters)}`);
  const first = new Map<string, number>();
  const plans: PartsPlan[] = [];
  const planAt = requests.map((r, i) => {
    const key = keys[i] ?? '';
    let at = first.get(key);
    if (at === undefined) {
      at = plans.push(planOf(src, r.def, r.period, r.filters, today)) - 1;
      first.set(key, at);
    }
    return at;
  });
  const rows = src.partnerIds.length > BATCH_MAX_PARTNERS ? await Promise.all(plans.map(runPlan)) : await runPlans(plans);
  return requests.map((r, i) => byPartner(src, r.def, rows[planAt[i] ?? -1] ?? []));
}

/**
 * One metric for every partner of a scoped source, in one query: 0 for counts and money without
 * rows, null for a rate with nothing to divide by.
 */
export async function measure(
  src: ScopedSource,
  def: MetricDef,
  period: Period,
  filters: MetricFilters,
  today: string,
  stored?: StoredFigures,
): Promise<Map<number, number | null>> {
  const parts = await measureParts(src, def, period, filters, today, stored);
  return new Map([...parts].map(([id, p]) => [id, valueOfParts(def, p)]));
}
