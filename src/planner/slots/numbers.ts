// Amounts and counts as people write them: "50k", "$1.2M", "1.5 mil", "€30,000", "half a
// million", "two more", "a couple", "a dozen", "3". Parsed here rather than with a general NLP
// library: compromise took 1.3 ms a question (the planner's whole budget is 2 ms) and still read
// "1.5 mil" as 1.5; words-to-numbers pulls in core-js 2, which is no longer maintained.

export interface NumberSlot {
  value: number;
  /** Written as money: a currency sign or word, or a thousands/millions suffix. */
  money: boolean;
  /** Character range in the text. */
  start: number;
  end: number;
}

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const FUZZY: Readonly<Record<string, number>> = { 'a couple of': 2, 'a couple': 2, couple: 2, 'a few': 3, few: 3, 'a dozen': 12, dozen: 12, half: 0.5, another: 1, a: 1, an: 1 };
const SCALES: Readonly<Record<string, number>> = {
  k: 1e3, thousand: 1e3, grand: 1e3,
  m: 1e6, mm: 1e6, mil: 1e6, mill: 1e6, million: 1e6, millions: 1e6, mn: 1e6,
  b: 1e9, bn: 1e9, billion: 1e9,
};
const CURRENCY_SIGNS = '$€£¥';
const CURRENCY_WORDS = /^\s*(?:dollars?|bucks|usd|eur|euros?|gbp|pounds?)\b/i;

const WORD_NUMBER = `(?:${[...Object.keys(TENS).map((t) => `${t}(?:[- ](?:${Object.keys(UNITS).join('|')}))?`), ...Object.keys(UNITS)].join('|')})`;
const SCALE = `(?:${Object.keys(SCALES).sort((a, b) => b.length - a.length).join('|')})`;
const DIGITS = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+';

/** "half a million", "a couple of", "two hundred"… and digits with a scale: one pattern, longest first. */
const NUMBER = new RegExp(
  [
    `(?<neg>-)?(?:(?<sign>[${CURRENCY_SIGNS}])\\s?)?(?<neg2>-)?(?<digits>${DIGITS})(?:\\s?(?<dscale>${SCALE}))?(?![\\w])`,
    `(?<half>half)\\s+a\\s+(?<hscale>million|mil|billion|thousand)`,
    `(?<word>${WORD_NUMBER})(?:\\s+(?<hundred>hundred))?(?:\\s+(?<wscale>thousand|million|billion|grand|k|m)(?![\\w]))?(?![\\w])`,
    `(?<fuzzy>a couple of|a couple|a few|a dozen|couple|dozen|another)(?![\\w])`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'giu',
);

function wordValue(word: string): number {
  const w = word.toLowerCase();
  const [tens, unit] = w.split(/[- ]/);
  if (tens !== undefined && TENS[tens] !== undefined) return TENS[tens] + (unit ? (UNITS[unit] ?? 0) : 0);
  return UNITS[w] ?? 0;
}

/** Every number in the text, in order. Years and dates are left to the calendar. */
export function findNumbers(text: string): NumberSlot[] {
  const out: NumberSlot[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    // Inside a word or a date ("q3", "2026-01-01", "9:30"): not an amount.
    const before = text.slice(Math.max(0, start - 1), start);
    const after = text.slice(end, end + 1);
    if (/[\p{L}\d:/-]/u.test(before) && !g.sign && !g.neg) continue;
    if (/[:/]|-(?=\d)/.test(after + text.slice(end + 1, end + 2)) && g.digits) continue;
    let value: number;
    let money = false;
    if (g.digits !== undefined) {
      value = Number(g.digits.replace(/,/g, ''));
      const scale = g.dscale ? SCALES[g.dscale.toLowerCase()] : undefined;
      if (scale !== undefined) value *= scale;
      money = g.sign !== undefined || scale !== undefined;
      // "-2 people", "$-50k": kept as written; the intent says what is wrong with it.
      if (g.neg !== undefined || g.neg2 !== undefined) value = -value;
    } else if (g.half !== undefined) {
      value = 0.5 * (SCALES[(g.hscale ?? '').toLowerCase()] ?? 1);
      money = true;
    } else if (g.word !== undefined) {
      value = wordValue(g.word);
      if (g.hundred) value *= 100;
      const scale = g.wscale ? SCALES[g.wscale.toLowerCase()] : undefined;
      if (scale !== undefined) {
        value *= scale;
        money = true;
      }
    } else {
      value = FUZZY[(g.fuzzy ?? '').toLowerCase()] ?? 1;
    }
    if (CURRENCY_WORDS.test(text.slice(end))) money = true;
    out.push({ value: Math.round(value * 100) / 100, money, start, end });
  }
  return out;
}
