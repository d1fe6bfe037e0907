import { fail, ok, type Result } from '../errors.ts';
import { dayOf, isRealDay, MONTH_NAMES, plusDays, plusMonths, quarterOfMonth, quarterStart, ymd } from '../metrics/calendar.ts';
import { DEFAULT_DATE_WORDS, type DateWords } from '../metrics/date-words.ts';
import { quarterEnd, yearEnd } from './calendar.ts';
import { naturalDeadline } from '../metrics/natural-dates.ts';

/** A day in the future a person names as a deadline ("end of Q1", "31 March", "end of the year"). */
export interface TargetDate {
  /** The last day that counts, 'YYYY-MM-DD'. */
  day: string;
  label: string;
}

/** Further out than this, a pace says little; the answer says so instead of guessing. */
export const MAX_YEARS_AHEAD = 3;

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const Y = '((?:19|20)\\d{2})';
const QUARTER_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };

const monthNumber = (word: string): number =>
  MONTH_NAMES.findIndex((n) => n.toLowerCase().startsWith(word.slice(0, 3).toLowerCase())) + 1;

const endOfMonth = (y: number, m: number): string => plusDays(dayOf(y, m + 1), -1);

/** The first end of quarter q (of year y when given) that is not before today. */
function quarterDeadline(q: number, year: string | undefined, today: string): string {
  const end = (y: number) => plusDays(plusMonths(quarterStart(y, q), 3), -1);
  if (year) return end(Number(year));
  const { y } = ymd(today);
  return end(y) >= today ? end(y) : end(y + 1);
}

function monthDeadline(m: number, d: number | undefined, year: string | undefined, today: string): string | undefined {
  const at = (y: number) => (d === undefined ? endOfMonth(y, m) : dayOf(y, m, d));
  const real = (y: number) => d === undefined || isRealDay(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  if (year) return real(Number(year)) ? at(Number(year)) : undefined;
  const { y } = ymd(today);
  if (real(y) && at(y) >= today) return at(y);
  return real(y + 1) ? at(y + 1) : undefined;
}

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[?.!,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:by|before|until|till|for|at|on|in|to)\s+/, '')
    .replace(/^(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?/, 'end ')
    .replace(/^(?:the\s+)?(\w+)[\s-]end$/, 'end $1')
    .trim();

/**
 * A deadline phrase → the last day it names, never in the past. Quarters and months without a
 * year mean the next one that has not ended yet ("end of Q1" in November is 31 March next year).
 */
export function parseTargetDate(phrase: string, today: string, words: DateWords = DEFAULT_DATE_WORDS): Result<TargetDate> {
  const said = phrase.trim().slice(0, 60);
  const text = normalise(phrase);
  const day = resolve(text, today) ?? naturalDeadline(text, today);
  if (day === undefined) {
    return fail('bad_input', `I don't understand the date “${said}”; try 'end of Q1', '31 March' or 'end of the year'.`);
  }
  if (day < today) return fail('bad_input', `${words.day(day)} is already past; name a date from today on.`);
  if (day > plusMonths(today, 12 * MAX_YEARS_AHEAD)) {
    return fail('bad_input', `${words.day(day)} is too far ahead to project from today's pace; try a date within ${MAX_YEARS_AHEAD} years.`);
  }
  return ok({ day, label: words.day(day) });
}

function resolve(text: string, today: string): string | undefined {
  const { y, m } = ymd(today);
  let r: RegExpExecArray | null;
  if (/^(?:today|now)$/.test(text)) return today;
  if (/^(?:end\s+)?(?:this|the|current)?\s*quarter$/.test(text) || text === 'end quarter') return quarterEnd(today);
  if (/^(?:end\s+)?next\s+quarter$/.test(text)) return quarterEnd(plusMonths(quarterStart(y, quarterOfMonth(m)), 3));
  if (/^(?:end\s+)?(?:this|the|current)?\s*(?:year|fy|fiscal year|calendar year)$/.test(text) || text === 'end year') return yearEnd(today);
  if (/^(?:end\s+)?next\s+year$/.test(text)) return dayOf(y + 1, 12, 31);
  if (/^(?:end\s+)?(?:this|the|current)\s+month$/.test(text) || text === 'end month') return endOfMonth(y, m);
  if (/^(?:end\s+)?next\s+month$/.test(text)) return endOfMonth(ymd(plusMonths(dayOf(y, m), 1)).y, ymd(plusMonths(dayOf(y, m), 1)).m);
  if ((r = new RegExp(`^(?:end\\s+)?q([1-4])(?:\\s*(?:of\\s+)?(?:fy\\s*)?${Y})?$`).exec(text))) return quarterDeadline(Number(r[1]), r[2], today);
  if ((r = new RegExp(`^(?:end\\s+)?(?:fy\\s*)?${Y}\\s*-?\\s*q([1-4])$`).exec(text))) return quarterDeadline(Number(r[2]), r[1], today);
  if ((r = /^(?:end\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?((?:19|20)\d{2}))?$/.exec(text))) {
    return quarterDeadline(QUARTER_WORDS[r[1] ?? ''] ?? 1, r[2], today);
  }
  if ((r = /^(\d{4}-\d{2}-\d{2})$/.exec(text))) return isRealDay(r[1] ?? '') ? r[1] : undefined;
  if ((r = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:\\s*,?\\s*${Y})?$`).exec(text))) {
    return monthDeadline(monthNumber(r[2] ?? ''), Number(r[1]), r[3], today);
  }
  if ((r = new RegExp(`^${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*,?\\s*${Y})?$`).exec(text))) {
    return monthDeadline(monthNumber(r[1] ?? ''), Number(r[2]), r[3], today);
  }
  if ((r = new RegExp(`^(?:end\\s+)?${MONTH}(?:\\s*,?\\s*${Y})?$`).exec(text))) return monthDeadline(monthNumber(r[1] ?? ''), undefined, r[2], today);
  if ((r = new RegExp(`^(?:end\\s+)?${Y}$`).exec(text))) return dayOf(Number(r[1]), 12, 31);
  if ((r = /^(?:the\s+)?(?:next\s+)?(\d{1,3}|a|one|two|three|four|six|twelve)\s+(day|week|month)s?(?:\s+from\s+now)?$/.exec(text))) {
    const n = wordNumber(r[1] ?? '');
    const unit = r[2];
    return unit === 'month' ? plusMonths(today, n) : plusDays(today, unit === 'week' ? 7 * n : n);
  }
  return undefined;
}

function wordNumber(w: string): number {
  const words: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, six: 6, twelve: 12 };
  return words[w] ?? Number(w);
}
