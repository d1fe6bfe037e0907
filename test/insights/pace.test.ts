import { describe, expect, it } from 'vitest';
import { daysOf, FlowHistory } from '../../src/insights/history.ts';
import { certificationPace, firstDayReaching, flowPace, netChangePace, ratePace } from '../../src/insights/pace.ts';
import { project } from '../../src/insights/projection.ts';
import { parseTargetDate } from '../../src/insights/target-date.ts';
import type { RequirementRow } from '../../src/reply/types.ts';

// Every figure below is worked out by hand from the pace model in src/insights/pace.ts, on
// histories small enough to count: today is 2026-11-23, the trailing-12-month window is
// [2025-11-24, 2026-11-24) = 365 days, the end of the quarter 2026-12-31.

const TODAY = '2026-11-23';
const T12M_FROM = '2025-11-24';
const END = '2026-11-24';

/** $100 booked every day of the trailing year. */
const steady = () => new FlowHistory(T12M_FROM, END, daysOf(T12M_FROM, END).map((day) => ({ day, num: 100, den: 0 })));

describe('flow pace (trailing 12 months)', () => {
  it('a steady $100 a day: $700 a week, and the window total never moves', () => {
    const m = flowPace(steady(), 'trailing_12_months', TODAY);
    expect(m.runRate).toBeCloseTo(700, 9);
    expect(m.valueAt(TODAY)).toBeCloseTo(36_500, 6);
    // On 31 Dec the window is [2026-01-01, 2027-01-01): 327 booked days + 38 days at $100.
    expect(m.valueAt('2026-12-31')).toBeCloseTo(36_500, 6);
    expect(firstDayReaching(m, 40_000, TODAY, 730)).toBeNull();
  });

  it('what it takes to reach $40,000 by 31 Dec: $7,300 more over 38 days, $1,344.74 a week', () => {
    const need = flowPace(steady(), 'trailing_12_months', TODAY).needed('2026-12-31', 40_000);
    // Already booked inside the 31 Dec window: 2026-01-01 … 2026-11-23 = 327 days × $100.
    // Today's $36,500 less the 38 days (2025-11-24 … 2025-12-31) that leave the window by then.
    expect(need).toEqual({
      kind: 'amount',
      total: 40_000 - 32_700,
      perWeek: expect.any(Number) as number,
      leaving: { total: expect.any(Number) as number, from: '2025-11-24', to: '2025-12-31' },
    });
    if (need.kind !== 'amount') throw new Error('amount expected');
    expect(need.perWeek).toBeCloseTo((7_300 / 38) * 7, 6);
    expect(need.leaving?.total).toBeCloseTo(3_800, 6);
  });

  it('a strong recent month lifts the projection as weak old months roll off', () => {
    // $0 for the year except $36,500 booked over the last 30 days ($1,216.67 a day).
    const days = daysOf('2026-10-25', END).map((day) => ({ day, num: 36_500 / 30, den: 0 }));
    const m = flowPace(new FlowHistory(T12M_FROM, END, days), 'trailing_12_months', TODAY);
    expect(m.runRate).toBeCloseTo(700, 6);
    // Rate per day = 36,500 / 365 = 100. On 2026-12-23 the window keeps the 30 strong days and
    // adds 30 days × $100: 36,500 + 3,000.
    expect(m.valueAt('2026-12-23')).toBeCloseTo(39_500, 6);
    // 40,000 needs 35 days at $100: reached on 2026-12-28.
    expect(firstDayReaching(m, 40_000, TODAY, 730)).toBe('2026-12-28');
  });
});

describe('rate pace', () => {
  it('renewals: 8 of 10 decided renewed, one decided a month; the rate holds at 80%', () => {
    const days = ['2026-01-15', '2026-02-15', '2026-03-15', '2026-04-15', '2026-05-15', '2026-06-15', '2026-07-15', '2026-08-15', '2026-09-15', '2026-10-15'].map(
      (day, i) => ({ day, num: i < 8 ? 1 : 0, den: 1 }),
    );
    const m = ratePace(new FlowHistory(T12M_FROM, END, days), 'trailing_12_months', TODAY);
    expect(m.runRate).toBeNull();
    expect(m.valueAt(TODAY)).toBeCloseTo(80, 9);
    // To reach 90% by 31 Dec: past = 10 decided / 8 renewed inside [2026-01-01, 2026-11-24);
    // coming = 10/365 × 38 decided; x = 0.9 · (10 + coming) − 8; share = x / coming.
    const coming = (10 / 365) * 38;
    const x = 0.9 * (10 + coming) - 8;
    const need = m.needed('2026-12-31', 90);
    expect(need.kind).toBe('share');
    if (need.kind === 'share') expect(need.percent).toBeCloseTo((100 * x) / coming, 6);
  });
});

describe('certification pace', () => {
  it('5 active, one expiring 2026-12-12, 9 earned in 90 days: 4 + 3.8 by 31 Dec', () => {
    const m = certificationPace(5, ['2026-12-12', '2027-06-01'], 9, TODAY);
    expect(m.runRate).toBeCloseTo(0.7, 9);
    // Counts through its expiry day, gone the day after.
    expect(m.valueAt('2026-12-12')).toBeCloseTo(5 + 0.1 * 19, 9);
    expect(m.valueAt('2026-12-13')).toBeCloseTo(4 + 0.1 * 20, 9);
    expect(m.valueAt('2026-12-31')).toBeCloseTo(4 + 0.1 * 38, 9);
    // 8 certifications: 4 + 0.1·d ≥ 8 → d = 40 days → 2027-01-02.
    expect(firstDayReaching(m, 8, TODAY, 730)).toBe('2027-01-02');
    const need = m.needed('2026-12-31', 5);
    expect(need).toMatchObject({ kind: 'amount', total: 1 });
    if (need.kind === 'amount') expect(need.perWeek).toBeCloseTo((1 / 38) * 7, 9);
  });

  it('no new certifications and an expiry: never reaches a higher bar', () => {
    const m = certificationPace(5, ['2026-12-12'], 0, TODAY);
    expect(firstDayReaching(m, 6, TODAY, 730)).toBeNull();
  });
});

describe('other stocks', () => {
  it('net change over 90 days: from 10 to 19 is +0.1 a day', () => {
    const m = netChangePace(19, 10, TODAY);
    expect(m.runRate).toBeCloseTo(0.7, 9);
    expect(m.valueAt('2026-12-31')).toBeCloseTo(19 + 3.8, 9);
    expect(firstDayReaching(m, 20, TODAY, 730)).toBe('2026-12-03');
  });
});

describe('project: a requirement row with its projection', () => {
  const row: RequirementRow = { metric: 'revenue', label: 'Revenue', current: 36_500, required: 40_000, gap: 3_500, met: false, unit: 'currency' };
  const req = { metric: 'revenue' as const, min: 40_000, window: 'trailing_12_months' as const };

  it('steady pace: no projected date, not met by the quarter end, and the weekly amount to make it by end of Q1', () => {
    const by = parseTargetDate('end of Q1', TODAY);
    if (!by.ok) throw new Error(by.error.message);
    expect(by.value.day).toBe('2027-03-31');
    const p = project(flowPace(steady(), 'trailing_12_months', TODAY), row, req, TODAY, '2026-12-31', by.value);
    expect(p).toMatchObject({ runRate: 700, projectedDate: null, projectedAtQuarterEnd: 36_500, metByQuarterEnd: false, quarterEnd: '2026-12-31' });
    // The 31 Mar 2027 window is [2026-04-01, 2027-04-01): 237 booked days so far = $23,700;
    // $16,300 more over the 128 days from 2026-11-24 to 2027-04-01.
    expect(p.by?.neededTotal).toBeCloseTo(16_300, 4);
    expect(p.by?.weeklyNeeded).toBeCloseTo((16_300 / 128) * 7, 3);
    expect(p.by?.met).toBe(false);
  });

  it('a met requirement is projected for today', () => {
    const met = { ...row, current: 41_000, gap: 0, met: true, required: 30_000 };
    const p = project(flowPace(steady(), 'trailing_12_months', TODAY), met, { ...req, min: 30_000 }, TODAY, '2026-12-31');
    expect(p.projectedDate).toBe(TODAY);
    expect(p.metByQuarterEnd).toBe(true);
  });
});

describe('deadlines a person names', () => {
  it.each([
    ['end of Q1', '2027-03-31'],
    ['by the end of the year', '2026-12-31'],
    ['31 March', '2027-03-31'],
    ['end of next quarter', '2027-03-31'],
    ['year end', '2026-12-31'],
  ])('%s → %s', (phrase, day) => {
    const r = parseTargetDate(phrase, TODAY);
    expect(r.ok && r.value.day).toBe(day);
  });

  it('past, too far and nonsense dates are clear errors', () => {
    for (const phrase of ['2025-01-01', 'end of 2035', 'the day pigs fly']) {
      const r = parseTargetDate(phrase, TODAY);
      expect(r.ok, phrase).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad_input');
    }
  });
});
