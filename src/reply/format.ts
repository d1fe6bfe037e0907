import { dateWords, type DateWords } from '../metrics/date-words.ts';
import type { Unit } from '../metrics/names.ts';
import type { Chart, Reply } from './types.ts';

// How figures read, in the vendor's currency and the reader's locale, through Intl. A Formatter is
// built per turn from the program (currency, default locale) and the asker (users.locale) and
// travels in the intent's context (ctx.format); every intent, insight, digest, portfolio answer,
// chart and adapter writes numbers and dates through one. Nothing here holds a "current locale":
// two people asking at once each get their own formatter, and answers stay reproducible whatever
// the server's own locale is.

/** What a formatter is built from: a BCP 47 locale and an ISO 4217 currency. Travels with replies and charts. */
export interface NumberStyle {
  readonly locale: string;
  readonly currency: string;
}

export const DEFAULT_STYLE: NumberStyle = { locale: 'en-US', currency: 'USD' };

export interface Formatter {
  readonly style: NumberStyle;
  /** Dates in period labels ("last week (Nov 16 – 22, 2026)"), for src/metrics/period.ts. */
  readonly dates: DateWords;
  /** "$412,300", "118.199 €": whole units unless the amount is below 10 (then its minor units). */
  money(amount: number): string;
  /** "$2.4M", "$412K", "2,4 Mio. €" for charts and tight spaces. */
  moneyShort(amount: number): string;
  /** "83%", "8,5 %": a share given 0–100; one decimal below 10. */
  percent(pct: number): string;
  /** "1,234", "1.234,5": whole numbers grouped, anything else with one decimal. */
  count(n: number): string;
  /** A metric's value in its unit; "n/a" when there is none. */
  value(value: number | null | undefined, unit: Unit): string;
  /** A value short enough for a chart label. */
  short(value: number | null | undefined, unit: Unit): string;
  /** A change with its sign: "+$1,200", "-3", "+5 pts" (percent changes are points), "+30 ppm". */
  delta(delta: number, unit: Unit): string;
  /** How far from met, as a person says it: "$80,120", "2" (counts rounded up), "5 points", "300 ppm". */
  gap(gap: number, unit: Unit): string;
  /** A day: "Dec 12, 2026" (from 'YYYY-MM-DD' or any ISO text that starts with one). */
  date(day: string): string;
  /** A half-open [from, to) period: "Jul 1 – Sep 30, 2026". */
  periodRange(from: string, toExclusive: string): string;
  /** A moment in UTC: "Nov 23, 2026, 09:05 UTC". */
  dateTime(iso: string): string;
  /** "1 certification", "3 certifications" (the number in the locale's grouping). */
  plural(n: number, one: string, many?: string): string;
}

const tidy = (s: string): string => s.replace(/\u2009/g, ' ');

// signDisplay 'negative' (Node 20+; not yet in TypeScript's lib): a figure that rounds to zero never reads "-0" or "-$0".
const NEGATIVE_ONLY = { signDisplay: 'negative' } as unknown as Intl.NumberFormatOptions;

function build(style: NumberStyle): Formatter {
  const { locale, currency } = style;
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, { ...NEGATIVE_ONLY, ...o });
  const byDecimals = new Map<number, Intl.NumberFormat>();
  const grouped = (n: number, decimals = 0): string => {
    let f = byDecimals.get(decimals);
    if (!f) byDecimals.set(decimals, (f = nf({ minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
    return f.format(n);
  };
  const upToOne = nf({ maximumFractionDigits: 1 });
  const minor = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const moneyWhole = nf({ style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const moneyMinor = nf({ style: 'currency', currency, minimumFractionDigits: minor, maximumFractionDigits: minor });
  const compactOne = nf({ style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  const compactWhole = nf({ style: 'currency', currency, notation: 'compact', maximumFractionDigits: 0 });
  const pctWhole = nf({ style: 'percent', maximumFractionDigits: 0 });
  const pctOne = nf({ style: 'percent', maximumFractionDigits: 1 });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  const dates = dateWords(locale);

  const money = (amount: number): string => {
    const abs = Math.abs(amount);
    return abs < 10 && !Number.isInteger(abs) ? moneyMinor.format(amount) : moneyWhole.format(amount);
  };
  const count = (n: number): string => (Number.isInteger(n) ? grouped(n) : grouped(n, 1));
  const percent = (pct: number): string => (Math.abs(pct) < 10 ? pctOne : pctWhole).format(pct / 100);
  /** One decimal below 10, whole above: "3.5", "12". */
  const decimals = (n: number): string => (Math.abs(n) < 10 ? upToOne.format(n) : grouped(Math.round(n)));
  const value = (v: number | null | undefined, unit: Unit): string => {
    if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
    switch (unit) {
      case 'currency':
        return money(v);
      case 'percent':
        return percent(v);
      case 'count':
        return count(v);
      default:
        // A vendor's unit: the number, then the unit ("480 ppm").
        return `${Number.isInteger(v) ? grouped(v) : upToOne.format(v)} ${unit}`;
    }
  };
  const f: Formatter = {
    style: { locale, currency },
    dates,
    money,
    moneyShort: (amount) => {
      const abs = Math.abs(amount);
      if (abs >= 1_000_000) return compactOne.format(amount);
      if (abs >= 10_000) return compactWhole.format(amount);
      return money(amount);
    },
    percent,
    count,
    value,
    short: (v, unit) => {
      if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
      return unit === 'currency' ? f.moneyShort(v) : value(v, unit);
    },
    delta: (d, unit) => {
      const plus = d > 0 ? '+' : '';
      if (unit === 'percent') return `${plus}${decimals(d)} pts`;
      return `${plus}${value(d, unit)}`;
    },
    gap: (gap, unit) => {
      switch (unit) {
        case 'currency':
          return money(gap);
        case 'count':
          return count(Math.ceil(gap - 1e-9));
        case 'percent': {
          const pts = gap < 10 ? Number(gap.toFixed(1)) : Math.round(gap);
          return `${decimals(pts)} ${pts === 1 ? 'point' : 'points'}`;
        }
        default:
          return value(gap, unit);
      }
    },
    date: (day) => (/^\d{4}-\d{2}-\d{2}/.test(day) ? dates.day(day.slice(0, 10)) : day),
    periodRange: (from, toExclusive) => dates.range(from, toExclusive),
    dateTime: (iso) => {
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return `${dates.day(d.toISOString().slice(0, 10))}, ${tidy(time.format(d))} UTC`;
    },
    plural: (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`,
  };
  return f;
}

// One formatter per locale and currency, built on first use (Intl formatters are costly to make).
// They are immutable; the map only saves rebuilding them.
const built = new Map<string, Formatter>();

/** The formatter for a locale and currency; an unknown locale falls back to Intl's default for it. */
export function formatterFor(style: NumberStyle): Formatter {
  const key = `${style.locale}|${style.currency}`;
  let f = built.get(key);
  if (!f) {
    f = build(style);
    built.set(key, f);
  }
  return f;
}

/** The style for one reader: their own locale if they set one, else the program's; the program's currency. */
export function styleFor(program: { currency: string; locale?: string | undefined }, userLocale?: string | null): NumberStyle {
  return { locale: userLocale?.trim() || program.locale || DEFAULT_STYLE.locale, currency: program.currency };
}

/** The formatter for one reader of one program. */
export const formatterForReader = (program: { currency: string; locale?: string | undefined }, userLocale?: string | null): Formatter =>
  formatterFor(styleFor(program, userLocale));

/** en-US and US dollars: for text with no reader (logs, the CLI's own messages) and older payloads. */
export const DEFAULT_FORMAT: Formatter = formatterFor(DEFAULT_STYLE);

/** A reply's formatter: the style it was written in, else the default. */
export const replyFormat = (reply: Pick<Reply, 'format'>): Formatter => (reply.format ? formatterFor(reply.format) : DEFAULT_FORMAT);

/** A chart's formatter: the style it was drawn for, else the default. */
export const chartFormat = (chart: Pick<Chart, 'format'>): Formatter => (chart.format ? formatterFor(chart.format) : DEFAULT_FORMAT);

/**
 * The reply marked with the style it was written in, and each of its charts: adapters render the
 * parts they format themselves (requirement rows, "data as of", chart axes) the same way.
 */
export function withStyle(reply: Reply, style: NumberStyle): Reply {
  return { ...reply, format: reply.format ?? style, charts: reply.charts.map((c) => (c.format ? c : { ...c, format: style })) };
}

/** A requirement's figures: "$420,000 of $500,000", or for a maximum "800 ppm (at most 500 ppm)". */
export function againstRequired(r: { current: number; required: number; unit: Unit; atMost?: boolean | undefined }, f: Formatter): string {
  return r.atMost ? `${f.value(r.current, r.unit)} (at most ${f.value(r.required, r.unit)})` : `${f.value(r.current, r.unit)} of ${f.value(r.required, r.unit)}`;
}

/** How far from met, with its direction: "$80,120 to go" below a minimum, "300 ppm over" above a maximum. */
export function gapToGo(r: { gap: number; unit: Unit; atMost?: boolean | undefined }, f: Formatter): string {
  const gap = f.delta(r.gap, r.unit).replace(/^\+/, '');
  return r.atMost ? `${gap} over` : `${gap} to go`;
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
