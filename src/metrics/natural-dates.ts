import * as chrono from 'chrono-node';
import { isoDay } from '../clock.ts';
import { dayOf, plusDays } from './calendar.ts';

// Dates people write in words ("since March 3", "from Jan 5 to Feb 10", "next Friday", "mid
// March") through chrono-node, a maintained parser, wrapped so the answer stays in the program's
// calendar: whole days, [from, to) periods, and nothing guessed from a bare number. The program's
// own units (quarters, halves, fiscal years, trailing windows) are read by period.ts first.

export interface NaturalPeriod {
  from: string;
  /** Exclusive. */
  to: string;
  /** Whether the phrase gave a day ("March 3") or only a month ("March"). */
  precision: 'day' | 'month';
}

const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** Noon UTC on `today`: chrono reads relative dates from it, with no time-zone drift. */
const reference = (today: string): chrono.ParsingReference => ({ instant: new Date(`${today}T12:00:00Z`), timezone: 0 });

const known = (c: chrono.ParsedComponents, part: 'day' | 'month' | 'year'): boolean => c.isCertain(part);

function dayOfComponents(c: chrono.ParsedComponents, yearShift = 0): string {
  return dayOf((c.get('year') ?? 1970) + yearShift, c.get('month') ?? 1, c.get('day') ?? 1);
}

function monthStart(c: chrono.ParsedComponents, yearShift: number, monthShift = 0): string {
  return dayOf((c.get('year') ?? 1970) + yearShift, (c.get('month') ?? 1) + monthShift);
}

/**
 * A period named by dates in words: a range ("from Jan 5 to Feb 10", "between March and June"),
 * "since <date>", or a single month or day. Only when the whole phrase is that date.
 */
export function naturalPeriod(phrase: string, today: string): NaturalPeriod | undefined {
  const text = phrase.trim();
  // A period in words names a month ("since March 3", "from Jan 5 to Feb 10"); "now" or "Friday"
  // alone is a moment, not a period.
  if (!MONTH_NAME.test(text)) return undefined;
  const since = /^since\s+(.+)$/i.exec(text);
  const results = chrono.en.parse(since?.[1] ?? text, reference(today), { forwardDate: false });
  const [r] = results;
  if (!r || results.length !== 1) return undefined;
  // The date must be the whole phrase: "revenue in March" is for the period grammar's caller.
  const rest = (since?.[1] ?? text).replace(r.text, '').replace(/^(?:in|on|during|for|the|of|between|from)\s+|\s+$/gi, '').trim();
  if (rest !== '') return undefined;
  if (!known(r.start, 'month')) return undefined;
  // A date without a year looking back means the last one that has begun ("since March 3" in
  // November is this year's; "since December" is last year's).
  const startShift = !known(r.start, 'year') && dayOfComponents(r.start) > today ? -1 : 0;
  const endShift = r.end && !known(r.end, 'year') ? startShift : 0;
  const precision = known(r.start, 'day') ? 'day' : 'month';
  const from = precision === 'day' ? dayOfComponents(r.start, startShift) : monthStart(r.start, startShift);
  if (since) return { from, to: plusDays(today, 1), precision };
  if (r.end) {
    const endDay = known(r.end, 'day') ? plusDays(dayOfComponents(r.end, endShift), 1) : monthStart(r.end, endShift, 1);
    return endDay > from ? { from, to: endDay, precision } : undefined;
  }
  return precision === 'day' ? { from, to: plusDays(from, 1), precision } : { from, to: monthStart(r.start, startShift, 1), precision };
}

/**
 * The date phrases chrono-node finds in a sentence that name a month and carry a day number or a range ("Jan 5",
 * "from March to June"); a lone month or weekday word is left to the period grammar.
 */
export function naturalPhrases(text: string, today: string): { index: number; text: string }[] {
  // What is found here becomes a period only through naturalPeriod, which needs a month's name;
  // without one chrono's parse (a tenth of a short answer's CPU) could find nothing usable.
  if (!MONTH_NAME.test(text)) return [];
  return chrono.en
    .parse(text, reference(today), { forwardDate: false })
    // Numbers alone ("2025-11-02", "5/10") are too often ids and ratios: a month's name must be there.
    .filter((r) => /\p{L}{3}/u.test(r.text) && (r.end !== undefined || (/\d/.test(r.text) && r.start.isCertain('month'))))
    .map((r) => ({ index: r.index, text: r.text }));
}

/** A deadline in words ("next Friday", "mid March", "Jan 15"): the day it names, from today on. */
export function naturalDeadline(phrase: string, today: string): string | undefined {
  const said = phrase.trim().replace(/^(?:by|before|until|on)\s+/i, '');
  const results = chrono.en.parse(said, reference(today), { forwardDate: true });
  const [r] = results;
  // The date must be the whole phrase, but for a word of nuance chrono leaves out ("mid March").
  if (!r || results.length !== 1 || said.replace(r.text, '').replace(/\b(?:mid|early|late|the)\b/gi, '').trim() !== '') return undefined;
  // "mid March" names no day; a deadline needs one, so the nuance picks it: the 15th, the 10th, the last.
  const nuance = /\b(mid|early|late)\b/i.exec(said)?.[1]?.toLowerCase();
  let day: string;
  if (!known(r.start, 'day') && known(r.start, 'month') && nuance) {
    const first = monthStart(r.start, 0);
    day = nuance === 'late' ? plusDays(monthStart(r.start, 0, 1), -1) : plusDays(first, nuance === 'mid' ? 14 : 9);
  } else if (known(r.start, 'day') || r.start.isCertain('weekday')) {
    day = isoDay(r.start.date());
  } else return undefined;
  return day >= today ? day : undefined;
}
