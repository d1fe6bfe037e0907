import { describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/charts/render-png.ts';
import { SCALE, } from '../../src/charts/render-png.ts';
import { WIDTH } from '../../src/charts/theme.ts';
import type { Chart, ChartKind } from '../../src/reply/types.ts';
import { decodePng, inkCount, PNG_SIGNATURE } from './png.ts';

// Whatever an intent hands over, the reply gets a picture, never an exception.

const KINDS: ChartKind[] = ['tier_progress', 'trend', 'peer_distribution', 'leaderboard'];
const LONG = 'Adventure Works Cycles International Holdings and Subsidiaries (EMEA region, formerly Contoso)';
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];

const base = (kind: ChartKind): Chart => ({ kind, title: `Edge case: ${kind}`, unit: 'currency', categories: months, series: [] });

const cases: [string, (k: ChartKind) => Chart][] = [
  ['empty series', (k) => ({ ...base(k), series: [] })],
  ['no categories', (k) => ({ ...base(k), categories: [], series: [{ name: 'Revenue', values: [1, 2] }] })],
  ['all zeros', (k) => ({ ...base(k), series: [{ name: 'Revenue', values: [0, 0, 0, 0, 0, 0] }] })],
  ['null values', (k) => ({ ...base(k), series: [{ name: 'Revenue', values: [1000, null, 3000, Number.NaN, 5000, null] as unknown as number[] }] })],
  ['all null', (k) => ({ ...base(k), series: [{ name: 'Revenue', values: [null, null] as unknown as number[] }] })],
  [
    '6 series (and 2 more dropped)',
    (k) => ({
      ...base(k),
      series: Array.from({ length: 8 }, (_, i) => ({ name: `Series ${i + 1}`, values: months.map((_, j) => (i + 1) * 1000 + j * 300) })),
      targets: [{ label: 'Target', value: 4000 }],
    }),
  ],
  [
    'very long labels and title',
    (k) => ({
      ...base(k),
      title: `${LONG} ${LONG}`,
      categories: months.map((m) => `${m} ${LONG}`),
      series: [{ name: LONG, values: [5, 50, 500, 5000, 50000, 500000] }],
      targets: [{ label: LONG, value: 20000 }],
    }),
  ],
  ['negative values', (k) => ({ ...base(k), series: [{ name: 'Net', values: [-2000, 1000, -500, 3000, 0, 100] }] })],
  ['ragged series', (k) => ({ ...base(k), series: [{ name: 'Short', values: [1, 2] }], highlight: 99 })],
  ['one category', (k) => ({ ...base(k), unit: 'percent', categories: ['Only'], series: [{ name: 'Rate', values: [42.5] }], highlight: 0 })],
];

describe('edge cases render a valid image', () => {
  for (const kind of KINDS) {
    it.each(cases)(`${kind}: %s`, async (_, make) => {
      const png = await renderChartPng(make(kind));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const img = decodePng(png);
      expect(img.width).toBe(WIDTH * SCALE);
      expect(img.height).toBeGreaterThan(100);
      expect(img.height).toBeLessThan(2000);
      expect(png.length).toBeLessThan(1024 * 1024);
      expect(inkCount(img)).toBeGreaterThan(1000);
    });
  }
});
