import { textWidth } from '../font.ts';
import { leaderboardRows, MAX_ROWS, type PreparedChart } from '../prepare.ts';
import { fitWords, pixels } from '../text-fit.ts';
import { INK, INNER_WIDTH, LABEL_SIZE, PALETTE, PRIMARY, SOFT, TARGET, VALUE_SIZE } from '../theme.ts';
import { shortValue } from '../units.ts';
import { frame, legendFor, uniqueLabels, withHalo, type Layer, type LayerTopLevel, type Row } from './frame.ts';

// Ranked horizontal bars, largest first (smallest first when less is better), each with its figure at the end, so no axis is needed.
// The asker's row (highlight) keeps the strong colour and a bold name; the rest step back.
// At most 10 rows (fewer when each row is a group of bars), so the picture stays about as tall as
// it is wide and reads in a chat message; the subtitle says how many more there are, and the
// asker's own row is added at the end, with its rank, when it ranks below the cut.

const STEP = 24;
/** A bar in a group: its figure (11 px) beside it never touches the next one's. */
const GROUP_STEP = 14;
/** The plot's height at most (1×): ten single rows, or as many groups of bars as fit in more room. */
const MAX_PLOT = 10 * STEP;
const MAX_GROUPED_PLOT = 440;
const NAME_ROOM = INNER_WIDTH * 0.4;

const ordinal = (n: number): string => {
  const rule = new Intl.PluralRules('en-US', { type: 'ordinal' }).select(n);
  return `${n}${{ one: 'st', two: 'nd', few: 'rd' }[rule as 'one' | 'two' | 'few'] ?? 'th'}`;
};

export function leaderboardSpec(chart: PreparedChart): LayerTopLevel {
  const many = chart.series.length > 1;
  const step = many ? Math.max(STEP, GROUP_STEP * chart.series.length + 8) : STEP;
  // Missing figures rank last; equal figures keep the order they came in.
  const fit = Math.max(1, Math.min(MAX_ROWS, Math.floor((many ? MAX_GROUPED_PLOT : MAX_PLOT) / step)));
  const { shown, ranks, hidden, ownAdded } = leaderboardRows(chart, fit);
  const fitName = pixels(LABEL_SIZE, 600);
  const names = uniqueLabels(
    shown.map((ci, r) => {
      const name = chart.categories[ci] ?? '';
      return ownAdded && r === shown.length - 1 ? fitWords(`${ranks[r]}. ${name}`, NAME_ROOM, fitName) : fitWords(name, NAME_ROOM, fitName);
    }),
  );
  const seriesNames = uniqueLabels(chart.series.map((s) => fitWords(s.name, INNER_WIDTH / 2, pixels(LABEL_SIZE))));
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
        legend: legendFor(seriesNames, plot),
      }
    : {
        field: 'tone',
        type: 'nominal' as const,
        scale: { domain: ['strong', 'soft'], range: [PRIMARY, SOFT] },
        legend: null,
      };

  // Target lines go first so bars and figures sit on top of them. Each one's label goes above
  // the rows, on the side of its line with more room, cut between words to fit that room.
  const layers: Layer[] = chart.targets.flatMap((t): Layer[] => {
    const at = ((t.value - bottom) / (top - bottom)) * plot;
    const right = plot - at - 8;
    const left = at + nameWidth - 8;
    const label = `${t.label ? `${t.label}: ` : ''}${shortValue(t.value, chart.unit, chart.format)}`;
    const toLeft = left > right;
    return [
      {
        mark: { type: 'rule', color: TARGET, strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { x: { datum: t.value, type: 'quantitative', axis: null } },
      },
      {
        // Above the rows; below them when a legend of series sits above.
        mark: { type: 'text', align: toLeft ? 'right' : 'left', baseline: 'top', dx: toLeft ? -4 : 4, y: many ? { expr: 'height + 4' } : -14, fontSize: VALUE_SIZE, fontWeight: 600, color: TARGET },
        encoding: {
          x: { datum: t.value, type: 'quantitative', axis: null },
          text: { value: fitWords(label, Math.max(40, toLeft ? left : right), pixels(VALUE_SIZE, 600)) },
        },
      },
    ];
  });
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
  const best = ownAdded ? rows - 1 : rows;
  const own = ownAdded ? ` and yours, ${ordinal(ranks[rows - 1] ?? 0)}` : '';
  const total = chart.format.count(chart.categories.length);
  return frame(
    chart,
    {
      height: step * rows,
      ...(hidden > 0 ? { subtitle: `Top ${best} of ${total}${own} · ${chart.format.count(hidden)} more not shown` } : {}),
      data,
    },
    layers,
  );
}
