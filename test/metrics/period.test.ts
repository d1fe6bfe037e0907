import { describe, expect, it } from 'vitest';
import { WINDOWS } from '../../src/program/schema.ts';
import { findPeriodPhrase, parsePeriod, PERIOD_EXAMPLES, previousPeriod, windowPeriod } from '../../src/metrics/period.ts';

const T = '2026-11-23'; // a Monday in Q4 2026

const CASES: [phrase: string, from: string, to: string, label?: string][] = [
  ['this week', '2026-11-23', '2026-11-24', 'this week'],
  ['last week', '2026-11-16', '2026-11-23', 'last week (Nov 16 – 22, 2026)'],
  ['This Month', '2026-11-01', '2026-11-24', 'this month (November 2026)'],
  ['last month', '2026-10-01', '2026-11-01', 'last month (October 2026)'],
  ['this quarter', '2026-10-01', '2026-11-24', 'this quarter (Q4 2026)'],
  ['last quarter', '2026-07-01', '2026-10-01', 'last quarter (Q3 2026)'],
  ['previous quarter', '2026-07-01', '2026-10-01'],
  ['this year', '2026-01-01', '2026-11-24', 'this year (2026)'],
  ['last year', '2025-01-01', '2026-01-01', 'last year (2025)'],
  ['year to date', '2026-01-01', '2026-11-24', 'year to date'],
  ['YTD', '2026-01-01', '2026-11-24'],
  ['trailing 12 months', '2025-11-24', '2026-11-24', 'the last 12 months'],
  ['last 12 months', '2025-11-24', '2026-11-24'],
  ['t12m', '2025-11-24', '2026-11-24'],
  ['past year', '2025-11-24', '2026-11-24'],
  ['Q3 2026', '2026-07-01', '2026-10-01', 'Q3 2026'],
  ['Q3', '2026-07-01', '2026-10-01', 'Q3 2026'],
  ['q1', '2026-01-01', '2026-04-01', 'Q1 2026'],
  // Q4 2026 has started but not ended: it stops at tomorrow.
  ['Q4', '2026-10-01', '2026-11-24', 'Q4 2026 to date'],
  ['Q4 2025', '2025-10-01', '2026-01-01'],
  ['2025 Q2', '2025-04-01', '2025-07-01'],
  ['since March', '2026-03-01', '2026-11-24', 'since March 2026'],
  // The latest December not after today is last year's.
  ['since December', '2025-12-01', '2026-11-24', 'since December 2025'],
  ['since 2026-03-05', '2026-03-05', '2026-11-24'],
  ['in October', '2026-10-01', '2026-11-01', 'October 2026'],
  ['October', '2026-10-01', '2026-11-01'],
  ['December', '2025-12-01', '2026-01-01', 'December 2025'],
  ['November', '2026-11-01', '2026-11-24', 'November 2026 to date'],
  ['October 2025', '2025-10-01', '2025-11-01', 'October 2025'],
  ['sept 2025', '2025-09-01', '2025-10-01', 'September 2025'],
  ['2025', '2025-01-01', '2026-01-01', '2025'],
  ['in 2026', '2026-01-01', '2026-11-24', '2026 to date'],
  ['last 30 days', '2026-10-25', '2026-11-24', 'the last 30 days'],
  ['the last 7 days', '2026-11-17', '2026-11-24'],
  ['last 2 weeks', '2026-11-10', '2026-11-24'],
  ['last 6 months', '2026-05-24', '2026-11-24'],
  ['2026-01-01 to 2026-03-31', '2026-01-01', '2026-04-01', 'Jan 1 – Mar 31, 2026'],
  ['today', '2026-11-23', '2026-11-24'],
  ['yesterday', '2026-11-22', '2026-11-23'],
];

describe('parsePeriod (today 2026-11-23, a Monday)', () => {
  it.each(CASES)('%s → [%s, %s)', (phrase, from, to, label) => {
    const r = parsePeriod(phrase, T);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.from).toBe(from);
    expect(r.value.to).toBe(to);
    if (label) expect(r.value.label).toBe(label);
  });

  it.each(['next tuesday', 'soon', 'Q5 2026', 'last 0 days', ''])('refuses %j', (phrase) => {
    const r = parsePeriod(phrase, T);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad_input');
  });

  it('says how to ask when it does not know a phrase', () => {
    const r = parsePeriod('next tuesday', T);
    expect(r).toEqual({
      ok: false,
      error: { code: 'bad_input', message: `I don't know the period "next tuesday"; try 'last quarter', 'Q3 2026' or 'since March'.` },
    });
  });

  it('refuses periods in the future and days that do not exist', () => {
    for (const p of ['Q1 2027', '2027', 'January 2027', 'since 2026-12-01']) {
      const r = parsePeriod(p, T);
      expect(r.ok, p).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/future/);
    }
    const bad = parsePeriod('2026-02-30 to 2026-03-31', T);
    expect(bad.ok).toBe(false);
  });

  it('parses every example the help text offers', () => {
    for (const p of PERIOD_EXAMPLES) expect(parsePeriod(p, T).ok, p).toBe(true);
  });

  it('starts weeks on Monday also when today is a Sunday', () => {
    const r = parsePeriod('this week', '2026-11-29');
    expect(r.ok && [r.value.from, r.value.to]).toEqual(['2026-11-23', '2026-11-30']);
  });
});

describe('windowPeriod', () => {
  it('matches the program windows', () => {
    const got = Object.fromEntries(WINDOWS.map((w) => [w, [windowPeriod(w, T).from, windowPeriod(w, T).to]]));
    expect(got).toEqual({
      trailing_12_months: ['2025-11-24', '2026-11-24'],
      year_to_date: ['2026-01-01', '2026-11-24'],
      quarter_to_date: ['2026-10-01', '2026-11-24'],
      current: ['2026-11-23', '2026-11-24'],
    });
  });

  it('handles a trailing year that starts on a leap day boundary', () => {
    const w = windowPeriod('trailing_12_months', '2028-02-28');
    expect([w.from, w.to]).toEqual(['2027-02-28', '2028-02-29']);
  });
});

describe('previousPeriod', () => {
  const prev = (phrase: string) => {
    const r = parsePeriod(phrase, T);
    if (!r.ok) throw new Error(r.error.message);
    const p = previousPeriod(r.value);
    return [p.from, p.to, p.label];
  };

  it('steps back one calendar unit, whole or to date', () => {
    expect(prev('last quarter')).toEqual(['2026-04-01', '2026-07-01', 'Q2 2026']);
    expect(prev('last month')).toEqual(['2026-09-01', '2026-10-01', 'September 2026']);
    expect(prev('2025')).toEqual(['2024-01-01', '2025-01-01', '2024']);
    expect(prev('this month')).toEqual(['2026-10-01', '2026-10-24', 'Oct 1 – 23, 2026']);
    expect(prev('this quarter')).toEqual(['2026-07-01', '2026-08-24', 'Jul 1 – Aug 23, 2026']);
    expect(prev('ytd')).toEqual(['2025-01-01', '2025-11-24', 'Jan 1 – Nov 23, 2025']);
  });

  it('takes the same number of days just before otherwise', () => {
    expect(prev('last 30 days').slice(0, 2)).toEqual(['2026-09-25', '2026-10-25']);
    expect(prev('trailing 12 months').slice(0, 2)).toEqual(['2024-11-24', '2025-11-24']);
    expect(prev('last week').slice(0, 2)).toEqual(['2026-11-09', '2026-11-16']);
    expect(prev('since March').slice(0, 2)).toEqual(['2025-06-06', '2026-03-01']);
  });
});

describe('findPeriodPhrase', () => {
  const find = (s: string) => {
    const f = findPeriodPhrase(s, T);
    return f && { phrase: f.phrase, from: f.period.from, to: f.period.to };
  };

  it('finds the first period in a sentence, with the words that named it', () => {
    expect(find('what was my revenue last quarter?')).toEqual({ phrase: 'last quarter', from: '2026-07-01', to: '2026-10-01' });
    expect(find('win rate over the last 30 days for Acme')).toEqual({ phrase: 'over the last 30 days', from: '2026-10-25', to: '2026-11-24' });
    expect(find('Revenue Q3 2025 vs Q4')).toEqual({ phrase: 'Q3 2025', from: '2025-07-01', to: '2025-10-01' });
    expect(find('deals from 2026-01-01 to 2026-03-31 please')?.to).toBe('2026-04-01');
    expect(find('how did we do in May')).toEqual({ phrase: 'in May', from: '2026-05-01', to: '2026-06-01' });
    expect(find('bookings in 2025.')?.phrase).toBe('in 2025');
    expect(find("last year's bookings")?.from).toBe('2025-01-01');
    expect(find('MDF since March for Zeta')?.phrase).toBe('since March');
  });

  it('ignores words that only look like periods', () => {
    expect(find('may I see my pipeline')).toBeUndefined();
    expect(find('top 5 partners by revenue')).toBeUndefined();
    expect(find('deals above $2025')).toBeUndefined();
    expect(find('deal 2025-11-02 status')).toBeUndefined();
    expect(find('how close am I to gold')).toBeUndefined();
  });
});
