// How days, ranges of days and months read in a locale, through Intl: "Dec 12, 2026" and "Nov
// 16 – 22, 2026" in en-US, "12. Dez. 2026" and "16.–22. Nov. 2026" in de-DE. One style per locale
// everywhere: period labels (src/metrics/period.ts) and the reply formatter (src/reply/format.ts)
// both use these. Days are 'YYYY-MM-DD' calendar days, formatted in UTC so none shifts.

export interface DateWords {
  readonly locale: string;
  /** One day: 'Dec 12, 2026'. */
  day(day: string): string;
  /** One day without its year, for a run of weeks on a chart: 'Dec 12'. */
  dayMonth(day: string): string;
  /** The days [from, toExclusive): 'Nov 16 – 22, 2026', or one day when that is all it holds. */
  range(from: string, toExclusive: string): string;
  /** A month: 'November 2026'. */
  month(y: number, m: number): string;
}

const DAY_MS = 86_400_000;
const utc = (day: string): Date => new Date(`${day.slice(0, 10)}T00:00:00Z`);

// Intl puts thin spaces around a range's dash in some locales; plain text reads the same with
// ordinary ones, and they survive every chat client and terminal.
const tidy = (s: string): string => s.replace(/\u2009/g, ' ');

function build(locale: string): DateWords {
  const dayFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dayMonthFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const words: DateWords = {
    locale,
    day: kept((day) => {
      const d = utc(day);
      return Number.isNaN(d.getTime()) ? day : tidy(dayFormat.format(d));
    }),
    dayMonth: kept((day) => {
      const d = utc(day);
      return Number.isNaN(d.getTime()) ? day : tidy(dayMonthFormat.format(d));
    }),
    range: kept((from, toExclusive) => {
      const a = utc(from);
      const b = new Date(utc(toExclusive).getTime() - DAY_MS);
      if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${from} – ${toExclusive}`;
      return b.getTime() <= a.getTime() ? words.day(from) : tidy(dayFormat.formatRange(a, b));
    }),
    month: (y, m) => tidy(monthFormat.format(new Date(Date.UTC(y, m - 1, 1)))),
  };
  return words;
}

/**
 * A formatting function that remembers what it wrote: every answer labels the same few hundred
 * days and periods, and an Intl call costs far more than a look-up. Bounded; cleared when full.
 */
function kept<A extends string[]>(format: (...days: A) => string): (...days: A) => string {
  const seen = new Map<string, string>();
  return (...days) => {
    const key = days.join('|');
    let out = seen.get(key);
    if (out === undefined) {
      out = format(...days);
      if (seen.size >= 5_000) seen.clear();
      seen.set(key, out);
    }
    return out;
  };
}

// Built once per locale (Intl formatters are costly to make); immutable, so shared freely.
const known = new Map<string, DateWords>();

export function dateWords(locale: string): DateWords {
  let w = known.get(locale);
  if (!w) {
    w = build(locale);
    known.set(locale, w);
  }
  return w;
}

/** The default when no locale is given (program.yml `locale:` defaults to en-US too). */
export const DEFAULT_DATE_WORDS: DateWords = dateWords('en-US');
