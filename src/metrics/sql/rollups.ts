import { sql } from 'kysely';
import type { PartnerDataTable } from '../../../db/schema.ts';
import type { Condition, Part } from '../declaration.ts';
import { all, conditions, type Sql } from './conditions.ts';

// The monthly rollups (revenue_months, deal_months: kept exact by statement triggers, see the
// 2026_11_23_1700 migration) stand for the raw rows of a table by one date column. A read of whole
// months uses them whenever every column the metric's conditions and sums name is kept in the
// rollup; the days at either end of the period come from the raw rows.

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

export interface Rollup {
  table: Extract<PartnerDataTable, 'revenue_months' | 'deal_months'>;
  /** The rollup rows that stand for the source's date column (deal_months: its basis). */
  picks: readonly Condition[];
  /** How many source rows one rollup row stands for. */
  count: string;
  /** Source column summed → the rollup column holding its sums. */
  sums: Readonly<Record<string, string>>;
  /** Source columns the rollup keeps as they are, so conditions on them still apply. */
  columns: readonly string[];
}

const ROLLUPS: readonly { source: PartnerDataTable; date: string; rollup: Rollup }[] = [
  {
    source: 'revenue',
    date: 'booked_on',
    rollup: { table: 'revenue_months', picks: [], count: 'lines', sums: { amount_cents: 'amount_cents' }, columns: [] },
  },
  {
    source: 'deal_registrations',
    date: 'submitted_on',
    rollup: { table: 'deal_months', picks: [{ column: 'basis', in: ['submitted'] }], count: 'deals', sums: { amount_cents: 'amount_cents' }, columns: ['status', 'co_sell'] },
  },
  {
    source: 'deal_registrations',
    date: 'closed_on',
    rollup: { table: 'deal_months', picks: [{ column: 'basis', in: ['closed'] }], count: 'deals', sums: { amount_cents: 'amount_cents' }, columns: ['status', 'co_sell'] },
  },
];

/** The rollup that can stand for these rows and parts, if any. */
export function rollupFor(table: PartnerDataTable, date: string, where: readonly Condition[], parts: readonly Part[]): Rollup | null {
  const found = ROLLUPS.find((r) => r.source === table && r.date === date)?.rollup;
  if (!found) return null;
  const kept = (c: Condition) => found.columns.includes(c.column);
  const ok = where.every(kept) && parts.every((p) => (p.where ?? []).every(kept) && ('count' in p || p.sum in found.sums));
  return ok ? found : null;
}

/** A part aggregated over rollup rows: the counts and sums they hold, filtered like the raw rows. */
export function rollupAggregate(r: Rollup, p: Part): Sql {
  const col = 'count' in p ? r.count : (r.sums[p.sum] ?? p.sum);
  const base = sql`sum(${sql.ref(col)})`;
  return p.where?.length ? sql`coalesce(${base} filter (where ${all(conditions(p.where))}), 0)` : sql`coalesce(${base}, 0)`;
}
