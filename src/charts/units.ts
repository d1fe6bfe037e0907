import type { Unit } from '../metrics/names.ts';
import { formatCount, formatMoneyShort, formatPercent, formatValue } from '../reply/format.ts';

// Axis ticks are formatted by Vega (d3-format strings and expressions); labels on the marks are
// formatted here with the same functions the rest of the reply uses, so "$412K" reads alike.

export interface AxisFormat {
  format?: string;
  labelExpr?: string;
  tickMinStep?: number;
}

export function axisFormat(unit: Unit, max: number): AxisFormat {
  switch (unit) {
    case 'currency':
      // "$500K", "$1.2M" once ticks reach five digits; whole dollars below that.
      return max >= 10_000
        ? { labelExpr: "replace(replace(format(datum.value, '$.3~s'), 'k', 'K'), 'G', 'B')" }
        : { format: '$,.0f' };
    case 'percent':
      // Percents are stored 0–100, so d3's "%" (which multiplies by 100) does not apply.
      return { labelExpr: "format(datum.value, '.3~r') + '%'" };
    case 'count':
      return { format: ',.0f', tickMinStep: 1 };
  }
}

/** Short figure for a label on a bar or point. */
export function shortValue(value: number | null, unit: Unit): string {
  if (value === null) return 'n/a';
  switch (unit) {
    case 'currency':
      return formatMoneyShort(value);
    case 'percent':
      return formatPercent(value);
    case 'count':
      return formatCount(value);
  }
}

/** Full figure, for labels with room ("$420,000 of $500,000"). */
export const fullValue = (value: number | null, unit: Unit): string => formatValue(value, unit);
