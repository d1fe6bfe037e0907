import { describe, expect, it } from 'vitest';
import { FONT_FAMILY } from '../../src/charts/font.ts';
import { clampTitle, EMPTY_MESSAGE, prepareChart, progressRows } from '../../src/charts/prepare.ts';
import { chartSpec } from '../../src/charts/spec.ts';
import { axisFormat } from '../../src/charts/units.ts';
import type { Chart } from '../../src/reply/types.ts';
import { leaderboard, peerDistribution, tierProgress, trend } from './fixtures.ts';
import { DEFAULT_FORMAT } from '../../src/reply/format.ts';

// Specs are plain JSON: look inside for the things a reader relies on.
const json = (c: Chart): string => JSON.stringify(chartSpec(c));

interface SpecShape {
  config?: { font?: string };
  title?: { text?: string };
  data?: { values?: Record<string, unknown>[] };
  layer?: { mark?: { type?: string }; encoding?: Record<string, { datum?: unknown }> }[];
}
const shape = (c: Chart): SpecShape => JSON.parse(json(c)) as SpecShape;

describe('chartSpec', () => {
  it('uses the bundled font family everywhere', () => {
    for (const c of [tierProgress, trend, peerDistribution, leaderboard]) expect(shape(c).config?.font).toBe(FONT_FAMILY);
  });

  it('cuts titles to 50 characters between words, with an ellipsis', () => {
    const long = 'Revenue, pipeline and certifications for Northwind Systems International';
    expect(clampTitle(long)).toBe('Revenue, pipeline and certifications for…');
    expect([...clampTitle(long)].length).toBeLessThanOrEqual(50);
    expect(clampTitle('Short title')).toBe('Short title');
    // One word longer than the limit has to be cut inside; still 50 characters at most.
    expect([...clampTitle('x'.repeat(80))].length).toBe(50);
    const title = shape({ ...trend, title: long }).title?.text ?? '';
    expect(title).toBe('Revenue, pipeline and certifications for…');
  });

  it('tier_progress: bars as % of each requirement, a mark at 100%, labels with the real figures', () => {
    const s = shape(tierProgress);
    const rows = s.data?.values ?? [];
    expect(rows.map((r) => r.pct)).toEqual([84, 120, 45]);
    expect(rows.map((r) => r.text)).toEqual(['$420,000 of $500,000 · 84%', '6 of 5 · 120%', '9 of 20 · 45%']);
    expect(rows.map((r) => r.tone)).toEqual(['progress', 'met', 'progress']);
    const mark = s.layer?.find((l) => l.mark?.type === 'tick');
    expect(mark?.encoding?.x?.datum).toBe(100);
  });

  it('tier_progress: computes the percentage from current and required when given real figures', () => {
    const p = prepareChart({
      kind: 'tier_progress',
      title: 'Revenue toward Platinum',
      unit: 'currency',
      categories: ['Revenue', 'Nothing required'],
      series: [
        { name: 'current', values: [420000, 5] },
        { name: 'required', values: [1000000, 0] },
      ],
    });
    const rows = progressRows(p, (v) => `$${v.toLocaleString('en-US')}`);
    expect(rows[0]).toMatchObject({ pct: 42, met: false, text: '$420,000 of $1,000,000 · 42%' });
    expect(rows[1]).toMatchObject({ pct: 100, met: true });
  });

  it('trend: keeps the period order, draws targets as rules, formats the axis by unit', () => {
    const s = shape(trend);
    const periods = [...new Set((s.data?.values ?? []).map((r) => r.period))];
    expect(periods).toEqual(trend.categories);
    expect(s.layer?.some((l) => l.mark?.type === 'line')).toBe(true);
    const rule = s.layer?.find((l) => l.mark?.type === 'rule');
    expect(rule?.encoding?.y?.datum).toBe(41667);
    expect(json(trend)).toContain('Gold pace: $42K');
    // Two periods read better as bars.
    expect(shape({ ...trend, categories: ['Q3', 'Q4'], series: [{ name: 'Revenue', values: [1, 2] }] }).layer?.[1]?.mark?.type).toBe('bar');
  });

  it('peer_distribution: highlights the asker’s bucket and carries counts only', () => {
    const rows = shape(peerDistribution).data?.values ?? [];
    expect(rows.map((r) => r.tone)).toEqual(['peers', 'peers', 'peers', 'you', 'peers', 'peers']);
    expect(rows.map((r) => r.count)).toEqual([14, 22, 31, 18, 7, 2]);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['bucket', 'count', 'label', 'tone', 'you']);
  });

  it('leaderboard: sorted largest first, the asker emphasised, top 10 only and how many more', () => {
    const rows = shape(leaderboard).data?.values ?? [];
    expect(rows.map((r) => r.name)).toEqual(['Contoso Ltd', 'Fabrikam Inc', 'Northwind Systems', 'Tailspin Toys', 'Litware']);
    expect(rows.filter((r) => r.tone === 'strong').map((r) => r.name)).toEqual(['Northwind Systems']);
    const many: Chart = {
      ...leaderboard,
      categories: Array.from({ length: 40 }, (_, i) => `Partner ${i + 1}`),
      series: [{ name: 'Revenue', values: Array.from({ length: 40 }, (_, i) => i * 1000) }],
      highlight: undefined,
    };
    const s = shape(many);
    expect(s.data?.values).toHaveLength(10);
    expect(s.data?.values?.[0]?.name).toBe('Partner 40');
    expect(json(many)).toContain('Top 10 of 40 · 30 more not shown');
    // The asker ranks 33rd: their row is added after the ten, with its rank, and says so.
    const mine = shape({ ...many, highlight: 7 });
    const names = (mine.data?.values ?? []).map((r) => r.name);
    expect(names).toHaveLength(11);
    expect(names.at(-1)).toBe('33. Partner 8');
    expect((mine.data?.values ?? []).filter((r) => r.tone === 'strong').map((r) => r.name)).toEqual(['33. Partner 8']);
    expect(json({ ...many, highlight: 7 })).toContain('Top 10 of 40 and yours, 33rd · 29 more not shown');
    // In the top ten already: nothing added.
    expect(shape({ ...many, highlight: 35 }).data?.values).toHaveLength(10);
  });

  it('keeps at most 6 series', () => {
    const eight: Chart = {
      ...trend,
      series: Array.from({ length: 8 }, (_, i) => ({ name: `S${i + 1}`, values: trend.series[0]?.values ?? [] })),
    };
    const names = new Set((shape(eight).data?.values ?? []).map((r) => r.series));
    expect([...names]).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
  });

  it('no categories, no series or no values at all: a placeholder saying so', () => {
    for (const c of [
      { ...trend, categories: [], series: [] },
      { ...leaderboard, series: [] },
      { ...tierProgress, series: [{ name: 'current', values: [Number.NaN, Number.NaN, Number.NaN] }] },
    ]) {
      expect(prepareChart(c).empty).toBe(true);
      expect(json(c)).toContain(EMPTY_MESSAGE);
    }
    // All zeros is data, not "no data".
    expect(prepareChart({ ...trend, series: [{ name: 'Revenue', values: [0, 0, 0, 0, 0, 0] }] }).empty).toBe(false);
  });

  it('missing values read as missing, not as zero', () => {
    const withNull = { ...trend, series: [{ name: 'Win rate', values: [30, null, 35] as unknown as number[] }] };
    const p = prepareChart({ ...withNull, categories: ['Q1', 'Q2', 'Q3'] });
    expect(p.series[0]?.values).toEqual([30, null, 35]);
  });

  it('axis formats follow the unit', () => {
    expect(axisFormat('currency', 500, DEFAULT_FORMAT)).toEqual({ format: '$,.0f' });
    expect(axisFormat('currency', 2_000_000, DEFAULT_FORMAT).labelExpr).toContain('$.3~s');
    expect(axisFormat('percent', 40, DEFAULT_FORMAT).labelExpr).toContain("'%'");
    expect(axisFormat('count', 12, DEFAULT_FORMAT)).toMatchObject({ format: ',.0f', tickMinStep: 1 });
  });
});
