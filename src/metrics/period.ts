import { fail, ok, type Result } from '../errors.ts';
import {
  dayLabel,
  dayOf,
  isRealDay,
  MONTH_NAMES,
  mondayOf,
  monthLabel,
  plusDays,
  plusMonths,
  quarterOfMonth,
  quarterStart,
  rangeLabel,
  ymd,
} from './calendar.ts';
import { DEFAULT_DATE_WORDS, type DateWords } from './date-words.ts';
import { naturalPeriod, naturalPhrases } from './natural-dates.ts';
import { windowPeriod } from './period-ranges.ts';
import type { Period } from './types.ts';

export { previousPeriod, windowBounds, windowPeriod, calendarLabel } from './period-ranges.ts';

/** Phrases the help text offers; every one parses. */
export const PERIOD_EXAMPLES = [
  'this week',
  'last week',
  'this month',
  'last month',
  'this quarter',
  'last quarter',
  'this year',
  'last year',
  'year to date',
  'last 12 months',
  'last 30 days',
  'Q3',
  'Q3 2026',
  'since March',
  'in October',
  'October 2025',
  '2025',
  '2026-01-01 to 2026-03-31',
] as const;

/** `said` is the phrase as the person wrote it, for messages; `w` writes the dates in labels (the asker's locale). */
type Build = (m: RegExpExecArray, today: string, said: string, w: DateWords) => Result<Period>;

/**
 * One way of naming a period: `parse` is matched against a whole phrase, `text` (when it differs)
 * against a free sentence, where bare words like "may" or "2025" need more care. Both regexes
 * have the same capture groups, so one `build` serves both.
 */
interface Grammar {
  parse: string;
  text?: string;
  build: Build;
}

const Y = '((?:19|20)\\d{2})';
const DAY = '(\\d{4}-\\d{2}-\\d{2})';
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
// In a sentence "may" is usually a verb and "mar"/"jun" rarely months: bare, only full names count;
// short names and "may" need a preposition in front ("in May").
const MONTH_IN_TEXT =
  '(january|february|march|april|june|july|august|september|october|november|december|(?<=\\b(?:in|during|for|of|since)\\s+)(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec))';
const COUNT_WORDS = '(?:a\\s+)?couple(?:\\s+of)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const countOf = (word: string): number => (/couple/.test(word) ? 2 : COUNTS[word] ?? Number(word));
const QUARTER_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };

const future = (phrase: string): Result<Period> =>
  fail('bad_input', `"${phrase}" is still in the future; I only have data up to today.`);

/** A calendar stretch cut at tomorrow when it is still running ("Q4 2026 to date"). */
function upToToday(phrase: string, from: string, to: string, label: string, today: string): Result<Period> {
  if (from > today) return future(phrase);
  const end = plusDays(today, 1);
  return to > end ? ok({ from, to: end, label: `${label} to date` }) : ok({ from, to, label });
}

const monthNumber = (word: string): number =>
  MONTH_NAMES.findIndex((n) => n.toLowerCase().startsWith(word.slice(0, 3).toLowerCase())) + 1;

/** The latest start of month `m` (or quarter starting in month `m`) that is not after today. */
function latestYear(m: number, today: string): number {
  const { y } = ymd(today);
  return dayOf(y, m) <= today ? y : y - 1;
}

function quarter(phrase: string, q: number, year: string | undefined, today: string): Result<Period> {
  const y = year ? Number(year) : latestYear((q - 1) * 3 + 1, today);
  const from = quarterStart(y, q);
  return upToToday(phrase, from, plusMonths(from, 3), `Q${q} ${y}`, today);
}

function month(phrase: string, word: string, year: string | undefined, today: string, w: DateWords): Result<Period> {
  const m = monthNumber(word);
  const y = year ? Number(year) : latestYear(m, today);
  const from = dayOf(y, m);
  return upToToday(phrase, from, plusMonths(from, 1), monthLabel(y, m, w), today);
}

function since(phrase: string, from: string, label: string, today: string): Result<Period> {
  if (from > today) return future(phrase);
  return ok({ from, to: plusDays(today, 1), label });
}

function relative(which: string, unit: string, today: string, w: DateWords): Period {
  const last = which === 'last' || which === 'previous' || which === 'prior';
  const end = plusDays(today, 1);
  const { y, m } = ymd(today);
  const q = quarterOfMonth(m);
  switch (unit) {
    case 'week': {
      const monday = mondayOf(today);
      if (!last) return { from: monday, to: end, label: 'this week' };
      const from = plusDays(monday, -7);
      return { from, to: monday, label: `last week (${rangeLabel(from, monday, w)})` };
    }
    case 'month': {
      const start = dayOf(y, m);
      if (!last) return { from: start, to: end, label: `this month (${monthLabel(y, m, w)})` };
      const p = ymd(plusMonths(start, -1));
      return { from: plusMonths(start, -1), to: start, label: `last month (${monthLabel(p.y, p.m, w)})` };
    }
    case 'quarter': {
      const start = quarterStart(y, q);
      if (!last) return { from: start, to: end, label: `this quarter (Q${q} ${y})` };
      const from = plusMonths(start, -3);
      const p = ymd(from);
      return { from, to: start, label: `last quarter (Q${quarterOfMonth(p.m)} ${p.y})` };
    }
    default: {
      if (!last) return { from: dayOf(y, 1), to: end, label: `this year (${y})` };
      return { from: dayOf(y - 1, 1), to: dayOf(y, 1), label: `last year (${y - 1})` };
    }
  }
}

function toDate(unit: string, today: string, w: DateWords): Period {
  const u = unit.startsWith('y') ? 'year' : unit.startsWith('q') ? 'quarter' : unit.startsWith('m') ? 'month' : 'week';
  return { ...relative('this', u, today, w), label: `${u} to date` };
}

function lastN(phrase: string, n: number, unit: string, today: string): Result<Period> {
  if (n < 1) return fail('bad_input', `"${phrase}" is an empty period; try 'last 30 days'.`);
  const end = plusDays(today, 1);
  const u = unit.replace(/s$/, '');
  const months = u === 'month' ? n : u === 'quarter' ? 3 * n : u === 'year' ? 12 * n : 0;
  const from = months > 0 ? plusMonths(end, -months) : plusDays(end, -(u === 'week' ? 7 * n : n));
  return ok({ from, to: end, label: n === 1 ? `the last ${u}` : `the last ${n} ${u}s` });
}

/** January–June or July–December; without a year, the latest one that has started. */
function half(phrase: string, h: 1 | 2, year: string | undefined, which: string | undefined, today: string): Result<Period> {
  const { y, m } = ymd(today);
  const startMonth = h === 1 ? 1 : 7;
  const yy = year ? Number(year) : which === 'last' ? y - 1 : which === 'this' ? y : m >= startMonth ? y : y - 1;
  const from = dayOf(yy, startMonth);
  return upToToday(phrase, from, plusMonths(from, 6), `${h === 1 ? 'first' : 'second'} half of ${yy}`, today);
}

const g = (m: RegExpExecArray, i: number): string => m[i] ?? '';

const GRAMMARS: readonly Grammar[] = [
  {
    parse: `(?:from\\s+|between\\s+)?${DAY}\\s*(?:to|through|thru|until|till|and|-|–|—|\\.\\.)\\s*${DAY}`,
    build: (m, today, said, w) => {
      const [a, b] = [g(m, 1), g(m, 2)];
      if (!isRealDay(a) || !isRealDay(b) || b < a) {
        return fail('bad_input', `"${said}" is not a range of real days; write it like 2026-01-01 to 2026-03-31.`);
      }
      const to = plusDays(b, 1);
      const r = upToToday(said, a, to, rangeLabel(a, to, w), today);
      return r.ok ? ok({ ...r.value, label: rangeLabel(r.value.from, r.value.to, w) }) : r;
    },
  },
  {
    parse: `since\\s+${DAY}`,
    build: (m, today, said, w) =>
      isRealDay(g(m, 1))
        ? since(said, g(m, 1), `since ${dayLabel(g(m, 1), w)}`, today)
        : fail('bad_input', `"${g(m, 1)}" is not a real day.`),
  },
  {
    parse: '(today|yesterday)',
    build: (m, today) =>
      g(m, 1) === 'today'
        ? ok({ from: today, to: plusDays(today, 1), label: 'today' })
        : ok({ from: plusDays(today, -1), to: today, label: 'yesterday' }),
  },
  {
    parse: '(?:this\\s+)?(?:(year|quarter|month|week)[\\s-]+to[\\s-]+date|(ytd|qtd|mtd|wtd))',
    build: (m, today, _said, w) => ok(toDate(g(m, 1) || g(m, 2), today, w)),
  },
  {
    parse: '(?:(?:trailing|last|past|rolling|previous)\\s+(?:12|twelve)\\s+months|t12m|ttm|ltm|(?:past|rolling|trailing)\\s+year)',
    build: (_m, today) => ok(windowPeriod('trailing_12_months', today)),
  },
  {
    parse: `(?:last|past|previous|trailing|rolling)\\s+(\\d{1,4}|${COUNT_WORDS})\\s+(days?|weeks?|months?|quarters?|years?)`,
    build: (m, today, said) => lastN(said, countOf(g(m, 1)), g(m, 2), today),
  },
  {
    parse: '(?:last|past|previous)\\s+fortnight',
    build: (_m, today, said) => lastN(said, 14, 'days', today),
  },
  {
    // "so far this year", "the quarter so far", "this fiscal year so far"
    parse: '(?:so\\s+far\\s+(?:this|in\\s+the)\\s+(year|quarter|month|week)|(?:this|the)\\s+(year|quarter|month|week)\\s+so\\s+far)',
    build: (m, today, _said, w) => ok(toDate(g(m, 1) || g(m, 2), today, w)),
  },
  {
    // The program's fiscal year is the calendar year (DESIGN.md §3), so "this FY" is this year.
    parse: '(this|current|last|previous|prior)\\s+(?:fiscal\\s+year|fy)',
    build: (m, today, _said, w) => ok(relative(g(m, 1), 'year', today, w)),
  },
  {
    // "since last quarter": from the start of the last one up to today ("deals from last month"
    // means during it, so only "since")
    parse: '(?:since)\\s+(?:the\\s+(?:start|beginning)\\s+of\\s+)?(?:last|the\\s+previous|the\\s+last)\\s+(week|month|quarter|year)',
    build: (m, today, said, w) => {
      const p = relative('last', g(m, 1), today, w);
      return since(said, p.from, `since the start of last ${g(m, 1)}`, today);
    },
  },
  {
    // "the quarter before last", "the month before last"
    parse: '(week|month|quarter|year)\\s+before\\s+last',
    build: (m, today, _said, w) => {
      const before = relative('last', g(m, 1), relative('last', g(m, 1), today, w).from, w);
      const named = /\((.*)\)$/.exec(before.label)?.[1];
      return ok({ from: before.from, to: before.to, label: `the ${g(m, 1)} before last${named ? ` (${named})` : ''}` });
    },
  },
  {
    // "since the start of Q3", "since the beginning of the quarter", "from the start of the year"
    parse: `(?:since|from)\\s+(?:(?:the\\s+)?(?:start|beginning)\\s+of\\s+)?(?:(?:this|the)\\s+)?(?:q([1-4])(?:\\s+${Y})?|(quarter|year|month|week))`,
    build: (m, today, said, w) => {
      if (m[1]) {
        const q = quarter(said, Number(g(m, 1)), m[2], today);
        return q.ok ? since(said, q.value.from, `since the start of Q${g(m, 1)} ${q.value.from.slice(0, 4)}`, today) : q;
      }
      const p = relative('this', g(m, 3), today, w);
      return since(said, p.from, `since the start of the ${g(m, 3)}`, today);
    },
  },
  {
    // "first half", "H2 2025", "the second half of last year"
    parse: `(first|second|1st|2nd)\\s+half(?:\\s+(?:of\\s+)?(?:${Y}|(this|last)\\s+year))?`,
    build: (m, today, said) => half(said, g(m, 1).startsWith('f') || g(m, 1).startsWith('1') ? 1 : 2, m[2], m[3], today),
  },
  {
    parse: `h([12])(?:\\s*(?:of\\s+)?${Y})?`,
    build: (m, today, said) => half(said, g(m, 1) === '1' ? 1 : 2, m[2], undefined, today),
  },
  {
    parse: '(this|current|last|previous|prior)\\s+(week|month|quarter|year)',
    build: (m, today, _said, w) => ok(relative(g(m, 1), g(m, 2), today, w)),
  },
  {
    parse: `q([1-4])(?:\\s*(?:of\\s+|,\\s*|-\\s*|/\\s*)?(?:fy\\s*)?${Y})?`,
    build: (m, today, said) => quarter(said, Number(g(m, 1)), m[2], today),
  },
  {
    parse: `(?:fy\\s*)?${Y}\\s*-?\\s*q([1-4])`,
    build: (m, today, said) => quarter(said, Number(g(m, 2)), g(m, 1), today),
  },
  {
    parse: `(first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter(?:\\s+(?:of\\s+)?${Y})?`,
    build: (m, today, said) => quarter(said, QUARTER_WORDS[g(m, 1)] ?? 1, m[2], today),
  },
  {
    // "from January to March", "between march and june 2026", "jan-mar"
    parse: `(?:from\\s+|between\\s+)?${MONTH}(?:\\s*,?\\s*${Y})?\\s*(?:to|through|thru|till|until|and|-|–)\\s*${MONTH}(?:\\s*,?\\s*${Y})?`,
    build: (m, today, said, w) => {
      const [m1, m2] = [monthNumber(g(m, 1)), monthNumber(g(m, 3))];
      // Without years, the latest run that has begun: "from October to December" in November is this year's.
      const wrap = m2 < m1 ? 1 : 0;
      const y1 = m[2] ? Number(m[2]) : m[4] ? Number(m[4]) - wrap : latestYear(m1, today);
      const y2 = m[4] ? Number(m[4]) : y1 + wrap;
      const from = dayOf(y1, m1);
      const to = plusMonths(dayOf(y2, m2), 1);
      if (to <= from) return fail('bad_input', `"${said}" ends before it starts; try 'from January to March'.`);
      return upToToday(said, from, to, rangeLabel(from, to, w), today);
    },
  },
  {
    parse: `since\\s+(?:the\\s+(?:start|beginning)\\s+of\\s+)?${MONTH}(?:\\s*,?\\s*${Y})?`,
    build: (m, today, said, w) => {
      const mo = monthNumber(g(m, 1));
      const y = m[2] ? Number(m[2]) : latestYear(mo, today);
      return since(said, dayOf(y, mo), `since ${monthLabel(y, mo, w)}`, today);
    },
  },
  {
    parse: `since\\s+${Y}`,
    build: (m, today, said) => since(said, dayOf(Number(g(m, 1)), 1), `since ${g(m, 1)}`, today),
  },
  {
    parse: `${MONTH}(?:\\s+of)?\\s*,?\\s*${Y}`,
    build: (m, today, said, w) => month(said, g(m, 1), g(m, 2), today, w),
  },
  {
    parse: MONTH,
    text: MONTH_IN_TEXT,
    build: (m, today, said, w) => month(said, g(m, 1), undefined, today, w),
  },
  {
    parse: `(?:fy\\s*)?${Y}`,
    // Not an amount ($2025, 2025k, 2,025), a date (2025-01-01) or a part of a longer number.
    text: `(?<![\\d$€£.,/-])(?:fy\\s*)?${Y}(?![\\d%/]|-\\d|[.,]\\d|\\s*k\\b)`,
    build: (m, today, said) => {
      const y = Number(g(m, 1));
      return upToToday(said, dayOf(y, 1), dayOf(y + 1, 1), String(y), today);
    },
  },
];

const LEAD = '(?:(?:in|for|over|during|within|of)\\s+)?(?:the\\s+)?';
const WHOLE = GRAMMARS.map((gr) => new RegExp(`^${LEAD}(?:${gr.parse})$`));
const IN_TEXT = GRAMMARS.map((gr) => new RegExp(`(?<!\\w)${LEAD}(?:${gr.text ?? gr.parse})(?!\\w)`, 'g'));

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?.!,;:]+$/, '')
    .trim();

/**
 * A period phrase given on its own ("last quarter", "Q3 2026", "since March") → its half-open
 * range, its label's dates written by `words` (the asker's locale).
 */
export function parsePeriod(phrase: string, today: string, words: DateWords = DEFAULT_DATE_WORDS): Result<Period> {
  const text = normalise(phrase);
  for (let i = 0; i < GRAMMARS.length; i++) {
    const m = WHOLE[i]?.exec(text);
    const grammar = GRAMMARS[i];
    if (m && grammar) return grammar.build(m, today, phrase.trim(), words);
  }
  const natural = naturalBuilt(text, today, words);
  if (natural) return natural;
  return fail('bad_input', `I don't know the period "${phrase.trim()}"; try 'last quarter', 'Q3 2026' or 'since March'.`);
}

/**
 * The first period named in a free sentence, with the words that named it (so a planner can
 * take them out of the text). At one position the longest phrase wins ("Q3 2026" over "Q3").
 */
export function findPeriodPhrase(text: string, today: string, words: DateWords = DEFAULT_DATE_WORDS): { period: Period; phrase: string } | undefined {
  const lower = text.toLowerCase();
  const found: { index: number; length: number; rank: number; build: () => Result<Period> | undefined }[] = [];
  IN_TEXT.forEach((re, rank) => {
    for (const m of lower.matchAll(re)) {
      const phrase = text.slice(m.index, m.index + m[0].length);
      found.push({ index: m.index, length: m[0].length, rank, build: () => GRAMMARS[rank]?.build(m as RegExpExecArray, today, phrase, words) });
    }
  });
  // Dates in words chrono-node reads ("since March 3rd", "from Jan 5 to Feb 10") compete on
  // length with the grammar's, and lose ties to it.
  for (const n of naturalPhrases(text, today)) {
    const lead = /(?:since|from|between)\s+$/i.exec(text.slice(0, n.index))?.[0] ?? '';
    const said = lead + n.text;
    const index = n.index - lead.length;
    found.push({ index, length: said.length, rank: GRAMMARS.length, build: () => naturalBuilt(said, today, words) });
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length || a.rank - b.rank);
  for (const f of found) {
    const built = f.build();
    if (built?.ok) return { period: built.value, phrase: text.slice(f.index, f.index + f.length) };
  }
  return undefined;
}

/** A period chrono-node read: clipped at today like the grammar's, labelled with its dates. */
function naturalBuilt(said: string, today: string, w: DateWords): Result<Period> | undefined {
  const p = naturalPeriod(said, today);
  if (!p) return undefined;
  const label = /^since\b/i.test(said) ? `since ${dayLabel(p.from, w)}` : rangeLabel(p.from, p.to, w);
  return upToToday(said, p.from, p.to, label, today);
}
