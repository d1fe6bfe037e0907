import type { Unit } from '../metrics/names.ts';

// One place decides how figures read, so every adapter and intent says "$412,300" the same way.
// Fixed to en-US grouping: answers must be reproducible whatever the server's locale is.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// toLocaleString builds a formatter on every call; one per number of decimals is kept instead.
const formatters = new Map<number, Intl.NumberFormat>();
const grouped = (n: number, decimals = 0): string => {
  let f = formatters.get(decimals);
  if (!f) formatters.set(decimals, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f.format(n);
};

const sign = (n: number): string => (n < 0 ? '-' : '');

/** "$412,300"; whole dollars unless the amount is below $10 (then cents). */
export function formatMoney(dollars: number): string {
  const abs = Math.abs(dollars);
  const rounded = abs < 10 && !Number.isInteger(abs) ? grouped(abs, 2) : grouped(Math.round(abs));
  return `${sign(Math.round(dollars * 100))}$${rounded}`;
}

/** "$2.4M", "$412K" for charts and tight spaces. */
export function formatMoneyShort(dollars: number): string {
  const abs = Math.abs(dollars);
  const s = sign(dollars);
  if (abs >= 1_000_000) return `${s}$${trimZero((abs / 1_000_000).toFixed(1))}M`;
  if (abs >= 10_000) return `${s}$${Math.round(abs / 1000)}K`;
  return formatMoney(dollars);
}

/** "83%"; one decimal below 10% so small rates do not all read "0%" or "1%". */
export function formatPercent(pct: number): string {
  const abs = Math.abs(pct);
  const body = abs < 10 ? trimZero(abs.toFixed(1)) : grouped(Math.round(abs));
  return `${pct < 0 && body !== '0' ? '-' : ''}${body}%`;
}

/** "1,234"; counts are whole, anything else keeps one decimal. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? grouped(n) : grouped(n, 1);
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  switch (unit) {
    case 'currency':
      return formatMoney(value);
    case 'percent':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
  }
}

/** A gap or change with its sign: "+$1,200", "-3", "+5 pts" (percent changes are points). */
export function formatDelta(delta: number, unit: Unit): string {
  const plus = delta > 0 ? '+' : '';
  if (unit === 'percent') {
    const pts = Math.abs(delta) < 10 ? trimZero(delta.toFixed(1)) : String(Math.round(delta));
    return `${plus}${pts} pts`;
  }
  return `${plus}${formatValue(delta, unit)}`;
}

/** "12 Dec 2026" from 'YYYY-MM-DD' (or anything ISO that starts with one). */
export function formatDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : day;
}

/** A half-open [from, to) period as a person reads it: "1 Jul 2026 – 30 Sep 2026". */
export function formatPeriodRange(from: string, toExclusive: string): string {
  const last = new Date(`${toExclusive}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const lastDay = last.toISOString().slice(0, 10);
  return lastDay === from ? formatDate(from) : `${formatDate(from)} – ${formatDate(lastDay)}`;
}

/** "1 certification", "3 certifications". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Relative change in percent, or null when the base is zero (no meaningful ratio). */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}
