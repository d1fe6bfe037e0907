import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Chart } from '../reply/types.ts';
import { renderChartPng } from './render-png.ts';

// `pulse ask --png-dir`: one file per chart, named after the question so a folder of answers
// stays readable ("why-not-gold-1.png", "why-not-gold-2.png").

/** "Why not Gold?" → "why-not-gold"; never empty, never a path. */
export function fileStem(baseName: string): string {
  const stem = baseName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'chart';
}

/** Writes each chart's PNG into dir (created if missing); returns the charts with `png` set. */
export async function writeChartPngs(charts: Chart[], dir: string, baseName: string): Promise<Chart[]> {
  if (charts.length === 0) return [];
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const stem = fileStem(baseName);
  const out: Chart[] = [];
  // One at a time: rendering is CPU-bound, so parallel renders would only contend.
  for (const [i, chart] of charts.entries()) {
    const path = join(folder, charts.length === 1 ? `${stem}.png` : `${stem}-${i + 1}.png`);
    await writeFile(path, await renderChartPng(chart));
    out.push({ ...chart, png: path });
  }
  return out;
}
