import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng, renderChartSvg, SCALE } from '../../src/charts/render-png.ts';
import { PADDING, TITLE_SIZE, WIDTH } from '../../src/charts/theme.ts';
import type { Chart } from '../../src/reply/types.ts';
import { ALL, tierProgress } from './fixtures.ts';
import { darkCount, decodePng, diffCount, inkCount, PNG_SIGNATURE, pngSize } from './png.ts';

const run = promisify(execFile);

// The title sits in the top padding band: rows PADDING … PADDING + TITLE_SIZE (+ descenders) at 1×.
const TITLE_STRIP = { top: (PADDING - 4) * SCALE, bottom: (PADDING + TITLE_SIZE + 2) * SCALE };
const BELOW_TITLE = { top: TITLE_STRIP.bottom + 2 * SCALE };

const svgHeight = (svg: string): number => Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);

describe('renderChartPng', () => {
  it.each(ALL.map((c) => [c.kind, c] as const))('%s: a 2× PNG under 1 MB with marks and a title', async (_, chart) => {
    const png = await renderChartPng(chart);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const { width, height } = pngSize(png);
    expect(width).toBe(WIDTH * SCALE);
    expect(width).toBeLessThanOrEqual(1024);
    expect(height).toBe(Math.ceil(svgHeight(await renderChartSvg(chart)) * SCALE));
    expect(png.length).toBeLessThan(1024 * 1024);

    const img = decodePng(png);
    const ink = inkCount(img) / (img.width * img.height);
    expect(ink).toBeGreaterThan(0.02);
    expect(ink).toBeLessThan(0.6);
    // Dark glyph pixels where the title is, and marks below it.
    expect(darkCount(img, TITLE_STRIP)).toBeGreaterThan(1500);
    expect(inkCount(img, BELOW_TITLE)).toBeGreaterThan(0.02 * img.width * img.height);
  });

  it.each(ALL.map((c) => [c.kind, c] as const))('%s: the title is drawn as text where titles go, nowhere else', async (_, chart) => {
    const a = decodePng(await renderChartPng({ ...chart, title: 'Alpha' }));
    const b = decodePng(await renderChartPng({ ...chart, title: 'Quarterly figures: Wxyz' }));
    expect(diffCount(a, b, TITLE_STRIP)).toBeGreaterThan(1000);
    expect(diffCount(a, b, BELOW_TITLE)).toBe(0);
    // The longer title covers more of the strip.
    expect(darkCount(b, TITLE_STRIP)).toBeGreaterThan(darkCount(a, TITLE_STRIP) * 2);
  });

  it('the text check can fail: the same SVG rasterised with no font at all leaves the title strip blank', async () => {
    const svg = await renderChartSvg(tierProgress);
    const png = new Resvg(svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: SCALE },
      font: { loadSystemFonts: false, fontFiles: [] },
    })
      .render()
      .asPng();
    const img = decodePng(png);
    expect(darkCount(img, TITLE_STRIP)).toBe(0);
    expect(inkCount(img, BELOW_TITLE)).toBeGreaterThan(0);
  });

  it('is the same picture every time (no state leaks between renders)', async () => {
    const first = await renderChartPng(tierProgress);
    await renderChartPng(ALL[3] as Chart);
    const again = await renderChartPng(tierProgress);
    expect(again.equals(first)).toBe(true);
  });

  describe('with no system fonts reachable', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pulse-nofonts-'));
      await writeFile(
        join(dir, 'fonts.conf'),
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n',
      );
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('a child process with an empty fontconfig and an empty HOME still draws the text', async () => {
      const out = join(dir, 'chart.png');
      await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'render-child.ts'), out], {
        cwd: join(import.meta.dirname, '..', '..'),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          FONTCONFIG_FILE: join(dir, 'fonts.conf'),
          FONTCONFIG_PATH: dir,
          XDG_DATA_DIRS: dir,
          XDG_CONFIG_HOME: dir,
          XDG_DATA_HOME: dir,
        },
        timeout: 60_000,
      });
      const png = await readFile(out);
      const img = decodePng(png);
      expect(img.width).toBe(WIDTH * SCALE);
      expect(darkCount(img, TITLE_STRIP)).toBeGreaterThan(1500);
      // Identical to the picture this process draws: the bundled font is the only font used.
      expect(diffCount(img, decodePng(await renderChartPng(tierProgress)))).toBe(0);
    });
  });
});
