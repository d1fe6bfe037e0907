import type { Formatter } from '../reply/format.ts';

// A chart writes every date one way: its reader's, through the reply's formatter (Intl, see
// src/metrics/date-words.ts). Intents already write dates with it; a date that reaches a chart
// written some other way (an ISO day, "Nov 21, 2025" for a reader in London, "21 Nov 2025" for one
// in New York) is rewritten here, so one chart never shows two styles and never another reader's.

const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DASH = '\\s*[–—-]\\s*';

const pad = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' for a month name and numbers; undefined when that is no calendar day. */
function iso(year: string, month: string, day: string): string | undefined {
  const m = MONTHS.indexOf(month.slice(0, 3).toLowerCase()) + 1;
  const d = Number(day);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface Rule {
  re: RegExp;
  /** The matched text in the reader's style, or undefined to leave it. */
  write: (m: RegExpExecArray, f: Formatter) => string | undefined;
}

const range = (f: Formatter, from: string | undefined, to: string | undefined): string | undefined =>
  from && to && from <= to ? f.periodRange(from, nextDay(to)) : undefined;

// Longest forms first: a range is rewritten whole, before its end could be taken for a day.
const RULES: Rule[] = [
  // "Jul 1, 2026 – Aug 23, 2026", "Jul 1 – Aug 23, 2026", "Nov 16 – 22, 2026"
  {
    re: new RegExp(`\\b${MONTH} (\\d{1,2})(?:, (\\d{4}))?${DASH}(?:${MONTH} )?(\\d{1,2}), (\\d{4})\\b`, 'g'),
    write: (m, f) => range(f, iso(m[3] ?? m[6] ?? '', m[1] ?? '', m[2] ?? ''), iso(m[6] ?? '', m[4] ?? m[1] ?? '', m[5] ?? '')),
  },
  // "1 Jul 2026 – 23 Aug 2026", "1 Jul – 23 Aug 2026", "16–22 Nov 2026"
  {
    re: new RegExp(`\\b(\\d{1,2})(?: ${MONTH})?(?: (\\d{4}))?${DASH}(\\d{1,2}) ${MONTH} (\\d{4})\\b`, 'g'),
    write: (m, f) => range(f, iso(m[3] ?? m[6] ?? '', m[2] ?? m[5] ?? '', m[1] ?? ''), iso(m[6] ?? '', m[5] ?? '', m[4] ?? '')),
  },
  // "2026-11-21"
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, write: (m, f) => (iso(m[1] ?? '', MONTHS[Number(m[2]) - 1] ?? '', m[3] ?? '') ? f.date(m[0]) : undefined) },
  // "Nov 21, 2025"
  { re: new RegExp(`\\b${MONTH} (\\d{1,2}), (\\d{4})\\b`, 'g'), write: (m, f) => day(f, iso(m[3] ?? '', m[1] ?? '', m[2] ?? '')) },
  // "21 Nov 2025"
  { re: new RegExp(`\\b(\\d{1,2}) ${MONTH} (\\d{4})\\b`, 'g'), write: (m, f) => day(f, iso(m[3] ?? '', m[2] ?? '', m[1] ?? '')) },
];

const day = (f: Formatter, d: string | undefined): string | undefined => (d ? f.date(d) : undefined);

/** `text` with every date it holds written in the formatter's style (its reader's locale). */
export function readerDates(text: string, f: Formatter): string {
  // Each rule works on what the rules before it left as it was: a rewritten date is never read again.
  let parts: { text: string; done: boolean }[] = [{ text, done: false }];
  for (const rule of RULES) {
    parts = parts.flatMap((p) => (p.done ? [p] : rewrite(p.text, rule, f)));
  }
  return parts.map((p) => p.text).join('');
}

function rewrite(text: string, rule: Rule, f: Formatter): { text: string; done: boolean }[] {
  const out: { text: string; done: boolean }[] = [];
  let last = 0;
  rule.re.lastIndex = 0;
  for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
    const written = rule.write(m, f);
    if (written === undefined) continue;
    out.push({ text: text.slice(last, m.index), done: false }, { text: written, done: true });
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last), done: false });
  return out;
}
