import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from '../font.ts';
import { EMPTY_MESSAGE, type PreparedChart } from '../prepare.ts';
import { fitWords, pixels } from '../text-fit.ts';
import { chartLocale } from '../units.ts';
import { config, INNER_WIDTH, LABEL_SIZE, MUTED, SUBTITLE_SIZE, TITLE_SIZE, WIDTH } from '../theme.ts';

// What every chart shares: the fixed outer width, the title block, the theme. Each kind supplies
// only its layers and height.

export type LayerTopLevel = Extract<TopLevelSpec, { layer: unknown }>;
export type Layer = LayerTopLevel['layer'][number];
export type Row = Record<string, string | number | boolean | null>;

interface FrameOptions {
  height: number;
  subtitle?: string;
  data?: Row[];
}

export function frame(chart: PreparedChart, opts: FrameOptions, layer: Layer[]): LayerTopLevel {
  const title = fitWords(chart.title, INNER_WIDTH, pixels(TITLE_SIZE, 600));
  const subtitle = opts.subtitle ? fitWords(opts.subtitle, INNER_WIDTH, pixels(SUBTITLE_SIZE)) : undefined;
  return {
    // Total width stays WIDTH whatever the axis labels need: the plot gives way, not the image.
    autosize: { type: 'fit-x', contains: 'padding' },
    width: WIDTH,
    height: opts.height,
    // Axis numbers in the reader's locale and the program's currency.
    config: { ...config, locale: chartLocale(chart.format.style) },
    ...(title || subtitle ? { title: { text: title || ' ', ...(subtitle ? { subtitle } : {}) } } : {}),
    ...(opts.data ? { data: { values: opts.data } } : {}),
    layer,
  };
}

/** Same frame, one grey line in the middle: used when there is nothing to plot. */
export function placeholderSpec(chart: PreparedChart): LayerTopLevel {
  return frame(chart, { height: 110, data: [{ message: EMPTY_MESSAGE }] }, [
    {
      mark: {
        type: 'text',
        align: 'center',
        baseline: 'middle',
        fontSize: 13,
        color: MUTED,
        x: INNER_WIDTH / 2,
        y: 55,
      },
      encoding: { text: { field: 'message', type: 'nominal' } },
    },
  ]);
}

/** Keeps duplicate category labels apart (Vega groups equal strings into one band). */
export function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const label = l === '' ? '(blank)' : l;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

export function niceMax(values: number[]): number {
  const max = Math.max(0, ...values);
  return max > 0 ? max : 1;
}

/**
 * The text layer twice: first stroked in white, then as is. Vega has no text halo, and a label
 * that a target line runs through is hard to read.
 */
export function withHalo(layer: Layer): Layer[] {
  if (!('mark' in layer) || typeof layer.mark !== 'object' || layer.mark === null) return [layer];
  const halo = { ...layer, mark: { ...layer.mark, stroke: 'white', strokeWidth: 4, strokeJoin: 'round' } };
  return [halo as Layer, layer];
}

/** Legend settings that keep a row of series names inside the image, wrapping into columns. */
export function legendFor(names: string[], room = INNER_WIDTH - 60): { columns?: number } {
  const entry = (n: string) => 10 + 5 + textWidth(n, LABEL_SIZE) + 14;
  const total = names.reduce((w, n) => w + entry(n), 0);
  // The legend starts where the plot does, after the y axis labels: `room` is what is left of the
  // width from there.
  if (total <= room) return {};
  const widest = Math.max(...names.map(entry));
  const fit = Math.max(1, Math.floor(room / widest));
  // Even rows: six names in two rows of three, not five and one.
  return { columns: Math.ceil(names.length / Math.ceil(names.length / fit)) };
}

export interface LegendEntry {
  /** A colour, or a hatch fill (hatch.ts). */
  fill: string;
  label: string;
  /** Drawn as a dashed outline in the colour, not filled. */
  outline?: boolean;
}

const SWATCH = 14;

/**
 * A legend drawn as marks: a swatch and a word each, left to right, `y` px from the top of the
 * plot (negative: above it; the title moves up to make room). Vega-Lite's own legend can only show
 * a scale's colours; this one can show a hatch beside a solid colour.
 */
export function legendLayers(entries: LegendEntry[], y: number): Layer[] {
  const one = { values: [{}] };
  let x = 0;
  return entries.flatMap((e): Layer[] => {
    const at = x;
    x += SWATCH + 5 + textWidth(e.label, LABEL_SIZE) + 16;
    return [
      {
        data: one,
        mark: e.outline
          ? { type: 'rect', fillOpacity: 0, stroke: e.fill, strokeWidth: 1, strokeDash: [3, 2], cornerRadius: 2 }
          : { type: 'rect', fill: e.fill, cornerRadius: 2 },
        encoding: { x: { value: at }, x2: { value: at + SWATCH }, y: { value: y }, y2: { value: y + 10 } },
      },
      {
        data: one,
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: LABEL_SIZE, color: '#374151' },
        encoding: { x: { value: at + SWATCH + 5 }, y: { value: y + 5 }, text: { value: e.label } },
      },
    ];
  });
}
