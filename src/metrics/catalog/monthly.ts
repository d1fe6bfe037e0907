import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, DealStatus, PartnerDataTable } from '../../../db/schema.ts';
import type { ScopedSource } from '../../access/scope.ts';
import type { PartsRow } from '../types.ts';

// Flow metrics over revenue and deal registrations read whole calendar months from the monthly
// rollups (revenue_months, deal_months: kept exact by triggers) and only the days at either end
// of the period from the raw rows. Every part goes through the scoped source like any other read.

/** Days [from, to); `from` null means "since the beginning". */
export interface Span {
  from: string | null;
  to: string;
}

export interface MonthSplit {
  /** Read from the raw rows: the days before the first whole month and after the last. */
  raw: Span[];
  /** Whole months, first days 'YYYY-MM-01', [from, to): read from the rollup. */
  months: Span | null;
}

const firstOfMonth = (day: string): string => `${day.slice(0, 8)}01`;

function firstOfNextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${day.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`;
}

export function splitByMonth(span: Span): MonthSplit {
  const lastMonth = firstOfMonth(span.to);
  const firstMonth = span.from === null ? null : span.from === firstOfMonth(span.from) ? span.from : firstOfNextMonth(span.from);
  if (firstMonth !== null && firstMonth >= lastMonth) return { raw: [span], months: null };
  const raw: Span[] = [];
  if (span.from !== null && firstMonth !== null && span.from < firstMonth) raw.push({ from: span.from, to: firstMonth });
  if (lastMonth < span.to) raw.push({ from: lastMonth, to: span.to });
  return { raw, months: { from: firstMonth, to: lastMonth } };
}

interface NumDen {
  partner_id: number;
  num: number;
  den: number;
}

type Part = SelectQueryBuilder<Database, PartnerDataTable, NumDen>;

/** The parts in one round trip, summed per partner; `scale` turns cents into dollars where they are cents. */
async function combine(parts: readonly Part[], scale: { num: number; den: number }): Promise<PartsRow[]> {
  const [first, ...rest] = parts;
  if (!first) return [];
  const rows = await rest.reduce((q, p) => q.unionAll(p), first).execute();
  const sums = new Map<number, { num: number; den: number }>();
  for (const r of rows) {
    const s = sums.get(r.partner_id) ?? { num: 0, den: 0 };
    s.num += Number(r.num);
    s.den += Number(r.den);
    sums.set(r.partner_id, s);
  }
  return [...sums].map(([partner_id, s]) => ({ partner_id, num: s.num / scale.num, den: s.den / scale.den }));
}

/** Revenue booked in [from, to) per partner, in dollars (`num`). */
export function revenueMeasure(src: ScopedSource, span: Span): Promise<PartsRow[]> {
  const { raw, months } = splitByMonth(span);
  const parts: Part[] = raw.map((r) => {
    let q = src.from('revenue').select(['partner_id', sql<number>`sum(amount_cents)`.as('num'), sql<number>`0`.as('den')]);
    if (r.from !== null) q = q.where('booked_on', '>=', r.from);
    return q.where('booked_on', '<', r.to).groupBy('partner_id') as Part;
  });
  if (months) {
    let q = src.from('revenue_months').select(['partner_id', sql<number>`sum(amount_cents)`.as('num'), sql<number>`0`.as('den')]);
    if (months.from !== null) q = q.where('month', '>=', months.from);
    parts.push(q.where('month', '<', months.to).groupBy('partner_id') as Part);
  }
  return combine(parts, { num: 100, den: 1 });
}

export interface DealMeasure {
  /** Which day places a deal in the period. */
  basis: 'submitted' | 'closed';
  /** Only deals in these statuses (all when absent). */
  statuses?: readonly DealStatus[];
  coSellOnly?: boolean;
  /** The numerator counts deals in these statuses (all the selected ones when absent)… */
  numStatuses?: readonly DealStatus[];
  /** …or sums their amounts in cents instead of counting them. */
  numIsAmount?: boolean;
}

/**
 * Deals whose submission (or closing) day falls in the span, per partner: `num` as the measure
 * says (a count, or dollars), `den` the number of deals selected.
 */
export function dealMeasure(src: ScopedSource, span: Span, m: DealMeasure): Promise<PartsRow[]> {
  if (m.statuses && m.statuses.length === 0) return Promise.resolve([]);
  const { raw, months } = splitByMonth(span);
  const numStatuses = m.numStatuses ? [...m.numStatuses] : null;
  // A raw row is one deal; a rollup row holds `deals` of them.
  const numerator = (deals: RawBuilder<unknown>) => {
    const unit = m.numIsAmount ? sql`amount_cents` : deals;
    return numStatuses ? sql<number>`coalesce(sum(${unit}) filter (where status = any(${numStatuses}::text[])), 0)` : sql<number>`sum(${unit})`;
  };

  const parts: Part[] = raw.map((r) => {
    const q = src.from('deal_registrations').select(['partner_id', numerator(sql`1`).as('num'), sql<number>`count(*)`.as('den')]);
    return narrow(q, m.basis === 'submitted' ? 'submitted_on' : 'closed_on', r, m).groupBy('partner_id') as Part;
  });
  if (months) {
    const q = src
      .from('deal_months')
      .select(['partner_id', numerator(sql`deals`).as('num'), sql<number>`sum(deals)`.as('den')])
      .where('basis', '=', m.basis);
    parts.push(narrow(q, 'month', months, m).groupBy('partner_id') as Part);
  }
  return combine(parts, { num: m.numIsAmount ? 100 : 1, den: 1 });
}

/** The deals (or rollup rows) whose `day` falls in the span, in the measure's statuses. */
function narrow<T extends 'deal_registrations' | 'deal_months', O>(q: SelectQueryBuilder<Database, T, O>, day: string, span: Span, m: DealMeasure): SelectQueryBuilder<Database, T, O> {
  let out = q;
  if (span.from !== null) out = out.where(sql.ref(day), '>=', span.from);
  out = out.where(sql.ref(day), '<', span.to);
  if (m.statuses) out = out.where(sql.ref('status'), 'in', [...m.statuses]);
  if (m.coSellOnly) out = out.where(sql.ref('co_sell'), '=', true);
  return out;
}
