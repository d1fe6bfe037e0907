import { describe, expect, it } from 'vitest';
import { parseTargetDate } from '../../src/insights/target-date.ts';
import { findPeriodPhrase, parsePeriod } from '../../src/metrics/period.ts';

const T = '2026-11-23'; // a Monday in Q4 2026

// Periods people name in words the program's own grammar does not cover: chrono-node reads the
// dates, the period keeps the program's rules (whole days, [from, to), never past today).
describe('periods in words', () => {
  const cases: [phrase: string, from: string, to: string][] = [
    ['last two weeks', '2026-11-10', '2026-11-24'],
    ['the past couple of months', '2026-09-24', '2026-11-24'],
    ['past fortnight', '2026-11-10', '2026-11-24'],
    ['so far this year', '2026-01-01', '2026-11-24'],
    ['the quarter so far', '2026-10-01', '2026-11-24'],
    ['this fiscal year', '2026-01-01', '2026-11-24'],
    ['last FY', '2025-01-01', '2026-01-01'],
    ['since last quarter', '2026-07-01', '2026-11-24'],
    ['the quarter before last', '2026-04-01', '2026-07-01'],
    ['month before last', '2026-09-01', '2026-10-01'],
    ['from January to March', '2026-01-01', '2026-04-01'],
    ['between march and june 2026', '2026-03-01', '2026-07-01'],
    ['from Nov 2025 to Feb 2026', '2025-11-01', '2026-03-01'],
    ['from Jan 5 to Feb 10', '2026-01-05', '2026-02-11'],
    ['since March 3', '2026-03-03', '2026-11-24'],
    // A day later in the year than today, without a year, is last year's.
    ['since December 5', '2025-12-05', '2026-11-24'],
    ['Jan 5 2026', '2026-01-05', '2026-01-06'],
  ];
  for (const [phrase, from, to] of cases) {
    it(phrase, () => {
      const r = parsePeriod(phrase, T);
      expect(r.ok ? { from: r.value.from, to: r.value.to } : r.error.message).toEqual({ from, to });
    });
  }

  it('a range still running stops at today, and one in the future is refused', () => {
    const running = parsePeriod('from October to December', T);
    expect(running.ok && running.value.to).toBe('2026-11-24');
    expect(parsePeriod('from Dec 20 2026 to Jan 5 2027', T).ok).toBe(false);
  });

  it('inside a sentence: the longest date phrase wins, and a lone word is not a date', () => {
    expect(findPeriodPhrase('deals since March 3rd please', T)).toMatchObject({ phrase: 'since March 3rd', period: { from: '2026-03-03' } });
    expect(findPeriodPhrase('win rate between march and june', T)).toMatchObject({ period: { from: '2026-03-01', to: '2026-07-01' } });
    expect(findPeriodPhrase('revenue from Jan 5 to Feb 10?', T)).toMatchObject({ phrase: 'from Jan 5 to Feb 10', period: { to: '2026-02-11' } });
    expect(findPeriodPhrase('may I see our revenue', T)).toBeUndefined();
    expect(findPeriodPhrase('what is our pipeline on sunday', T)).toBeUndefined();
  });
});

describe('deadlines in words', () => {
  const cases: [phrase: string, day: string][] = [
    ['next friday', '2026-12-04'],
    ['by mid March', '2027-03-15'],
    ['early January', '2027-01-10'],
    ['late February', '2027-02-28'],
    ['Jan 15', '2027-01-15'],
    ['in two weeks', '2026-12-07'],
  ];
  for (const [phrase, day] of cases) {
    it(phrase, () => {
      const r = parseTargetDate(phrase, T);
      expect(r.ok ? r.value.day : r.error.message).toBe(day);
    });
  }

  it('a day already past is refused with a message', () => {
    const r = parseTargetDate('yesterday', T);
    expect(r.ok).toBe(false);
  });
});
