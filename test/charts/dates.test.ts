import { describe, expect, it } from 'vitest';
import { readerDates } from '../../src/charts/dates.ts';
import { renderChartSvg } from '../../src/charts/render-png.ts';
import { renderChartText } from '../../src/charts/render-text.ts';
import { formatterFor } from '../../src/reply/format.ts';
import type { Chart } from '../../src/reply/types.ts';
import { layoutOf } from './svg-layout.ts';

const us = formatterFor({ locale: 'en-US', currency: 'USD' });
const gb = formatterFor({ locale: 'en-GB', currency: 'GBP' });
const de = formatterFor({ locale: 'de-DE', currency: 'EUR' });

describe('readerDates: one date style, the reader’s', () => {
  it('rewrites days written another way in the reader’s style, through the reply formatter', () => {
    expect(readerDates('by Nov 21, 2025', gb)).toBe(`by ${gb.date('2025-11-21')}`);
    expect(readerDates('on 12 Dec 2026', us)).toBe(`on ${us.date('2026-12-12')}`);
    expect(readerDates('due 2026-12-12', us)).toBe('due Dec 12, 2026');
    expect(readerDates('due 2026-12-12', de)).toBe(`due ${de.date('2026-12-12')}`);
    // Already the reader's: unchanged.
    expect(readerDates('Gold by Mar 31, 2027, at today’s pace', us)).toBe('Gold by Mar 31, 2027, at today’s pace');
    expect(readerDates('Gold by 31 Mar 2027', gb)).toBe('Gold by 31 Mar 2027');
  });

  it('rewrites a range whole, not its last day alone', () => {
    expect(readerDates('Jul 1 – Aug 23, 2026', gb)).toBe(gb.periodRange('2026-07-01', '2026-08-24'));
    expect(readerDates('last week (Nov 16 – 22, 2026)', gb)).toBe(`last week (${gb.periodRange('2026-11-16', '2026-11-23')})`);
    expect(readerDates('16–22 Nov 2026', us)).toBe('Nov 16 – 22, 2026');
    expect(readerDates('Dec 29, 2025 – Jan 4, 2026', gb)).toBe(gb.periodRange('2025-12-29', '2026-01-05'));
  });

  it('leaves what is no date alone', () => {
    for (const t of ['Q4 2026', 'Top 10 of 40', 'Revenue (trailing 12 months)', 'Feb 30, 2026', '2026-13-01', 'May Partners Ltd']) {
      expect(readerDates(t, gb)).toBe(t);
    }
  });
});

describe('charts write dates in their reader’s style', () => {
  const mixed: Chart = {
    kind: 'trend',
    title: 'Revenue a week vs needed by Dec 31, 2026',
    unit: 'currency',
    categories: ['Nov 21, 2025', '28 Nov 2025', '2025-12-05', 'Dec 12, 2025', '19 Dec 2025'],
    series: [{ name: 'Revenue', values: [1000, 2000, 1500, 3000, 2500] }],
    targets: [{ label: 'Needed by 31 Dec 2026', value: 2200 }],
  };

  it('en-GB: every date in the SVG reads day month year', async () => {
    const texts = layoutOf(await renderChartSvg({ ...mixed, format: { locale: 'en-GB', currency: 'GBP' } })).texts.map((t) => t.text);
    const all = texts.join(' | ');
    for (const d of ['21 Nov 2025', '28 Nov 2025', '5 Dec 2025', '12 Dec 2025', '19 Dec 2025', '31 Dec 2026']) expect(all).toContain(d);
    expect(all).not.toMatch(/(Nov|Dec) \d{1,2}, \d{4}/);
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('en-US: every date in the SVG and the text chart reads month day, year', async () => {
    const chart = { ...mixed, format: { locale: 'en-US', currency: 'USD' } };
    const all = layoutOf(await renderChartSvg(chart)).texts.map((t) => t.text).join(' | ');
    for (const d of ['Nov 21, 2025', 'Nov 28, 2025', 'Dec 5, 2025', 'Dec 12, 2025', 'Dec 19, 2025', 'Dec 31, 2026']) expect(all).toContain(d);
    expect(all).not.toMatch(/\d{1,2} (Nov|Dec) \d{4}/);
    const text = renderChartText(chart, 80);
    expect(text).toContain('Dec 5, 2025');
    expect(text).not.toMatch(/\d{1,2} (Nov|Dec) \d{4}|\d{4}-\d{2}-\d{2}/);
  });
});
