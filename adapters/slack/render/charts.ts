import { clampTitle } from '../../../src/charts/prepare.ts';
import type { Unit } from '../../../src/metrics/names.ts';
import type { Chart } from '../../../src/reply/types.ts';
import type { DataSeries, DataVisualizationBlock, ImageBlock } from './block-types.ts';
import { truncate } from './escape.ts';
import { LIMITS } from './limits.ts';

// A Reply chart becomes Slack's native `data_visualization` block when it fits the block's
// documented limits; otherwise (or past the second chart of a message) it goes out as a PNG.

/** The y axis' label: the program's currency ("US$", "€"), "%", "Count", or a vendor's unit ("ppm"). */
function yLabel(chart: Chart): string {
  const unit: Unit = chart.unit;
  if (unit === 'percent') return '%';
  if (unit === 'count') return 'Count';
  if (unit !== 'currency') return unit;
  const currency = chart.format?.currency ?? 'USD';
  // The narrow symbol a reader knows, with US$ spelled out as it always was.
  if (currency === 'USD') return 'US$';
  const part = new Intl.NumberFormat(chart.format?.locale ?? 'en-US', { style: 'currency', currency }).formatToParts(1).find((p) => p.type === 'currency');
  return part?.value ?? currency;
}

/** Bars for categories that are things (requirements, partners), lines for time. */
function chartType(chart: Chart): 'bar' | 'line' {
  return chart.kind === 'trend' && chart.categories.length > 2 ? 'line' : 'bar';
}

/** Labels cut to 20 characters, or undefined when cutting would make two of them equal. */
function shortLabels(labels: readonly string[]): string[] | undefined {
  const short = labels.map((l) => truncate(l.trim() || '—', LIMITS.chartLabel));
  return new Set(short).size === short.length ? short : undefined;
}

/** The native block for a chart, or undefined when Slack cannot draw it (then: PNG). */
export function nativeChart(chart: Chart): DataVisualizationBlock | undefined {
  const n = chart.categories.length;
  if (n < 1 || n > LIMITS.chartPoints || chart.series.length < 1) return undefined;
  if (chart.series.some((s) => s.values.length !== n || s.values.some((v) => !Number.isFinite(v)))) return undefined;
  const categories = shortLabels(chart.categories);
  if (!categories) return undefined;

  const series: { name: string; values: number[] }[] = chart.series.map((s) => ({ name: s.name, values: s.values }));
  // Target lines become flat series, unless a series already draws that line (tier progress's "required").
  for (const t of chart.targets ?? []) {
    const drawn = series.some((s) => s.values.every((v) => v === t.value));
    if (!drawn) series.push({ name: `${t.label} target`, values: categories.map(() => t.value) });
  }
  if (series.length > LIMITS.chartSeries) return undefined;
  const names = shortLabels(series.map((s) => s.name));
  if (!names) return undefined;

  const data: DataSeries[] = series.map((s, i) => ({
    name: names[i] ?? s.name,
    data: s.values.map((value, j) => ({ label: categories[j] ?? '', value: round(value) })),
  }));
  return {
    type: 'data_visualization',
    title: clampTitle(chart.title.trim() || 'Chart', LIMITS.chartTitle),
    chart: { type: chartType(chart), series: data, axis_config: { categories, y_label: yLabel(chart) } },
  };
}

const round = (v: number): number => Math.round(v * 100) / 100;

export type ChartPlan = 'native' | 'png';

/** The first two charts Slack can draw go native; the rest become images. */
export function planCharts(charts: readonly Chart[]): ChartPlan[] {
  let native = 0;
  return charts.map((c) => {
    if (native < LIMITS.chartsPerMessage && nativeChart(c)) {
      native += 1;
      return 'native';
    }
    return 'png';
  });
}

/** An uploaded PNG, shown from its private Slack file so no channel ever receives the file itself. */
export function imageChart(chart: Chart, fileId: string): ImageBlock {
  const title = clampTitle(chart.title.trim() || 'Chart', LIMITS.imageTitle);
  return {
    type: 'image',
    slack_file: { id: fileId },
    alt_text: truncate(altText(chart), LIMITS.imageAltText),
    title: { type: 'plain_text', text: title, emoji: true },
  };
}

/** What a screen reader says: the title and every figure. */
function altText(chart: Chart): string {
  const parts = chart.series.map(
    (s) => `${s.name}: ${s.values.map((v, i) => `${chart.categories[i] ?? ''} ${round(v)}`).join(', ')}`,
  );
  return `${chart.title}. ${parts.join('; ')}`;
}
