// Grounding: a model's sentence may be shown only when every number in it appears in what our
// own code returned for this question. Anything else is an invented figure, and the templated
// summary is used instead.

/** "$420,000", "84%", "1.2M", "-3.5", "19": sign, digits with separators, decimals, a scale. */
const NUMBER = /(?<![\p{L}\d.])-?\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|(?<![\p{L}\d.])-?\d+(?:\.\d+)?/gu;
const SCALE = /^\s?(k|thousand|m|mn|million|b|bn|billion)\b/i;
const SCALES: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

export interface ProseNumber {
  /** As written, for the log. */
  text: string;
  value: number;
  /** Digits after the decimal point as written, after scaling: how precisely it was stated. */
  decimals: number;
}

/** Every number a piece of text states, with thousands separators and k/M/B scales read. */
export function numbersIn(text: string): ProseNumber[] {
  const out: ProseNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[0];
    const plain = raw.replace(/[,\u202f\u00a0 ]/g, '');
    let value = Number(plain);
    if (!Number.isFinite(value)) continue;
    let decimals = plain.includes('.') ? (plain.split('.')[1]?.length ?? 0) : 0;
    const after = text.slice((m.index ?? 0) + raw.length);
    const scale = SCALE.exec(after);
    let written = raw;
    if (scale?.[1]) {
      const factor = SCALES[scale[1].toLowerCase()] ?? 1;
      value *= factor;
      decimals = Math.max(0, decimals - Math.round(Math.log10(factor)));
      written = `${raw}${scale[0]}`;
    }
    out.push({ text: written, value, decimals });
  }
  return out;
}

/** Every number inside a result: JSON numbers and the numbers written in its strings. */
export function numbersOf(value: unknown, into: number[] = []): number[] {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) into.push(value);
  } else if (typeof value === 'string') {
    for (const n of numbersIn(value)) into.push(n.value);
  } else if (Array.isArray(value)) {
    for (const v of value) numbersOf(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) numbersOf(v, into);
  }
  return into;
}

/**
 * A stated number matches a known one when it is that number rounded to the precision stated
 * ("84%" for 83.96, "$0.4M" for 420,000 is not: one decimal of millions is 0.4M = 400,000 ≠ 420,000
 * rounded to 100,000 → 400,000, which matches; "$500k" for 420,000 does not).
 */
function matches(p: ProseNumber, known: number): boolean {
  const unit = 10 ** -p.decimals;
  // Scaled numbers ("1.2M") are stated to the precision of their last digit.
  const step = p.value !== 0 && Math.abs(p.value) >= 1000 && p.decimals === 0 ? stepOf(p.text) : unit;
  return Math.abs(known - p.value) <= step / 2 + 1e-9;
}

/** The rounding step a scaled number was written with: "1.2M" → 100,000; "420k" → 1,000. */
function stepOf(text: string): number {
  const scale = SCALE.exec(text.replace(/^[^\s\p{L}]*?[\d.,\u202f\u00a0 ]+/u, ''));
  if (!scale?.[1]) return 1;
  const factor = SCALES[scale[1].toLowerCase()] ?? 1;
  const digits = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
  return factor / 10 ** digits;
}

/**
 * The numbers in `prose` that appear nowhere in `sources` (empty: the prose is grounded). Numbers
 * in `untrusted` never count as known, even when a source repeats them.
 */
export function inventedNumbers(prose: string, sources: readonly unknown[], untrusted: readonly number[] = []): string[] {
  const known = numbersOf(sources).filter((k) => !untrusted.includes(k));
  return numbersIn(prose)
    .filter((p) => !known.some((k) => matches(p, k)))
    .map((p) => p.text);
}
