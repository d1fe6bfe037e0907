import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT, formatterFor, formatterForReader, listing, percentChange, styleFor } from '../../src/reply/format.ts';

// One formatter per reader: the program's currency, the reader's locale (else the program's), all
// through Intl. en-US and US dollars are the default.

const us = DEFAULT_FORMAT;
const de = formatterFor({ locale: 'de-DE', currency: 'EUR' });

describe('format (en-US, USD)', () => {
  it('money in whole units with grouping, minor units below 10', () => {
    expect(us.money(412300)).toBe('$412,300');
    expect(us.money(80120.45)).toBe('$80,120');
    expect(us.money(-1200)).toBe('-$1,200');
    expect(us.money(0)).toBe('$0');
    expect(us.money(4.5)).toBe('$4.50');
    expect(us.money(-0.004)).toBe('$0.00');
    expect(us.moneyShort(2_400_000)).toBe('$2.4M');
    expect(us.moneyShort(412_300)).toBe('$412K');
  });

  it('percent, counts, values by unit, a vendor unit', () => {
    expect(us.percent(83.3333)).toBe('83%');
    expect(us.percent(4.25)).toBe('4.3%');
    expect(us.percent(0)).toBe('0%');
    expect(us.count(1234)).toBe('1,234');
    expect(us.count(1234.5)).toBe('1,234.5');
    expect(us.value(null, 'currency')).toBe('n/a');
    expect(us.value(12, 'count')).toBe('12');
    expect(us.value(50, 'percent')).toBe('50%');
    expect(us.value(480, 'ppm')).toBe('480 ppm');
    expect(us.value(12.34, 'ppm')).toBe('12.3 ppm');
    expect(us.delta(1200, 'currency')).toBe('+$1,200');
    expect(us.delta(-3, 'count')).toBe('-3');
    expect(us.delta(5, 'percent')).toBe('+5 pts');
    expect(us.delta(30, 'ppm')).toBe('+30 ppm');
    expect(us.gap(5, 'percent')).toBe('5 points');
    expect(us.gap(1, 'percent')).toBe('1 point');
    expect(us.gap(2.2, 'count')).toBe('3');
  });

  it('dates and periods: one style, through Intl', () => {
    expect(us.date('2026-12-12')).toBe('Dec 12, 2026');
    expect(us.date('2026-01-05T10:00:00Z')).toBe('Jan 5, 2026');
    expect(us.periodRange('2026-07-01', '2026-10-01')).toBe('Jul 1 – Sep 30, 2026');
    expect(us.periodRange('2026-11-23', '2026-11-24')).toBe('Nov 23, 2026');
    expect(us.dateTime('2026-01-02T03:04:05Z')).toBe('Jan 2, 2026, 03:04 UTC');
  });

  it('words', () => {
    expect(us.plural(1, 'deal')).toBe('1 deal');
    expect(us.plural(3, 'deal')).toBe('3 deals');
    expect(us.plural(1234, 'deal')).toBe('1,234 deals');
    expect(listing(['a', 'b', 'c'])).toBe('a, b and c');
    expect(percentChange(110, 100)).toBeCloseTo(10);
    expect(percentChange(5, 0)).toBeNull();
  });
});

describe('format (de-DE, EUR)', () => {
  it('writes numbers, money and dates the German way', () => {
    const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(nbsp(de.money(118199))).toBe('118.199 €');
    expect(de.count(1234.5)).toBe('1.234,5');
    expect(nbsp(de.percent(8.5))).toBe('8,5 %');
    expect(de.date('2026-12-12')).toBe('12. Dez. 2026');
    expect(de.periodRange('2026-11-16', '2026-11-23')).toBe('16.–22. Nov. 2026');
  });

  it('a reader without a locale reads the program default; with one, their own', () => {
    const program = { currency: 'EUR', locale: 'en-GB' };
    expect(styleFor(program, null)).toEqual({ locale: 'en-GB', currency: 'EUR' });
    expect(styleFor(program, 'de-DE')).toEqual({ locale: 'de-DE', currency: 'EUR' });
    expect(formatterForReader({ currency: 'EUR', locale: 'en-US' }).money(118199)).toBe('€118,199');
    // Formatters are values: asking for one never changes another.
    expect(formatterForReader(program, 'de-DE').count(1234.5)).toBe('1.234,5');
    expect(formatterForReader(program, null).count(1234.5)).toBe('1,234.5');
  });
});
