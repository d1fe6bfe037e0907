import { describe, expect, it } from 'vitest';
import { bar, renderChartText } from '../../src/charts/render-text.ts';
import type { Chart } from '../../src/reply/types.ts';
import { ALL, leaderboard, peerDistribution, tierProgress, trend } from './fixtures.ts';

const widest = (s: string): number => Math.max(...s.split('\n').map((l) => [...l].length));

describe('renderChartText', () => {
  it('bars are eighths of a cell', () => {
    expect(bar(1, 4)).toBe('████');
    expect(bar(0.5, 4)).toBe('██');
    expect(bar(0.53125, 4)).toBe('██▏');
    expect(bar(0, 4)).toBe('');
    expect(bar(0.001, 4)).toBe('▏');
    expect(bar(Number.NaN, 4)).toBe('');
  });

  it('tier_progress: names, real figures, a track to the 100% mark, ✓ on met requirements', () => {
    const t = renderChartText(tierProgress);
    const lines = t.split('\n');
    expect(lines[0]).toBe('Northwind Systems: progress to Gold');
    expect(t).toContain('Revenue (trailing 12 months)');
    expect(t).toContain('$420,000 of $500,000 · 84%');
    expect(t).toMatch(/✓ Active certifications\s+6 of 5 · 120%/);
    expect(t).toContain('░│');
    expect(t).toContain('│ = 100% of the requirement');
  });

  it('trend: every period with its figure, the target marked', () => {
    const t = renderChartText(trend);
    for (const m of trend.categories) expect(t).toMatch(new RegExp(`^\\s*${m} .*\\$\\d+K$`, 'm'));
    expect(t).toContain('Northwind');
    expect(t).toContain('Peer median');
    expect(t).toContain('│ Gold pace: $42K');
    expect(t).toContain('$61K');
  });

  it('peer_distribution: counts per range and where the asker sits', () => {
    const t = renderChartText(peerDistribution);
    expect(t).toMatch(/\$250–500K .* 18 ◀ you/);
    expect(t).toMatch(/\$100–250K .* 31$/m);
    expect(t.match(/◀ you/g)).toHaveLength(1);
  });

  it('leaderboard: ranked, largest first, the asker marked', () => {
    const lines = renderChartText(leaderboard).split('\n');
    expect(lines[1]).toMatch(/^1\. Contoso Ltd .*\$1\.3M$/);
    expect(lines[2]).toMatch(/^2\. Fabrikam Inc/);
    expect(lines[3]).toMatch(/^3\. Northwind Systems .*\$420K ◀ you$/);
    expect(lines.at(-1)).toBe('│ Gold: $500K');
  });

  it.each([40, 60, 100])('stays within %i columns', (w) => {
    for (const c of ALL) expect(widest(renderChartText(c, w))).toBeLessThanOrEqual(w);
  });

  it('edge cases never throw', () => {
    const cases: Chart[] = [
      { ...trend, categories: [], series: [] },
      { ...trend, series: [{ name: 'Revenue', values: [0, 0, 0, 0, 0, 0] }], targets: [] },
      { ...trend, unit: 'percent', targets: [], series: [{ name: 'Win rate', values: [30, null, 35, null, null, 1] as unknown as number[] }] },
      { ...leaderboard, categories: ['A partner name that goes on and on and on past any sensible width', 'B'], series: [{ name: 'x', values: [1, 2] }] },
      { ...tierProgress, series: [{ name: 'current', values: [-5, 0, 1e12] }] },
    ];
    const texts = cases.map((c) => renderChartText(c));
    expect(texts[0]).toBe('Monthly revenue\nNo data for this period');
    expect(texts[1]).toContain('$0');
    expect(texts[2]).toMatch(/^\s*Jul\s+n\/a$/m);
    expect(texts[2]).toMatch(/^\s*Aug █+.* 35%$/m);
    expect(widest(texts[3] ?? '')).toBeLessThanOrEqual(60);
    expect(texts[3]).toContain('…');
  });
});
