import { fitText, textWidth } from '../font.ts';
import { rankedRows, type PreparedChart } from '../prepare.ts';
import { INK, INNER_WIDTH, LABEL_SIZE, PALETTE, PRIMARY, SOFT, TARGET, VALUE_SIZE } from '../theme.ts';
import { shortValue } from '../units.ts';
import { frame, legendFor, uniqueLabels, withHalo, type Layer, type LayerTopLevel, type Row } from './frame.ts';

// Ranked horizontal bars, largest first (smallest first when less is better), each with its figure at the end, so no axis is needed.
// The asker's row (highlight) keeps the strong colour and a bold name; the rest step back.

export const MAX_ROWS = 25;
const STEP = 26;
const GROUP_STEP = 14;
const NAME_ROOM = INNER_WIDTH * 0.38;

export function leaderboardSpec(chart: PreparedChart): LayerTopLevel {
  // Missing figures rank last; equal figures keep the order they came in.
  const order = rankedRows(chart);
  const shown = order.slice(0, MAX_ROWS);
  const names = uniqueLabels(shown.map((i) => fitText(chart.categories[i] ?? '', NAME_ROOM, LABEL_SIZE, 600)));
  const many = chart.series.length > 1;
  const seriesNames = uniqueLabels(chart.series.map((s) => fitText(s.name, INNER_WIDTH / 2, LABEL_SIZE)));
  const mine = chart.highlight === null ? null : shown.indexOf(chart.highlight);
  const mineName = mine === null || mine < 0 ? null : names[mine];

  const data: Row[] = chart.series.flatMap((s, si) =>
    shown.map((ci, r) => {
      const v = s.values[ci] ?? null;
      return {
        name: names[r] ?? '',
        series: seriesNames[si] ?? '',
        value: v ?? 0,
        label: v === null ? 'n/a' : (s.display[ci] ?? shortValue(v, chart.unit, chart.format)),
        tone: mineName === null || names[r] === mineName ? 'strong' : 'soft',
      };
    }),
  );

  // Leave room past the longest bar for its figure: Vega will not move a label inside the plot.
  const values = [...data.map((d) => Number(d.value)), ...chart.targets.map((t) => t.value)];
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const nameWidth = Math.max(0, ...names.map((n) => textWidth(n, LABEL_SIZE, 600))) + 8;
  const plot = INNER_WIDTH - nameWidth;
  const labelRoom = Math.max(0, ...data.map((d) => textWidth(String(d.label), VALUE_SIZE))) + 10;
  // Pixels per unit once the label room is set aside on the side(s) that have bars; negative
  // figures (a net change) get their room on the left, labels outside their bars.
  const roomRight = max > 0 || min === 0 ? labelRoom : 0;
  const roomLeft = min < 0 ? labelRoom : 0;
  const perUnit = Math.max(plot * 0.4, plot - roomLeft - roomRight) / Math.max(max - min, 1e-9);
  const top = max > 0 ? max + roomRight / perUnit : max === 0 && min === 0 ? 1 : 0;
  const bottom = min < 0 ? min - roomLeft / perUnit : 0;

  const y = {
    field: 'name',
    type: 'nominal' as const,
    sort: names,
    title: null,
    scale: { paddingInner: many ? 0.2 : 0.3, paddingOuter: 0.1 },
    axis: {
      domain: false,
      ticks: false,
      labelFontSize: LABEL_SIZE,
      labelColor: INK,
      labelFontWeight: { expr: mineName === null ? '400' : `datum.value === ${JSON.stringify(mineName)} ? 700 : 400` },
    },
  };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    scale: { domain: [bottom, top], nice: false },
    axis: null,
  };
  const offset = many ? { yOffset: { field: 'series', type: 'nominal' as const, sort: seriesNames } } : {};
  const color = many
    ? {
        field: 'series',
        type: 'nominal' as const,
        sort: seriesNames,
        scale: { domain: seriesNames, range: [...PALETTE].slice(0, seriesNames.length) },
        legend: legendFor(seriesNames),
      }
    : {
        field: 'tone',
        type: 'nominal' as const,
        scale: { domain: ['strong', 'soft'], range: [PRIMARY, SOFT] },
        legend: null,
      };

  // Target lines go first so bars and figures sit on top of them.
  const layers: Layer[] = chart.targets.flatMap((t): Layer[] => [
    {
      mark: { type: 'rule', color: TARGET, strokeDash: [5, 4], strokeWidth: 1.5 },
      encoding: { x: { datum: t.value, type: 'quantitative', axis: null } },
    },
    {
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: -14, fontSize: VALUE_SIZE, fontWeight: 600, color: TARGET },
      encoding: {
        x: { datum: t.value, type: 'quantitative', axis: null },
        text: { value: `${t.label ? `${t.label}: ` : ''}${shortValue(t.value, chart.unit, chart.format)}` },
      },
    },
  ]);
  layers.push(
    { mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { y, x, color, ...offset } },
    ...withHalo({
      mark: {
        type: 'text',
        align: { expr: "datum.value < 0 ? 'right' : 'left'" },
        dx: { expr: 'datum.value < 0 ? -4 : 4' },
        baseline: 'middle',
        fontSize: VALUE_SIZE,
        color: '#374151',
      },
      encoding: { y, x, text: { field: 'label', type: 'nominal' }, ...offset },
    }),
  );

  const rows = shown.length;
  const step = many ? Math.max(STEP, GROUP_STEP * chart.series.length + 8) : STEP;
  const hidden = chart.categories.length - rows;
  return frame(
    chart,
    {
      height: step * rows,
      ...(hidden > 0 ? { subtitle: `Top ${rows} of ${chart.categories.length}` } : {}),
      data,
    },
    layers,
  );
}
