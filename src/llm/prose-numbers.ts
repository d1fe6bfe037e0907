// Every number a sentence states, however it is written: ASCII, full-width or any other Unicode
// decimal digits (Arabic-Indic, Devanagari, Bengali, Thai, …), grouped with commas, dots, spaces,
// apostrophes or the Arabic separators, in Indian lakh grouping, with a k/M/B scale, or in English
// words ("one hundred thousand"). The grounding check (grounding.ts) compares each with our own
// results; a number this file cannot see is a number that slips through, so when in doubt it reads
// more numbers, not fewer.

export interface ProseNumber {
  /** As written (after digit folding), for the log. */
  text: string;
  value: number;
  /** Half of this is how far the stated number may be from the true one: 1 for "84", 100,000 for "1.2M". */
  step: number;
}

const zeroCache = new Map<number, number>();

/** The value of one Unicode decimal digit: runs of ten from 0 to 9 (Unicode's stability rule for Nd). */
function digitValue(cp: number): number {
  const known = zeroCache.get(cp);
  if (known !== undefined) return known;
  let start = cp;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  const v = (cp - start) % 10;
  zeroCache.set(cp, v);
  return v;
}

/**
 * The text with every decimal digit as ASCII and the separators read as people mean them:
 * compatibility forms folded (full-width "２,４５０", mathematical bold, superscripts), every other
 * script's digits mapped by value, the Arabic decimal and thousands separators to "." and ",", the
 * minus sign to "-".
 */
export function foldNumerals(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out += ch;
    else if (/\p{Nd}/u.test(ch)) out += String(digitValue(cp));
    else if (ch === '\u066b') out += '.';
    else if (ch === '\u066c' || ch === '\u060c') out += ',';
    else if (ch === '\u2212') out += '-';
    else out += ch;
  }
  return out;
}

/**
 * Digits joined by separators; a space joins only before exactly three digits ("1 234 567"). A
 * letter right before the digits does not hide them ("USD2,450,000", "x٧٦٥"): "Q3" reads as 3,
 * which our own results state the same way.
 */
const NUMBER = /(?<![\d.,])-?\d+(?:(?:[.,'’\u00a0\u202f\u2009]| (?=\d{3}(?!\d)))\d+)*/gu;
const SEPARATOR = /[.,'’\u00a0\u202f\u2009 ]/u;
const SCALE = /^\s?(k|thousand|m|mn|million|b|bn|billion|t|tn|trillion)\b/i;
const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

/**
 * Whether a text writes decimals with a comma ("83,96 %", "1.234.567,00"): then a dot before
 * three digits groups thousands and a comma before three digits is a decimal point.
 */
const usesDecimalComma = (t: string): boolean =>
  /\d\.\d{3}(?:\.\d{3})*,\d/.test(t) || /\d\.\d{3}\.\d{3}(?!\d)/.test(t) || /(?<![\d.,])\d+,\d{1,2}(?![\d.,])/.test(t);

interface Plain {
  text: string;
  value: number;
  /** Digits after the decimal point as written. */
  fraction: number;
}

/** One token of digits and separators as the numbers it states (one, or several when the grouping is not a grouping). */
function readToken(token: string, decimalComma: boolean): Plain[] {
  const negative = token.startsWith('-');
  const body = negative ? token.slice(1) : token;
  const groups: string[] = [];
  const seps: string[] = [];
  let cur = '';
  for (const ch of body) {
    if (SEPARATOR.test(ch)) {
      groups.push(cur);
      seps.push(ch);
      cur = '';
    } else cur += ch;
  }
  groups.push(cur);
  const sign = negative ? -1 : 1;
  if (seps.length === 0) return [{ text: token, value: sign * Number(body), fraction: 0 }];

  // The decimal point: the last separator, when it is "." or "," and appears nowhere else.
  const last = seps[seps.length - 1] ?? '';
  const lastGroup = groups[groups.length - 1] ?? '';
  let decimal = false;
  if ((last === '.' || last === ',') && seps.indexOf(last) === seps.length - 1) {
    if (seps.length > 1 || lastGroup.length !== 3) decimal = true;
    else decimal = last === (decimalComma ? ',' : '.');
  }
  const whole = decimal ? groups.slice(0, -1) : groups;
  const grouping = decimal ? seps.slice(0, -1) : seps;
  // Thousands (and lakh) grouping: one separator kind, a first group of 1–3 digits, then groups of
  // 2 or 3 with the last of 3.
  const valid =
    grouping.every((s) => s === grouping[0]) &&
    (whole[0]?.length ?? 0) >= 1 &&
    (whole[0]?.length ?? 0) <= 3 &&
    whole.slice(1).every((g, i, rest) => (i === rest.length - 1 ? g.length === 3 : g.length === 2 || g.length === 3));
  if (grouping.length > 0 && !valid) {
    // Not a grouping ("1,2,3", "2024 100"): each run of digits is a number of its own.
    return groups.map((g, i) => ({ text: g, value: (i === 0 ? sign : 1) * Number(g), fraction: 0 }));
  }
  const digits = whole.join('') + (decimal ? `.${lastGroup}` : '');
  return [{ text: token, value: sign * Number(digits), fraction: decimal ? lastGroup.length : 0 }];
}

const ONES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const BIG: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const NUMBER_WORD = [...Object.keys(ONES), ...Object.keys(TENS), 'hundred', ...Object.keys(BIG)].join('|');
const WORDS = new RegExp(`\\b(?:an?[\\s-]+)?(?:${NUMBER_WORD})(?:(?:[\\s-]+(?:and[\\s-]+)?)(?:${NUMBER_WORD}))*\\b`, 'giu');

/** "one hundred thousand" → 100,000; "twenty-one" → 21; "a million" → 1,000,000. */
function wordValue(run: string): number | undefined {
  const words = run.toLowerCase().split(/[\s-]+/).filter((w) => w !== 'and');
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    // "a hundred", "a million": the scale alone says as much.
    if (w === 'a' || w === 'an') continue;
    const one = ONES[w] ?? TENS[w];
    if (one !== undefined) {
      current += one;
      seen = true;
    } else if (w === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else {
      const big = BIG[w];
      if (big === undefined) return undefined;
      total += (current || 1) * big;
      current = 0;
      seen = true;
    }
  }
  return seen ? total + current : undefined;
}

/** Number words: "one" on its own is a pronoun as often as a number ("the one you asked about"), so it is left out. */
function wordNumbers(text: string): ProseNumber[] {
  const out: ProseNumber[] = [];
  for (const m of text.matchAll(WORDS)) {
    const run = m[0];
    if (/^(?:an?[\s-]+)?one$/i.test(run)) continue;
    // "1.5 million": the scale of a number in digits, read with it.
    if (/\d\s*$/.test(text.slice(0, m.index)) && /^(?:hundred|thousand|million|billion|trillion)$/i.test(run)) continue;
    const value = wordValue(run);
    if (value !== undefined) out.push({ text: run, value, step: 1 });
  }
  return out;
}

/** Every number a piece of text states, in digits of any script or in words, with k/M/B scales read. */
export function numbersIn(raw: string): ProseNumber[] {
  const text = foldNumerals(raw);
  const decimalComma = usesDecimalComma(text);
  const out: ProseNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const plains = readToken(m[0], decimalComma);
    const after = text.slice((m.index ?? 0) + m[0].length);
    const scale = plains.length === 1 ? SCALE.exec(after) : null;
    for (const p of plains) {
      if (!Number.isFinite(p.value)) continue;
      if (scale?.[1]) {
        const factor = SCALES[scale[1].toLowerCase()] ?? 1;
        out.push({ text: `${p.text}${scale[0]}`, value: p.value * factor, step: factor / 10 ** p.fraction });
      } else {
        out.push({ text: p.text, value: p.value, step: 10 ** -p.fraction });
      }
    }
  }
  return [...out, ...wordNumbers(text)];
}
