import { describe, expect, it } from 'vitest';
import { renderChartPng, renderChartSvg, SCALE } from '../../src/charts/render-png.ts';
import { renderChartText } from '../../src/charts/render-text.ts';
import { WIDTH } from '../../src/charts/theme.ts';
import type { Chart, ChartKind } from '../../src/reply/types.ts';
import { pngSize } from './png.ts';
import { collisions, layoutOf, outside, overlaps, type Layout } from './svg-layout.ts';
import { cutsInsideWord } from './words.ts';

// Every chart kind with long, non-Latin and extreme values: its text stays inside the picture,
// is never cut inside a word, and the picture keeps a size a chat message can show.

const KINDS: ChartKind[] = ['tier_progress', 'trend', 'peer_distribution', 'leaderboard'];
const LONG = 'Adventure Works Cycles International Holdings and Subsidiaries (EMEA region, formerly Contoso)';
const NON_LATIN = ['北京数据科技有限公司', '株式会社トヨタ情報システム', '삼성에스디에스 주식회사', 'شركة الاتصالات السعودية', 'Ελληνικά Συστήματα ΑΕ', 'ООО «Северный ветер»'];

const labelsOf = (c: Chart): string[] => [c.title, ...c.categories, ...c.series.map((s) => s.name), ...(c.targets ?? []).map((t) => t.label)];

const cases: Record<string, (kind: ChartKind) => Chart> = {
  long: (kind) => ({
    kind,
    title: `${LONG}: revenue by quarter`,
    unit: 'currency',
    categories: ['Humongous Insurance (custom software division)', `${LONG} North`, 'Q3 2026', `Fourth quarter of fiscal 2026 (${LONG})`],
    series: [
      { name: LONG, values: [420_000, 1_250_000, 95_000, 880_000], display: ['$420,000 of $500,000', '$1,250,000 of $500,000', '$95,000 of $500,000', '$880,000 of $500,000'] },
      { name: 'required', values: [500_000, 500_000, 500_000, 500_000] },
    ],
    targets: [{ label: `${LONG} target`, value: 500_000 }],
    highlight: 1,
  }),
  'non-Latin': (kind) => ({
    kind,
    title: '北京数据科技有限公司: 收入 (过去12个月)',
    unit: 'count',
    categories: NON_LATIN,
    series: [
      { name: 'شركاء', values: [12, 7, 30, 3, 18, 25] },
      { name: '필수', values: [20, 20, 20, 20, 20, 20] },
    ],
    targets: [{ label: '目標', value: 20 }],
    highlight: 3,
  }),
  extreme: (kind) => ({
    kind,
    title: 'Extreme values',
    unit: 'currency',
    categories: Array.from({ length: 40 }, (_, i) => `Partner number ${i + 1} with a rather long name`),
    series: Array.from({ length: 6 }, (_, s) => ({
      name: `Series ${s + 1}`,
      values: Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? -3e9 : i % 5 === 0 ? 1e12 : i % 3 === 0 ? 0 : (i + 1) * 12_345.678 * (s + 1))),
    })),
    targets: [{ label: 'Target', value: 5e11 }],
    highlight: 37,
  }),
};

/** What is wrong with a drawn chart's text, each a short line: empty when nothing is. */
function problems(layout: Layout, chart: Chart): string[] {
  const out = outside(layout).map((t) => `outside: "${t.text}" at ${t.x1.toFixed(1)},${t.y1.toFixed(1)}–${t.x2.toFixed(1)},${t.y2.toFixed(1)}`);
  const cut = cutsInsideWord(
    layout.texts.map((t) => t.text),
    labelsOf(chart),
  ).map((t) => `cut inside a word: "${t}"`);
  const over = collisions(layout).map((c) => `drawn over each other: ${c}`);
  return [...out, ...cut, ...over];
}

describe('text stays inside the picture and whole words', () => {
  for (const kind of KINDS) {
    for (const [name, make] of Object.entries(cases)) {
      it(`${kind}, ${name}`, async () => {
        const chart = make(kind);
        const layout = layoutOf(await renderChartSvg(chart));
        expect(layout.width).toBe(WIDTH);
        expect(layout.texts.length).toBeGreaterThan(3);
        expect(problems(layout, chart)).toEqual([]);
        // Sized for a chat message: never taller than 1.5 times its width.
        expect(layout.height).toBeLessThanOrEqual(1.5 * WIDTH);
        // The terminal's chart obeys the same rule.
        const text = renderChartText(chart, 60).split('\n');
        expect(cutsInsideWord(text.flatMap((l) => l.split(/\s{2,}|[█▉▊▋▌▍▎▏░▒│]+/)), labelsOf(chart))).toEqual([]);
      });
    }
  }

  it('the checks can fail: a label cut between letters, drawn past the edge, or over another, is reported', () => {
    const chart: Chart = { kind: 'leaderboard', title: 'T', unit: 'count', categories: ['Humongous Insurance (customer)'], series: [{ name: 'n', values: [1] }] };
    const svg = `<svg width="100" height="50"><g transform="translate(10,20)"><text font-size="11px">Humongous Insurance (custom…</text><text transform="translate(5,4)" font-size="11px">$1.2M</text></g></svg>`;
    const found = problems(layoutOf(svg), chart);
    expect(found).toContain('cut inside a word: "Humongous Insurance (custom…"');
    expect(found.some((p) => p.startsWith('outside: "Humongous Insurance (custom…"'))).toBe(true);
    expect(found).toContain('drawn over each other: Humongous Insurance (custom… ⟷ $1.2M');
  });

  it('a comparison of partners by several requirements (grouped bars, a legend, a target)', async () => {
    const chart: Chart = {
      kind: 'leaderboard',
      title: 'Share of each next-tier requirement reached',
      unit: 'percent',
      categories: ['Northwind Traders → Gold', 'Contoso Pharmaceuticals → Platinum', 'Fabrikam → Gold', 'Alpine Ski House → Silver', 'Tailspin Toys → Gold'],
      series: ['Revenue', 'Active certifications', 'Won deals', 'Renewal rate', 'Customer satisfaction (CSAT)'].map((name, s) => ({
        name,
        values: [84, 120, 45, 100, 96].map((v, i) => (v + s * 13 + i * 7) % 130),
      })),
      targets: [{ label: 'Met', value: 100 }],
    };
    const layout = layoutOf(await renderChartSvg(chart));
    expect(problems(layout, chart)).toEqual([]);
    // Every partner asked about is drawn (a long name cut between words): a comparison hides none of five.
    const named = (c: string) => layout.texts.some((t) => t.text === c || (t.text.endsWith('…') && c.startsWith(t.text.slice(0, -1))));
    expect(chart.categories.filter(named)).toEqual(chart.categories);
  });
});

describe('leaderboard', () => {
  const many = (n: number, highlight?: number): Chart => ({
    kind: 'leaderboard',
    title: 'Revenue: partners, the last 12 months',
    unit: 'currency',
    categories: Array.from({ length: n }, (_, i) => `Partner ${i + 1} Consulting`),
    series: [{ name: 'Revenue', values: Array.from({ length: n }, (_, i) => 3_000_000 - i * 90_000) }],
    ...(highlight !== undefined ? { highlight } : {}),
  });

  it('the PNG is sized to its rows: ten at most, about as tall as it is wide at most', async () => {
    const sizes = await Promise.all([2, 5, 10, 40].map(async (n) => pngSize(await renderChartPng(many(n)))));
    for (const s of sizes) expect(s.width).toBe(WIDTH * SCALE);
    const [two, five, ten, forty] = sizes.map((s) => s.height) as [number, number, number, number];
    expect(two).toBeLessThan(five);
    expect(five).toBeLessThan(ten);
    // 40 rows draw ten and a line saying so: no taller than ten (the old picture was 1,452 px).
    expect(forty).toBeLessThanOrEqual(ten + 2 * SCALE * 16);
    expect(forty).toBeLessThanOrEqual(700);
    expect(two).toBeGreaterThanOrEqual(150);
  });

  it('says how many more there are, and adds the asker’s row with its rank', async () => {
    const texts = layoutOf(await renderChartSvg(many(40, 22))).texts.map((t) => t.text);
    expect(texts).toContain('Top 10 of 40 and yours, 23rd · 29 more not shown');
    expect(texts).toContain('23. Partner 23 Consulting');
    expect(texts.filter((t) => /^Partner \d+ Consulting$/.test(t))).toHaveLength(10);
    expect(renderChartText(many(40, 22), 70)).toContain('… 29 more not shown');
  });
});

describe('trend', () => {
  const weeks = ['Sep 1', 'Sep 8', 'Sep 15', 'Sep 22', 'Sep 29', 'Oct 6', 'Oct 13', 'Oct 20', 'Oct 27', 'Nov 3', 'Nov 10', 'Nov 17'];
  const forecast: Chart = {
    kind: 'trend',
    title: 'Revenue a week vs needed by Mar 31, 2027',
    unit: 'currency',
    categories: weeks,
    series: [{ name: 'Revenue', values: [9311, 10185, 17940, 3317, 7950, 7810, 6103, 7012, 10017, 5204, 7152, 9777] }],
    targets: [{ label: 'Needed a week', value: 12032 }],
  };

  it('a run of weeks: every week labelled, the peak below the top of the plot with room to spare', async () => {
    const layout = layoutOf(await renderChartSvg(forecast));
    const axis = layout.texts.filter((t) => t.group.includes('role-axis-label'));
    for (const w of weeks) expect(axis.map((t) => t.text)).toContain(w);
    // Labels never touch: slanted ones are checked along their slant by their spacing.
    const xLabels = axis.filter((t) => weeks.includes(t.text)).sort((a, b) => a.x1 - b.x1);
    for (let i = 1; i < xLabels.length; i++) expect((xLabels[i]?.x2 ?? 0) - (xLabels[i - 1]?.x2 ?? 0)).toBeGreaterThan(20);
    // The peak's dot sits well under the highest gridline label, not at the plot's edge.
    const dots = layout.shapes.filter((s) => s.group.includes('mark-symbol'));
    expect(dots).toHaveLength(12);
    const peak = Math.min(...dots.map((d) => d.y1));
    const ticks = axis.filter((t) => t.text.startsWith('$'));
    const topTick = Math.min(...ticks.map((t) => (t.y1 + t.y2) / 2));
    expect(peak - topTick).toBeGreaterThan(10);
    expect(problems(layout, forecast)).toEqual([]);
  });

  const twoPeriods: Chart = {
    kind: 'trend',
    title: 'Revenue: last quarter (Q3 2026) vs this quarter',
    unit: 'currency',
    categories: ['last quarter (Q3 2026)', 'this quarter (Q4 2026) to date'],
    series: [{ name: 'Revenue', values: [59_846, 55_729] }],
  };

  it('two periods: two labelled bars in the middle of the picture, no axis to decode, the change in words', async () => {
    const layout = layoutOf(await renderChartSvg(twoPeriods));
    const bars = layout.shapes.filter((s) => s.label.startsWith('period:'));
    expect(bars).toHaveLength(2);
    const left = Math.min(...bars.map((b) => b.x1));
    const right = Math.max(...bars.map((b) => b.x2));
    expect(Math.abs((left + right) / 2 - layout.width / 2)).toBeLessThan(2);
    // Bars of a sensible width, apart from each other.
    for (const b of bars) expect(b.x2 - b.x1).toBeLessThanOrEqual(90);
    expect((bars[1]?.x1 ?? 0) - (bars[0]?.x2 ?? 0)).toBeGreaterThan(40);
    const texts = layout.texts.map((t) => t.text);
    expect(texts).toContain('$60K');
    expect(texts).toContain('$56K');
    expect(texts).toContain('Down $4,117 (6.9%)');
    // No value axis: the only figures are the two on the bars.
    expect(texts.filter((t) => t.startsWith('$'))).toEqual(['$60K', '$56K', '$60K', '$56K']);
    // The period names, whole, under their bars and clear of each other.
    const names = layout.texts.filter((t) => t.group.includes('role-axis-label'));
    expect(names.map((n) => n.text).join(' ')).toBe('last quarter (Q3 2026) this quarter (Q4 2026) to date');
    for (const a of names) for (const b of names) if (a !== b) expect(overlaps(a, b)).toBe(false);
    expect(problems(layout, twoPeriods)).toEqual([]);
  });

  it('two periods below zero hang from the zero line, figures underneath', async () => {
    const layout = layoutOf(await renderChartSvg({ ...twoPeriods, series: [{ name: 'Net', values: [-20_000, 15_000] }] }));
    expect(problems(layout, twoPeriods)).toEqual([]);
    expect(layout.texts.map((t) => t.text)).toContain('Up $35,000 (175%)');
  });
});

describe('tier_progress', () => {
  const whatIf: Chart = {
    kind: 'tier_progress',
    title: 'What-if: progress to Gold',
    hypothetical: 'what-if',
    unit: 'percent',
    categories: ['Revenue', 'Active certifications', 'Won deals'],
    series: [
      { name: 'what-if', values: [108, 100, 45], display: ['$540,000 of $500,000', '5 of 5', '9 of 20'] },
      { name: 'required', values: [100, 100, 100] },
      { name: 'today', values: [84, 100, 45] },
    ],
    targets: [{ label: 'Gold', value: 100 }],
  };

  it('the figures above a bar never touch the 100% mark, even where they run across it', async () => {
    const layout = layoutOf(await renderChartSvg(whatIf));
    const figures = layout.texts.find((t) => t.text === '$540,000 of $500,000 · 108%');
    expect(figures).toBeDefined();
    // The 100% marks: 2 px wide, a little taller than the bars.
    const marks = layout.shapes.filter((s) => Math.abs(s.x2 - s.x1 - 2) < 0.01 && s.y2 - s.y1 > 12);
    expect(marks).toHaveLength(3);
    const first = marks.sort((a, b) => a.y1 - b.y1)[0];
    if (!figures || !first) throw new Error('unreachable');
    // Same column: only the vertical gap keeps them apart, and it does.
    expect(figures.x1).toBeLessThan(first.x1);
    expect(figures.x2).toBeGreaterThan(first.x2);
    for (const m of marks) expect(overlaps(figures, m)).toBe(false);
    expect(first.y1 - figures.y2).toBeGreaterThanOrEqual(2);
  });

  it('hypothetical figures are hatched over today’s solid bar, and a legend says which is which', async () => {
    const svg = await renderChartSvg(whatIf);
    const layout = layoutOf(svg);
    expect(svg).toMatch(/<pattern id="pp-hatch-[0-9A-F]{6}"/);
    const hatched = layout.shapes.filter((s) => s.fill.startsWith('url(#pp-hatch-'));
    // Revenue's what-if bar, its legend swatch, and the rows the scenario leaves as they are: hatched
    // bars under solid ones (certifications, won deals are drawn over by today's).
    expect(hatched.some((s) => s.label.includes('Revenue'))).toBe(true);
    const solid = layout.shapes.find((s) => s.label.includes('Revenue') && s.label.includes('solid'));
    const hatch = hatched.find((s) => s.label.includes('Revenue'));
    if (!solid || !hatch) throw new Error('no Revenue bars');
    expect(solid.x2).toBeLessThan(hatch.x2 - 20);
    const texts = layout.texts.map((t) => t.text);
    expect(texts).toContain('today');
    expect(texts).toContain('what-if');
    expect(texts).toContain('What-if figures, not actuals · the dark mark is 100%');
    expect(problems(layout, whatIf)).toEqual([]);
  });

  it('actual figures are never hatched', async () => {
    const plain: Chart = { ...whatIf, title: 'Progress to Gold', series: whatIf.series.slice(0, 2) };
    delete plain.hypothetical;
    const svg = await renderChartSvg(plain);
    expect(svg).not.toContain('pp-hatch');
    expect(layoutOf(svg).texts.map((t) => t.text)).not.toContain('what-if');
  });

  it('the terminal shades the hypothetical part and says so', () => {
    const text = renderChartText(whatIf, 60);
    expect(text).toMatch(/█+▒+/);
    expect(text).toContain('█ today, ▒ what-if: not actual figures');
  });
});
