import pLimit from 'p-limit';
import type { Chart } from '../reply/types.ts';
import { PulseError } from '../errors.ts';
import { FONT_FAMILY, fontFiles, textWidth } from './font.ts';
import { withHatchPatterns } from './hatch.ts';
import { chartSpec } from './spec.ts';

// Chart → Vega-Lite → Vega scenegraph → SVG string → resvg → PNG. No browser, no canvas, no
// system fonts: the bundled fonts are handed to resvg directly (Inter, and the fallbacks for the
// scripts the chart's text uses), and Vega measures text with the same fonts' widths. The engines
// load on first use (a process that never draws a chart never pays for them) and stay loaded.

/** Output scale: a 500 px chart becomes 1000 px, sharp on high-DPI screens, within Teams' 1024. */
export const SCALE = 2;

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
type ResvgModule = typeof import('@resvg/resvg-js');

interface Engines {
  vega: VegaModule;
  vl: VegaLiteModule;
  resvg: ResvgModule;
}

let engines: Promise<Engines> | undefined;

function loadEngines(): Promise<Engines> {
  engines ??= (async () => {
    const [vega, vl, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
    measureWithBundledFont(vega);
    return { vega, vl, resvg };
  })();
  return engines;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  text?: unknown;
}

interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}

// vega-scenegraph exposes textMetrics.width as the hook for a custom measurer (vl-convert uses
// it too); the typings do not declare it. Vega's own truncation calls it with the raw text, so
// this measures exactly what it is given.
function measureWithBundledFont(vega: VegaModule): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize === undefined ? 11 : Number(item.fontSize) || 0;
    const value = text ?? item.text;
    const lines = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
    return Math.max(0, ...lines.map((l) => textWidth(l.trim(), size, item.fontWeight ?? 400)));
  };
}

/** The chart as an SVG document at 1×, text as <text> elements in the bundled font. */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const { vega, vl } = await loadEngines();
  const quiet = vega.logger(vega.None);
  const compiled = vl.compile(chartSpec(chart), { logger: quiet }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: quiet });
  try {
    // Hypothetical bars are filled with hatch patterns Vega cannot write itself (hatch.ts).
    return withHatchPatterns(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** The text an SVG draws, entities decoded: what decides which fallback fonts it needs. */
export function svgText(svg: string): string {
  const texts = [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1] ?? '');
  return texts
    .join(' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Rasterises an SVG with the bundled fonts only, on white, at SCALE×. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { resvg } = await loadEngines();
  const image = new resvg.Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: SCALE },
    font: { loadSystemFonts: false, fontFiles: fontFiles(svgText(svg)), defaultFontFamily: FONT_FAMILY },
    // A character no bundled font has would be logged on stderr for every render: it is left blank.
    logLevel: 'off',
  }).render();
  return image.asPng();
}

// One chart at a time per process: drawing is CPU-bound, so two at once finish no sooner, and
// each one in progress holds a Vega view and a pixel buffer.
const oneAtATime = pLimit(1);

export async function renderChartPng(chart: Chart): Promise<Buffer> {
  try {
    return await oneAtATime(async () => svgToPng(await renderChartSvg(chart)));
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new PulseError('internal', `could not draw the chart "${chart.title}": ${why}`);
  }
}
