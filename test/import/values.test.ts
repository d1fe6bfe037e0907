import { describe, expect, it } from 'vitest';
import { moneyFromNumber, parseBool, parseDay, parseMoney } from '../../src/import/values.ts';

const dayOf = (s: string) => {
  const r = parseDay(s);
  return r.ok ? r.value : `error: ${r.reason}`;
};
const centsOf = (s: string) => {
  const r = parseMoney(s);
  return r.ok ? r.value.cents : `error: ${r.reason}`;
};

describe('parseDay', () => {
  it.each([
    ['2026-03-31', '2026-03-31'],
    ['2026-3-5', '2026-03-05'],
    ['2026/03/31', '2026-03-31'],
    ['03/31/2026', '2026-03-31'],
    ['3/5/2026', '2026-03-05'],
    ['03/31/2026 10:15 PM', '2026-03-31'],
    ['31.03.2026', '2026-03-31'],
    ['2026-03-31T10:00:00Z', '2026-03-31'],
    ['2026-03-31T23:30:00-05:00', '2026-03-31'],
    ['2026-03-31 08:00:00', '2026-03-31'],
    ['Mar 31, 2026', '2026-03-31'],
    ['March 31 2026', '2026-03-31'],
    ['Sept. 1, 2026', '2026-09-01'],
    ['31 Mar 2026', '2026-03-31'],
    ['31-Mar-2026', '2026-03-31'],
    ['  2026-03-31 ', '2026-03-31'],
  ])('reads %j as %s', (input, expected) => {
    expect(dayOf(input)).toBe(expected);
  });

  it('refuses days that do not exist, and says why', () => {
    expect(dayOf('2026-02-30')).toBe('error: day 30 does not exist in 2026-02');
    expect(dayOf('2026-13-01')).toBe('error: month 13 does not exist');
    expect(dayOf('31/03/2026')).toMatch(/month 31 does not exist \(dates with slashes are read as MM\/DD\/YYYY\)/);
    expect(dayOf('yesterday')).toMatch(/^error: not a date/);
    expect(dayOf('2026-03')).toMatch(/^error: not a date/);
    expect(dayOf('Foo 3, 2026')).toMatch(/^error: not a date/);
    expect(dayOf('1850-01-01')).toMatch(/year 1850 is out of range/);
  });
});

describe('parseMoney', () => {
  it.each([
    ['1234', 123400],
    ['1234.5', 123450],
    ['$1,234.50', 123450],
    ['1.234,50 €', 123450],
    ['€1.234,50', 123450],
    ['USD 1234', 123400],
    ['1234 USD', 123400],
    ['1,234', 123400],
    ['1.234', 123400],
    ['1,5', 150],
    ['1 234,50', 123450],
    ['1\u00a0234,50 €', 123450],
    ["1'234.50", 123450],
    ['1,234,567.89', 123456789],
    ['1.234.567', 123456700],
    ['-$5.00', -500],
    ['$-5', -500],
    ['($1,234.50)', -123450],
    ['0.005', 1],
    ['12.3449', 1234],
    ['US$ 10', 1000],
    ['0', 0],
  ])('reads %j as %i cents', (input, cents) => {
    expect(centsOf(input)).toBe(cents);
  });

  it('names the currency it saw', () => {
    expect(parseMoney('1.234,50 €')).toEqual({ ok: true, value: { cents: 123450, currency: 'EUR' } });
    expect(parseMoney('USD 1234')).toEqual({ ok: true, value: { cents: 123400, currency: 'USD' } });
    expect(parseMoney('$3')).toEqual({ ok: true, value: { cents: 300, currency: '$' } });
    expect(parseMoney('12')).toEqual({ ok: true, value: { cents: 1200, currency: null } });
  });

  it.each(['12,x', 'abc', '', '$', '1,23,456', '1.2.3,4,5', '12..5', '1,234.', 'EUR 5 $'])('refuses %j', (input) => {
    expect(String(centsOf(input))).toMatch(/^error: /);
  });

  it('takes JSON numbers with a decimal point, whatever the digits', () => {
    expect(moneyFromNumber(1234.567)).toEqual({ ok: true, value: { cents: 123457, currency: null } });
    expect(moneyFromNumber(-0.5)).toEqual({ ok: true, value: { cents: -50, currency: null } });
    expect(moneyFromNumber(1e21).ok).toBe(false);
  });
});

describe('parseBool', () => {
  it.each([
    ['true', true],
    ['Yes', true],
    ['1', true],
    ['x', true],
    ['FALSE', false],
    ['no', false],
    ['0', false],
  ])('reads %j', (input, value) => {
    expect(parseBool(input)).toEqual({ ok: true, value });
  });
  it('refuses anything else', () => {
    expect(parseBool('maybe').ok).toBe(false);
  });
});
