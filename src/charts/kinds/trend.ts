import { textWidth } from '../font.ts';
import type { PreparedChart } from '../prepare.ts';
import { fitWords, pixels, wrapWords } from '../text-fit.ts';
import { INNER_WIDTH, LABEL_SIZE, PALETTE, PRIMARY, SOFT, TARGET, VALUE_SIZE } from '../theme.ts';
import { axisFormat, shortValue } from '../units.ts';
import { frame, legendFor, uniqueLabels, withHalo, type Layer, type LayerTopLevel, type Row } from './frame.ts';
import { periodAxis, valueScale } from './trend-scale.ts';

// Periods left to right. A handful of periods ("last quarter vs this quarter") reads best as
// bars with their figures on them and no axis to decode: centred in the picture, the latest
// period in the strong colour, names wrapped under the bars, and for two periods the change said
// in words above. A longer run reads best as lines. Targets are dashed lines labelled at the
// right edge.

const HEIGHT = 240;
const COMPARE_HEIGHT = 180;
const BARS_UP_TO = 4;
/** Figures on each point only while they cannot collide. */
const POINT_LABELS_UP_TO = 8;
/** A compared bar is at most this wide (1×): two fat bars look like a poster. */
const COMPARE_BAR = 84;
/** Bar centres at most this far apart, so two bars read as a pair. */
const COMPARE_STEP = 170;

export function trendSpec(chart: PreparedChart): LayerTopLevel {
  const n = chart.categories.length;
  if (n <= BARS_UP_TO && chart.series.length <= 2 && figuresFit(chart)) return comparisonSpec(chart);
  return seriesSpec(chart, n <= BARS_UP_TO);
}

/** The band each period gets in a comparison: at most COMPARE_STEP, less when periods are many. */
const compareStep = (n: number): number => Math.min(INNER_WIDTH / Math.max(1, n), COMPARE_STEP);

/** Each bar's figure fits over its own bar's share of the band, so no two figures collide. */
function figuresFit(chart: PreparedChart): boolean {
  const share = compareStep(chart.categories.length) / chart.series.length - 4;
  return chart.series.every((s) => s.values.every((v, i) => v === null || textWidth(s.display[i] ?? shortValue(v, chart.unit, chart.format), VALUE_SIZE + 1, 600) <= share));
}

const seriesNames = (chart: PreparedChart): string[] =>
  uniqueLabels(chart.series.map((s) => fitWords(s.name, INNER_WIDTH / 2, pixels(LABEL_SIZE))));

function rowsOf(chart: PreparedChart, periods: string[], names: string[]): Row[] {
  const last = chart.categories.length - 1;
  return chart.series.flatMap((s, si) =>
    s.values.map((v, i) => ({
      period: periods[i] ?? '',
      order: i,
      series: names[si] ?? '',
      value: v,
      label: v === null ? '' : (s.display[i] ?? shortValue(v, chart.unit, chart.format)),
      tone: i === last ? 'now' : 'before',
    })),
  );
}

function targetLayers(chart: PreparedChart, y: (value: number) => object): { rules: Layer[]; labels: Layer[] } {
  const rules: Layer[] = chart.targets.map((t) => ({
    mark: { type: 'rule', color: TARGET, strokeDash: [5, 4], strokeWidth: 1.5 },
    encoding: { y: y(t.value) },
  }));
  const labels: Layer[] = chart.targets.flatMap((t) =>
    withHalo({
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, fontSize: VALUE_SIZE, color: TARGET, fontWeight: 600 },
      encoding: {
        y: y(t.value),
        x: { value: 'width' },
        text: { value: fitWords(`${t.label ? `${t.label}: ` : ''}${shortValue(t.value, chart.unit, chart.format)}`, INNER_WIDTH / 2, pixels(VALUE_SIZE, 600)) },
      },
    }),
  );
  return { rules, labels };
}

/** "Down $4,116 (6.9%)": the change from the first period to the second, in words. */
function changeText(chart: PreparedChart): string | undefined {
  const [a, b] = chart.series[0]?.values ?? [];
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  const d = b - a;
  const f = chart.format;
  if (Math.abs(d) < 1e-9) return 'No change';
  const by = chart.unit === 'percent' ? f.gap(Math.abs(d), 'percent') : f.value(Math.abs(d), chart.unit);
  const rel = chart.unit !== 'percent' && a !== 0 ? ` (${f.percent(Math.abs(d / a) * 100)})` : '';
  return `${d > 0 ? 'Up' : 'Down'} ${by}${rel}`;
}

/** Two to four periods, one or two series: labelled bars, no value axis, centred. */
function comparisonSpec(chart: PreparedChart): LayerTopLevel {
  const n = chart.categories.length;
  const many = chart.series.length > 1;
  const names = seriesNames(chart);
  // The plot has the whole width (no y axis), so the bars sit in the middle of the picture; each
  // period gets a band at most COMPARE_STEP wide, its bars at most COMPARE_BAR a series.
  const step = compareStep(n);
  const inner = Math.max(0.2, 1 - (COMPARE_BAR * chart.series.length) / step);
  const outer = Math.max(0, (INNER_WIDTH / step - n + inner) / 2);
  const periods = uniqueLabels(chart.categories.map((c) => wrapWords(c, step - 10, pixels(LABEL_SIZE)).join('\n')));
  const data = rowsOf(chart, periods, names);

  // No axis to read values from: the bars fill the height, with room above for their figures.
  const values = [...chart.series.flatMap((s) => s.values), ...chart.targets.map((t) => t.value)].filter((v): v is number => v !== null);
  const hi = Math.max(0, ...values);
  const lo = Math.min(0, ...values);
  const perPixel = (hi - lo || 1) / (COMPARE_HEIGHT - 22 * (lo < 0 ? 2 : 1));
  const domain = [lo < 0 ? lo - 22 * perPixel : 0, hi > 0 || lo === 0 ? Math.max(hi, 0) + 22 * perPixel : 0];
  const x = {
    field: 'period',
    type: 'ordinal' as const,
    sort: periods,
    title: null,
    scale: { paddingInner: inner, paddingOuter: outer },
    axis: { labelExpr: "split(datum.value, '\\n')", labelAngle: 0, labelOverlap: false, labelLineHeight: 14, labelPadding: 8, domain: false, ticks: false },
  };
  const y = { field: 'value', type: 'quantitative' as const, title: null, scale: { domain, nice: false, zero: true }, axis: null };
  const color = many
    ? { field: 'series', type: 'nominal' as const, sort: names, scale: { domain: names, range: [...PALETTE].slice(0, names.length) }, legend: legendFor(names, INNER_WIDTH) }
    : { field: 'tone', type: 'nominal' as const, scale: { domain: ['now', 'before'], range: [PRIMARY, SOFT] }, legend: null };
  const offset = many ? { xOffset: { field: 'series', type: 'nominal' as const, sort: names } } : {};
  const targets = targetLayers(chart, (value) => ({ datum: value, type: 'quantitative' as const, scale: y.scale, axis: null }));
  const change = n === 2 && !many ? changeText(chart) : undefined;

  return frame(chart, { height: COMPARE_HEIGHT, data, ...(change ? { subtitle: change } : {}) }, [
    ...targets.rules,
    { mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { x, y, color, ...offset } },
    // The zero line the bars stand on (and hang from, below zero).
    { mark: { type: 'rule', color: '#D1D5DB' }, encoding: { y: { datum: 0, type: 'quantitative', scale: y.scale, axis: null } } },
    ...withHalo({
      mark: {
        type: 'text',
        baseline: { expr: "datum.value < 0 ? 'top' : 'bottom'" },
        dy: { expr: 'datum.value < 0 ? 4 : -4' },
        fontSize: VALUE_SIZE + (many ? 0 : 1),
        fontWeight: 600,
        color: '#374151',
      },
      encoding: { x, y, text: { field: 'label', type: 'nominal' }, ...offset },
    }),
    ...targets.labels,
  ]);
}

/** A run of periods as lines (or, for three or more series over a few periods, bars on an axis). */
function seriesSpec(chart: PreparedChart, asBars: boolean): LayerTopLevel {
  const n = chart.categories.length;
  const many = chart.series.length > 1;
  const names = seriesNames(chart);
  const pointLabels = !asBars && !many && n <= POINT_LABELS_UP_TO;

  const all = [...chart.series.flatMap((s) => s.values), ...chart.targets.map((t) => t.value)].filter((v): v is number => v !== null);
  // Room above the highest point for its figure, and for the line's width and dot.
  const scale = valueScale(all, HEIGHT, pointLabels ? 22 : 8, chart.unit === 'count');
  const tickFormat = axisFormat(chart.unit, Math.max(Math.abs(scale.domain[0]), Math.abs(scale.domain[1])), chart.format);
  const tickWidth = Math.max(...scale.ticks.map((t) => textWidth(tickText(t, chart), LABEL_SIZE)));
  const plot = INNER_WIDTH - tickWidth - 12;

  const periods = uniqueLabels(chart.categories.map((c) => fitWords(c, 130, pixels(LABEL_SIZE))));
  const axis = periodAxis(periods, plot, asBars);
  const data = rowsOf(chart, periods, names);

  const x = {
    field: 'period',
    type: 'ordinal' as const,
    sort: periods,
    title: null,
    axis: { ...axis, labelOverlap: false, domainColor: '#D1D5DB', ticks: false },
    ...(asBars ? { scale: { paddingInner: 0.3, paddingOuter: 0.2 } } : {}),
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: null,
    scale: { domain: scale.domain, nice: false, zero: true },
    axis: { ...tickFormat, values: scale.ticks, domain: false, ticks: false, grid: true },
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    sort: names,
    scale: { domain: names, range: [...PALETTE].slice(0, names.length) },
    legend: many ? legendFor(names) : null,
  };

  // Target lines first, so bars and lines are drawn over them; their labels come last, on top.
  // Same scale and axis as the data's y, or Vega-Lite's layer merge drops the axis.
  const targets = targetLayers(chart, (value) => ({ datum: value, type: 'quantitative' as const, title: null, scale: y.scale, axis: y.axis }));
  const layers: Layer[] = [...targets.rules];
  if (asBars) {
    const offset = many ? { xOffset: { field: 'series', type: 'nominal' as const, sort: names } } : {};
    layers.push({ mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { x, y, color, ...offset } });
  } else {
    layers.push({
      mark: { type: 'line', strokeWidth: 2.5, point: { size: 36, filled: true } },
      encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
    });
    if (pointLabels) {
      layers.push(
        ...withHalo({
          mark: { type: 'text', baseline: 'bottom', dy: -7, fontSize: VALUE_SIZE, color: '#374151' },
          encoding: { x, y, text: { field: 'label', type: 'nominal' } },
        }),
      );
    }
  }
  layers.push(...targets.labels);
  return frame(chart, { height: HEIGHT, data }, layers);
}

/** A tick's label as the axis will write it, for measuring the axis (close enough: same digits). */
function tickText(v: number, chart: PreparedChart): string {
  return chart.unit === 'currency' ? chart.format.moneyShort(v) : shortValue(v, chart.unit, chart.format);
}
