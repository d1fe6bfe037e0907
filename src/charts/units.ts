import type { Unit } from '../metrics/names.ts';
import type { Formatter, NumberStyle } from '../reply/format.ts';

// Axis ticks are formatted by Vega (d3-format strings and expressions) with a number locale made
// from the chart's own style (its reader's locale and the program's currency: decimal point,
// grouping, currency symbol and where it goes); labels on the marks are formatted here with the
// reply's own formatter, so "$412K" or "412.300 €" reads alike in the text and on the chart.

export interface AxisFormat {
  format?: string;
  labelExpr?: string;
  tickMinStep?: number;
}

/** A string safe inside a single-quoted Vega expression literal. */
const literal = (s: string): string => s.replace(/[\\'\n\r]/g, '');

/** What follows the number in a percentage in this locale: "%" in en-US, " %" in de-DE. */
function percentSuffix(f: Formatter): string {
  const parts = new Intl.NumberFormat(f.style.locale, { style: 'percent' }).formatToParts(0.5);
  const at = parts.findIndex((p) => p.type === 'integer');
  return parts
    .slice(at + 1)
    .map((p) => p.value)
    .join('');
}

export function axisFormat(unit: Unit, max: number, f: Formatter): AxisFormat {
  switch (unit) {
    case 'currency':
      // "$500K", "$1.2M" once ticks reach five digits; whole amounts below that. The currency sign
      // and separators come from the chart's number locale (chartLocale).
      return max >= 10_000
        ? { labelExpr: "replace(replace(format(datum.value, '$.3~s'), 'k', 'K'), 'G', 'B')" }
        : { format: '$,.0f' };
    case 'percent':
      // Percents are stored 0–100, so d3's "%" (which multiplies by 100) does not apply.
      return { labelExpr: `format(datum.value, '.3~r') + '${literal(percentSuffix(f))}'` };
    case 'count':
      return { format: ',.0f', tickMinStep: 1 };
    default:
      // A vendor's unit: the number, then the unit ("480 ppm").
      return { labelExpr: `format(datum.value, ',.3~r') + ' ${literal(unit)}'` };
  }
}

/** Vega's number locale for a style, from Intl: how the chart's axes write numbers and money. */
export function chartLocale(style: NumberStyle): { number: { decimal: string; thousands: string; grouping: number[]; currency: [string, string] } } {
  const parts = new Intl.NumberFormat(style.locale, { style: 'currency', currency: style.currency }).formatToParts(1234567.5);
  const first = parts.findIndex((p) => p.type === 'integer');
  const lastNumber = parts.reduce((last, p, i) => (p.type === 'integer' || p.type === 'fraction' || p.type === 'decimal' || p.type === 'group' ? i : last), -1);
  const text = (list: Intl.NumberFormatPart[]) => list.map((p) => p.value).join('');
  return {
    number: {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
      grouping: [3],
      currency: [text(parts.slice(0, Math.max(0, first))), text(parts.slice(lastNumber + 1))],
    },
  };
}

/** Short figure for a label on a bar or point. */
export function shortValue(value: number | null, unit: Unit, f: Formatter): string {
  return f.short(value, unit);
}

/** Full figure, for labels with room ("$420,000 of $500,000"). */
export const fullValue = (value: number | null, unit: Unit, f: Formatter): string => f.value(value, unit);
