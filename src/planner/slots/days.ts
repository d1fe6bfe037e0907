import { daysFromTo, plusDays, plusMonths } from '../../metrics/calendar.ts';
import type { Token } from '../text.ts';
import { spanOfChars, type Span } from './span.ts';

export interface DaysSlot {
  days: number;
  span?: Span;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, thirty: 30, sixty: 60, ninety: 90,
};
const UNIT_DAYS: Readonly<Record<string, number>> = { d: 1, day: 1, week: 7, wk: 7, fortnight: 14, month: 30, quarter: 91, year: 365 };

const EXPIRY_CUE = /\b(expir\w*|laps\w*|run(?:s|ning)? out|renew(?!al)\w*|valid until)\b/;
// A number word ends at a word boundary ("and" is not "an d"); "d" alone follows digits only ("30d").
const N_UNITS =
  /\b(?:in|within|over|during|for)?\s*(?:the\s+)?(next|coming|upcoming|following)?\s*(\d{1,3}(?=\s*d\b)|\d{1,3}|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|thirty|sixty|ninety)\b)\s*(days?|weeks?|wks?|fortnights?|months?|(?<=\d\s*)d)\b/g;
const NEXT_UNIT = /\b(?:in|within|during|over)?\s*(?:the\s+)?(next|coming|upcoming)\s+(week|fortnight|month|quarter|year)\b/;
const THIS_UNIT =
  /\b(?:(?:by|before)\s+(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|quarter|year)|(?:by|before)\s+(?:the\s+)?(week|month|quarter|year)[\s-]end|(?:in|during)?\s*this\s+(week|month|quarter|year))\b/;
const SOON = /\b(soon|shortly|upcoming|about to|coming up|imminent\w*|nearly|almost)\b/;

/**
 * How far ahead "expiring …" looks, in days: "in the next 60 days", "within two weeks", "next
 * month", "this quarter", "soon" (30). Only when the question is about something running out,
 * and never for a look back ("last 30 days" is a period).
 */
export function findExpiryDays(text: string, tokens: readonly Token[], today: string): DaysSlot | undefined {
  const lower = text.toLowerCase();
  if (!EXPIRY_CUE.test(lower)) return undefined;
  for (const m of lower.matchAll(N_UNITS)) {
    const before = lower.slice(Math.max(0, m.index - 12), m.index);
    if (/\b(last|past|previous|prior|ago)\s*$/.test(before) || /^\s*ago\b/.test(lower.slice(m.index + m[0].length))) continue;
    const n = WORD_NUMBERS[m[2] ?? ''] ?? Number(m[2]);
    const unit = (m[3] ?? 'day').replace(/s$/, '').replace(/^wks?$/, 'wk');
    const days = n * (UNIT_DAYS[unit] ?? 1);
    if (days >= 1) return { days: Math.min(days, 366), span: spanOfChars(tokens, m.index, m.index + m[0].length) };
  }
  const next = NEXT_UNIT.exec(lower);
  if (next) return { days: UNIT_DAYS[next[2] ?? 'month'] ?? 30, span: spanOfChars(tokens, next.index, next.index + next[0].length) };
  const rest = THIS_UNIT.exec(lower);
  if (rest) {
    const unit = rest[1] ?? rest[2] ?? rest[3] ?? 'month';
    return { days: Math.max(1, daysFromTo(today, endOf(unit, today)) - 1), span: spanOfChars(tokens, rest.index, rest.index + rest[0].length) };
  }
  if (/\b(today|tomorrow)\b/.test(lower)) return { days: 1 };
  if (SOON.test(lower)) return { days: 30 };
  return undefined;
}

/** The first day after the current week, month, quarter or year. */
function endOf(unit: string, today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  if (unit === 'week') {
    const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
    return plusDays(today, 8 - (dow === 0 ? 7 : dow));
  }
  const monthStart = `${y}-${String(m).padStart(2, '0')}-01`;
  if (unit === 'month') return plusMonths(monthStart, 1);
  if (unit === 'quarter') return plusMonths(`${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, 3);
  return `${y + 1}-01-01`;
}
