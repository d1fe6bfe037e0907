import { renderChartPng } from '../src/charts/render-png.ts';
import type { Chart } from '../src/reply/types.ts';
import { summarize, type Summary } from './stats.ts';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/**
 * Charts the answers actually produced, each rendered to PNG `rounds` times after one warm-up
 * render (vega and resvg load on first use; that one-off cost is reported apart).
 */
export async function chartBench(charts: readonly Chart[], rounds: number): Promise<{ summary: Summary; firstMs: number; kinds: string[]; bad: number }> {
  const list = charts.length > 0 ? charts : [];
  if (list.length === 0) return { summary: summarize([]), firstMs: Number.NaN, kinds: [], bad: 0 };
  const t0 = performance.now();
  await renderChartPng(list[0] as Chart);
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  let bad = 0;
  for (let i = 0; i < rounds; i++) {
    const chart = list[i % list.length] as Chart;
    const t = performance.now();
    const png = await renderChartPng(chart);
    times.push(performance.now() - t);
    if (!png.subarray(0, 4).equals(PNG_MAGIC)) bad++;
  }
  return { summary: summarize(times), firstMs, kinds: [...new Set(list.map((c) => c.kind))], bad };
}
