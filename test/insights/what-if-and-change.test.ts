import { describe, expect, it } from 'vitest';
import { contributors } from '../../src/insights/explain-change.ts';
import { applyChanges, checkAmount, scenarioChanges } from '../../src/insights/what-if.ts';
import type { RequirementRow } from '../../src/reply/types.ts';

const gold: RequirementRow[] = [
  { metric: 'revenue', label: 'Revenue', current: 420_000, required: 500_000, gap: 80_000, met: false, unit: 'currency' },
  { metric: 'active_certifications', label: 'Active certifications', current: 5, required: 5, gap: 0, met: true, unit: 'count' },
  { metric: 'won_deals', label: 'Won deals', current: 18, required: 15, gap: 0, met: true, unit: 'count' },
  { metric: 'renewal_rate', label: 'Renewal rate', current: 90, required: 80, gap: 0, met: true, unit: 'percent' },
];
const open = { count: 4, amount: 120_000, coSell: 1 };

describe('what-if arithmetic', () => {
  it('open deals close: +$120,000 revenue and +4 won deals → $540,000 meets $500,000', () => {
    const changes = scenarioChanges('open_deals_close', undefined, open, 0);
    expect(changes).toEqual({ revenue: 120_000, won_deals: 4, co_sell_deals: 1 });
    const after = applyChanges(gold, changes);
    expect(after[0]).toMatchObject({ current: 540_000, gap: 0, met: true });
    expect(after[2]).toMatchObject({ current: 22, met: true });
    // Rates are not moved by added amounts.
    expect(after[3]).toEqual(gold[3]);
    expect(after.every((r) => r.met)).toBe(true);
    // The record itself is untouched.
    expect(gold[0]?.current).toBe(420_000);
  });

  it('two more certified people: 5 → 7, revenue still $80,000 short', () => {
    const after = applyChanges(gold, scenarioChanges('add_certifications', 2, open, 0));
    expect(after[1]).toMatchObject({ current: 7, met: true });
    expect(after[0]).toMatchObject({ current: 420_000, gap: 80_000, met: false });
  });

  it('winning 3 deals adds 3 × the average open deal ($30,000): $510,000', () => {
    const after = applyChanges(gold, scenarioChanges('win_deals', 3, open, 25_000));
    expect(after[0]).toMatchObject({ current: 510_000, met: true });
    expect(after[2]?.current).toBe(21);
    // With nothing open, the average won deal is used.
    expect(scenarioChanges('win_deals', 2, { count: 0, amount: 0, coSell: 0 }, 25_000)).toEqual({ won_deals: 2, revenue: 50_000 });
  });

  it('another $50,000 leaves a $30,000 gap', () => {
    expect(applyChanges(gold, scenarioChanges('add_revenue', 50_000, open, 0))[0]).toMatchObject({ current: 470_000, gap: 30_000, met: false });
  });

  it('negative, zero, fractional, absurd and missing numbers are one clear line each', () => {
    const cases: [Parameters<typeof checkAmount>[0], number | undefined, RegExp][] = [
      ['add_certifications', -2, /positive number/],
      ['add_certifications', 0, /zero/],
      ['add_certifications', 1.5, /whole numbers/],
      ['add_certifications', 5000, /not a realistic plan/],
      ['win_deals', undefined, /How many more deals/],
      ['add_revenue', 5e12, /beyond any realistic booking/],
      ['add_revenue', Number.NaN, /not a number/],
    ];
    for (const [scenario, amount, message] of cases) {
      const r = checkAmount(scenario, amount);
      expect(r.ok, `${scenario} ${String(amount)}`).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('bad_input');
        expect(r.error.message).toMatch(message);
        expect(r.error.message).not.toContain('\n');
      }
    }
    expect(checkAmount('open_deals_close', 99)).toEqual({ ok: true, value: undefined });
  });
});

describe('explain-change contributors', () => {
  it('a $10,000 drop: Alpine −$8,000 (80%), Bellows −$4,000 (40%); Contoso +$2,000 works against it', () => {
    const prev = [
      { key: 'Alpine', value: 10_000 },
      { key: 'Bellows', value: 6_000 },
      { key: 'Contoso', value: 1_000 },
    ];
    const cur = [
      { key: 'Alpine', value: 2_000 },
      { key: 'Bellows', value: 2_000 },
      { key: 'Contoso', value: 3_000 },
    ];
    const c = contributors(prev, cur, 3);
    expect(c).toEqual([
      { key: 'Alpine', previous: 10_000, current: 2_000, delta: -8_000, share: 80 },
      { key: 'Bellows', previous: 6_000, current: 2_000, delta: -4_000, share: 40 },
    ]);
  });

  it('a part that appears or disappears counts from or to zero; no net change has no shares', () => {
    const c = contributors([{ key: 'Old', value: 500 }], [{ key: 'New', value: 500 }], 3);
    expect(c.map((x) => [x.key, x.delta, x.share])).toEqual([
      ['New', 500, null],
      ['Old', -500, null],
    ]);
  });
});
