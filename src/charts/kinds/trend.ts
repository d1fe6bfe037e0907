import { fitText, textWidth } from '../font.ts';
import type { PreparedChart } from '../prepare.ts';
import { INNER_WIDTH, LABEL_SIZE, PALETTE, TARGET, VALUE_SIZE } from '../theme.ts';
import { axisFormat, shortValue } from '../units.ts';
import { frame, legendFor, niceMax, uniqueLabels, withHalo, type Layer, type LayerTopLevel, type Row } from './frame.ts';

// Periods left to right. A handful of periods ("last quarter vs this quarter") reads best as
// bars with their figures on top; a longer run reads best as lines. Targets are dashed lines
// labelled at the right edge.

const HEIGHT = 240;
const BARS_UP_TO = 4;
/** Figures on each point only while they cannot collide. */
const POINT_LABELS_UP_TO = 8;

export function trendSpec(chart: PreparedChart): LayerTopLevel {
  const n = chart.categories.length;
  const asBars = n <= BARS_UP_TO;
  const many = chart.series.length > 1;
  const names = uniqueLabels(chart.series.map((s) => fitText(s.name, INNER_WIDTH / 2, LABEL_SIZE)));

  // Rough plot width before Vega lays out the y axis; enough to decide on slanted labels.
  const slot = (INNER_WIDTH - 50) / Math.max(1, n);
  const periods = uniqueLabels(chart.categories.map((c) => fitText(c, 130, LABEL_SIZE)));
  const widest = Math.max(0, ...periods.map((c) => textWidth(c, LABEL_SIZE)));
  const slant = widest > slot - 6;

  const data: Row[] = chart.series.flatMap((s, si) =>
    s.values.map((v, i) => ({
      period: periods[i] ?? '',
      order: i,
      series: names[si] ?? '',
      value: v,
      label: v === null ? '' : (s.display[i] ?? shortValue(v, chart.unit, chart.format)),
    })),
  );

  const all = [...chart.series.flatMap((s) => s.values), ...chart.targets.map((t) => t.value)].filter(
    (v): v is number => v !== null,
  );
  const max = niceMax(all);
  const min = Math.min(0, ...all);

  const x = {
    field: 'period',
    type: 'ordinal' as const,
    sort: periods,
    title: null,
    axis: {
      labelAngle: slant ? -35 : 0,
      ...(slant ? { labelAlign: 'right' as const, labelBaseline: 'top' as const } : {}),
      labelOverlap: 'greedy' as const,
      domainColor: '#D1D5DB',
      ticks: false,
    },
    ...(asBars ? { scale: barPadding(n, chart.series.length) } : {}),
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: null,
    scale: { domain: [min, max], nice: true, zero: true },
    axis: { ...axisFormat(chart.unit, max, chart.format), tickCount: 5, domain: false, ticks: false, grid: true },
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
  const targetY = (value: number) => ({ datum: value, type: 'quantitative' as const, title: null, scale: y.scale, axis: y.axis });
  const layers: Layer[] = chart.targets.map((t) => ({
    mark: { type: 'rule', color: TARGET, strokeDash: [5, 4], strokeWidth: 1.5 },
    encoding: { y: targetY(t.value) },
  }));
  const offset = many ? { xOffset: { field: 'series', type: 'nominal' as const, sort: names } } : {};
  if (asBars) {
    layers.push({ mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { x, y, color, ...offset } });
    if (chart.series.length <= 2) {
      layers.push(
        ...withHalo({
          mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: VALUE_SIZE, color: '#374151' },
          encoding: { x, y, text: { field: 'label', type: 'nominal' }, ...offset },
        }),
      );
    }
  } else {
    layers.push({
      mark: { type: 'line', strokeWidth: 2.5, point: { size: 36, filled: true } },
      encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
    });
    if (!many && n <= POINT_LABELS_UP_TO) {
      layers.push(
        ...withHalo({
          mark: { type: 'text', baseline: 'bottom', dy: -7, fontSize: VALUE_SIZE, color: '#374151' },
          encoding: { x, y, text: { field: 'label', type: 'nominal' } },
        }),
      );
    }
  }
  for (const t of chart.targets) {
    const label = `${t.label ? `${t.label}: ` : ''}${shortValue(t.value, chart.unit, chart.format)}`;
    layers.push(
      ...withHalo({
        mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, fontSize: VALUE_SIZE, color: TARGET, fontWeight: 600 },
        encoding: { y: targetY(t.value), x: { value: 'width' }, text: { value: label } },
      }),
    );
  }

  return frame(chart, { height: HEIGHT, data }, layers);
}

/**
 * Two fat bars look like a poster: keep each period's group at most ~56 px a series (160 px in
 * all) by widening the outer padding, from the plot width estimated without the y axis.
 */
function barPadding(n: number, seriesCount: number): { paddingInner: number; paddingOuter: number } {
  const inner = 0.3;
  const plot = INNER_WIDTH - 50;
  const maxBand = Math.min(160, 56 * seriesCount);
  const outer = (plot * (1 - inner)) / maxBand - n + inner;
  return { paddingInner: inner, paddingOuter: Math.max(0.15, outer / 2) };
}
