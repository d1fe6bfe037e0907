import { textWidth } from '../font.ts';
import { hatchFill } from '../hatch.ts';
import { progressRows, type PreparedChart } from '../prepare.ts';
import { fitWords, pixels } from '../text-fit.ts';
import { FAINT, INK, INNER_WIDTH, LABEL_SIZE, MET, PRIMARY, TARGET, VALUE_SIZE } from '../theme.ts';
import { fullValue } from '../units.ts';
import { frame, legendLayers, uniqueLabels, type Layer, type LayerTopLevel, type Row } from './frame.ts';

// Requirements mix dollars, counts and rates, so each bar is "% of its own requirement" on one
// shared 0–100% track, with a mark at 100%. The real figures ride above the bar, right-aligned,
// with the requirement's name on the left: a progress list, not a bar chart to decode.
// Hypothetical figures (a what-if, a projection) are hatched, today's solid beneath them, and a
// legend says which is which: a scenario never passes for the real thing.

const ROW = 52;
const BAR = 12;
/** The 100% mark stands this far above and below its bar, and no further: the figures sit above it. */
const MARK_OVER = 3;
/** Baseline of the name and figures above the bar's centre: clear of the mark's top by 5 px. */
const TEXT_GAP = BAR / 2 + MARK_OVER + 5;
/** Past this, a bar is clipped; its label still tells the real percentage. */
const MAX_CAP = 150;
/** Requirements drawn at most; the subtitle says when there are more. */
const MAX_ROWS = 12;

export function tierProgressSpec(chart: PreparedChart): LayerTopLevel {
  const all = progressRows(chart, (v) => fullValue(v, chart.unit, chart.format));
  // A tier has a handful of requirements; past MAX_ROWS the picture would outgrow a chat message.
  const rows = all.slice(0, MAX_ROWS);
  const most = Math.max(100, ...rows.map((r) => Math.max(r.pct ?? 0, r.today ?? 0)));
  const cap = Math.min(MAX_CAP, Math.ceil(most / 25) * 25);
  const labels = uniqueLabels(
    rows.map((r) => {
      const room = INNER_WIDTH - textWidth(r.text, VALUE_SIZE) - 16;
      return fitWords(r.label, Math.max(60, room), pixels(LABEL_SIZE + 1, 600));
    }),
  );
  const hypothetical = chart.hypothetical;
  const withToday = hypothetical !== null && rows.some((r) => r.today !== null);
  const clip = (p: number | null): number => (p === null ? 0 : Math.min(p, cap));
  const lower = (r: (typeof rows)[number]): boolean => r.today !== null && r.pct !== null && r.today > r.pct + 1e-9;
  const data: Row[] = rows.map((r, i) => ({
    key: labels[i] ?? `row ${i + 1}`,
    pct: clip(r.pct),
    tone: r.met ? 'met' : 'progress',
    // Today's part, drawn solid under a hypothetical bar that reaches further; when the scenario
    // lowers the figure, today's is outlined beyond it instead.
    solid: r.today === null || lower(r) ? 0 : clip(r.today),
    today: clip(r.today),
    todayTone: r.today !== null && r.today >= 100 - 1e-9 ? 'met' : 'progress',
    lower: lower(r),
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
  // The colour says met or not; a hypothetical bar is hatched in it. A mark property, not a
  // colour encoding: Vega-Lite would merge the solid and hatched layers' colour scales into one.
  const toned = (field: string, fill: (c: string) => string) => ({
    expr: `datum.${field} === 'met' ? ${JSON.stringify(fill(MET))} : ${JSON.stringify(fill(PRIMARY))}`,
  });
  const bar = { type: 'bar' as const, height: BAR, cornerRadius: 3 };

  const bars: Layer[] = hypothetical
    ? [
        { mark: { ...bar, fill: toned('tone', hatchFill) }, encoding: { y, x: { field: 'pct', ...x }, x2: { datum: 0 } } },
        ...(withToday
          ? [
              {
                transform: [{ filter: 'datum.solid > 0' }],
                // Square where the hatched part goes on.
                mark: { ...bar, fill: toned('todayTone', (c) => c), cornerRadiusTopRight: { expr: 'datum.solid < datum.pct ? 0 : 3' }, cornerRadiusBottomRight: { expr: 'datum.solid < datum.pct ? 0 : 3' } },
                encoding: { y, x: { field: 'solid', ...x }, x2: { datum: 0 } },
              } satisfies Layer,
              {
                transform: [{ filter: 'datum.lower' }],
                mark: { ...bar, height: BAR - 1, fillOpacity: 0, stroke: PRIMARY, strokeWidth: 1, strokeDash: [3, 2] },
                encoding: { y, x: { field: 'today', ...x }, x2: { field: 'pct' } },
              } satisfies Layer,
            ]
          : []),
      ]
    : [{ mark: { ...bar, fill: toned('tone', (c) => c) }, encoding: { y, x: { field: 'pct', ...x }, x2: { datum: 0 } } }];

  const more = all.length > rows.length ? ` · first ${rows.length} of ${all.length}` : '';
  const subtitle = hypothetical
    ? `${hypothetical.charAt(0).toUpperCase()}${hypothetical.slice(1)} figures, not actuals · the dark mark is 100%${more}`
    : `Share of each requirement reached · the dark mark is 100%${more}`;
  const legend = hypothetical
    ? legendLayers(
        [
          ...(data.some((d) => Number(d.solid) > 0) ? [{ fill: PRIMARY, label: 'today' }] : []),
          { fill: hatchFill(PRIMARY), label: hypothetical },
          ...(data.some((d) => d.lower === true) ? [{ fill: PRIMARY, label: 'today, where higher', outline: true }] : []),
        ],
        -30,
      )
    : [];

  return frame(chart, { height: ROW * Math.max(1, rows.length), subtitle, data }, [
    { mark: { type: 'bar', height: BAR, color: FAINT, cornerRadius: 3 }, encoding: { y, x: { datum: 0, ...x }, x2: { datum: 100 } } },
    ...bars,
    {
      mark: { type: 'tick', orient: 'vertical', size: BAR + 2 * MARK_OVER, thickness: 2, color: TARGET },
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
    ...legend,
  ]);
}
