import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDelta,
  formatMoney,
  formatMoneyShort,
  formatPercent,
  formatPeriodRange,
  formatValue,
  listing,
  percentChange,
  plural,
} from '../../src/reply/format.ts';

describe('format', () => {
  it('money in whole dollars with grouping', () => {
    expect(formatMoney(412300)).toBe('$412,300');
    expect(formatMoney(80120.45)).toBe('$80,120');
    expect(formatMoney(-1200)).toBe('-$1,200');
    expect(formatMoney(0)).toBe('$0');
    expect(formatMoney(4.5)).toBe('$4.50');
    expect(formatMoneyShort(2_400_000)).toBe('$2.4M');
    expect(formatMoneyShort(412_300)).toBe('$412K');
  });

  it('percent, counts, values by unit', () => {
    expect(formatPercent(83.3333)).toBe('83%');
    expect(formatPercent(4.25)).toBe('4.3%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatValue(null, 'currency')).toBe('n/a');
    expect(formatValue(12, 'count')).toBe('12');
    expect(formatValue(50, 'percent')).toBe('50%');
    expect(formatDelta(1200, 'currency')).toBe('+$1,200');
    expect(formatDelta(-3, 'count')).toBe('-3');
    expect(formatDelta(5, 'percent')).toBe('+5 pts');
  });

  it('dates and periods', () => {
    expect(formatDate('2026-12-12')).toBe('12 Dec 2026');
    expect(formatDate('2026-01-05T10:00:00Z')).toBe('5 Jan 2026');
    expect(formatPeriodRange('2026-07-01', '2026-10-01')).toBe('1 Jul 2026 – 30 Sep 2026');
    expect(formatPeriodRange('2026-11-23', '2026-11-24')).toBe('23 Nov 2026');
  });

  it('words', () => {
    expect(plural(1, 'deal')).toBe('1 deal');
    expect(plural(3, 'deal')).toBe('3 deals');
    expect(listing(['a', 'b', 'c'])).toBe('a, b and c');
    expect(percentChange(110, 100)).toBeCloseTo(10);
    expect(percentChange(5, 0)).toBeNull();
  });
});
