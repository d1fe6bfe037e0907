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

/** Noon UTC on `today`: chrono reads relative dates from it, with no time-zone drift. */
const reference = (today: string): chrono.ParsingReference => ({ instant: new Date(`${today}T12:00:00Z`), timezone: 0 });

const known = (c: chrono.ParsedComponents, part: 'day' | 'month' | 'year'): boolean => c.isCertain(part);

function dayOfComponents(c: chrono.ParsedComponents): string {
  const y = c.get('year') ?? 1970;
  const m = c.get('month') ?? 1;
  const d = c.get('day') ?? 1;
  return dayOf(y, m, d);
}

/**
 * A period named by dates in words: a range ("from Jan 5 to Feb 10", "between March and June"),
 * "since <date>", or a single month or day. Only when the whole phrase is that date.
 */
export function naturalPeriod(phrase: string, today: string): NaturalPeriod | undefined {
  const text = phrase.trim();
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
  if (!known(r.start, 'year') && dayOfComponents(r.start) > today) {
    r.start.assign('year', (r.start.get('year') ?? 1970) - 1);
    if (r.end && !known(r.end, 'year')) r.end.assign('year', (r.end.get('year') ?? 1970) - 1);
  }
  const precision = known(r.start, 'day') ? 'day' : 'month';
  const from = precision === 'day' ? dayOfComponents(r.start) : dayOf(r.start.get('year') ?? 1970, r.start.get('month') ?? 1);
  if (since) return { from, to: plusDays(today, 1), precision };
  if (r.end) {
    const endDay = known(r.end, 'day') ? plusDays(dayOfComponents(r.end), 1) : dayOf(r.end.get('year') ?? 1970, (r.end.get('month') ?? 1) + 1);
    return endDay > from ? { from, to: endDay, precision } : undefined;
  }
  return precision === 'day' ? { from, to: plusDays(from, 1), precision } : { from, to: dayOf(r.start.get('year') ?? 1970, (r.start.get('month') ?? 1) + 1), precision };
}

/** A deadline in words ("next Friday", "mid March", "Jan 15"): the day it names, from today on. */
export function naturalDeadline(phrase: string, today: string): string | undefined {
  const said = phrase.trim().replace(/^(?:by|before|until|on)\s+/i, '');
  const results = chrono.en.parse(said, reference(today), { forwardDate: true });
  const [r] = results;
  // The date must be the whole phrase, but for a word of nuance chrono leaves out ("mid March").
  if (!r || results.length !== 1 || said.replace(r.text, '').replace(/\b(?:mid|early|late|the)\b/gi, '').trim() !== '') return undefined;
  if (!known(r.start, 'day') && !r.start.isCertain('weekday')) return undefined;
  const day = isoDay(r.start.date());
  return day >= today ? day : undefined;
}
