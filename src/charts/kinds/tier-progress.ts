import { fitText, textWidth } from '../font.ts';
import { progressRows, type PreparedChart } from '../prepare.ts';
import { FAINT, INK, INNER_WIDTH, LABEL_SIZE, MET, PRIMARY, TARGET, VALUE_SIZE } from '../theme.ts';
import { fullValue } from '../units.ts';
import { frame, uniqueLabels, type LayerTopLevel, type Row } from './frame.ts';

// Requirements mix dollars, counts and rates, so each bar is "% of its own requirement" on one
// shared 0–100% track, with a mark at 100%. The real figures ride above the bar, right-aligned,
// with the requirement's name on the left: a progress list, not a bar chart to decode.

const ROW = 52;
const BAR = 12;
const TEXT_GAP = BAR / 2 + 5;
/** Past this, a bar is clipped; its label still tells the real percentage. */
const MAX_CAP = 150;

export function tierProgressSpec(chart: PreparedChart): LayerTopLevel {
  const rows = progressRows(chart, (v) => fullValue(v, chart.unit, chart.format));
  const most = Math.max(100, ...rows.map((r) => r.pct ?? 0));
  const cap = Math.min(MAX_CAP, Math.ceil(most / 25) * 25);
  const labels = uniqueLabels(
    rows.map((r) => {
      const room = INNER_WIDTH - textWidth(r.text, VALUE_SIZE) - 16;
      return fitText(r.label, Math.max(60, room), LABEL_SIZE + 1, 600);
    }),
  );
  const data: Row[] = rows.map((r, i) => ({
    key: labels[i] ?? `row ${i + 1}`,
    pct: r.pct === null ? 0 : Math.min(r.pct, cap),
    tone: r.met ? 'met' : 'progress',
    text: r.text,
  }));
  const ticks = [0, 25, 50, 75, 100, 125, 150].filter((t) => t <= cap);
  const x = {
    type: 'quantitative' as const,
    // A little past the cap, so the 100% mark is not cut in half at the edge.
    scale: { domain: [0, cap * 1.015], nice: false, clamp: true },
    axis: {
      values: ticks,
      labelExpr: "datum.value + '%'",
      title: null,
      domain: false,
      ticks: false,
      // Grid lines would run through the figures above each bar; the track already shows scale.
      grid: false,
    },
  };
  const y = { field: 'key', type: 'nominal' as const, sort: null, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } };

  return frame(
    chart,
    {
      height: ROW * Math.max(1, rows.length),
      subtitle: 'Share of each requirement reached · the dark mark is 100%',
      data,
    },
    [
      { mark: { type: 'bar', height: BAR, color: FAINT, cornerRadius: 3 }, encoding: { y, x: { datum: 0, ...x }, x2: { datum: 100 } } },
      {
        mark: { type: 'bar', height: BAR, cornerRadius: 3 },
        encoding: {
          y,
          x: { field: 'pct', ...x },
          x2: { datum: 0 },
          color: { field: 'tone', type: 'nominal', scale: { domain: ['met', 'progress'], range: [MET, PRIMARY] }, legend: null },
        },
      },
      {
        mark: { type: 'tick', orient: 'vertical', size: BAR + 10, thickness: 2, color: TARGET },
        encoding: { y, x: { datum: 100 } },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -TEXT_GAP, fontSize: LABEL_SIZE + 1, fontWeight: 600, color: INK },
        encoding: { y, x: { datum: 0 }, text: { field: 'key', type: 'nominal' } },
      },
      {
        mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -TEXT_GAP, fontSize: VALUE_SIZE, color: '#4B5563' },
        encoding: { y, x: { datum: cap }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  );
}
