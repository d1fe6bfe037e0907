import type { Chart, ChartKind } from '../reply/types.ts';
import type { Unit } from '../metrics/names.ts';
import { chartFormat, type Formatter } from '../reply/format.ts';
import { readerDates } from './dates.ts';
import { characters, fitWords } from './text-fit.ts';

// Charts arrive from intents; this is the one place that makes them safe to draw, so the PNG and
// text renderers never meet a NaN, a ragged series or a 300-character title.

export const MAX_TITLE = 50;
export const MAX_SERIES = 6;
export const EMPTY_MESSAGE = 'No data for this period';

export interface PreparedSeries {
  name: string;
  /** One per category; null where the figure is missing (a rate with nothing to measure). */
  values: (number | null)[];
  display: (string | null)[];
}

export interface PreparedChart {
  kind: ChartKind;
  title: string;
  categories: string[];
  series: PreparedSeries[];
  targets: { label: string; value: number }[];
  unit: Unit;
  highlight: number | null;
  /** leaderboard: smallest first (less is better). */
  ascending: boolean;
  /** Nothing to plot: no categories, no series, or every value missing. Drawn as a placeholder. */
  empty: boolean;
  /** The word for figures that are not actuals ("what-if", "projected"), or null for actuals. */
  hypothetical: string | null;
  /** How its figures read: the reader's locale and the program's currency (en-US/USD when the chart names none). */
  format: Formatter;
}

/**
 * The order a leaderboard shows its rows in: by the first series, largest first (smallest first
 * when less is better); missing figures last; equal figures in the order they came.
 */
export function rankedRows(chart: PreparedChart): number[] {
  const first = chart.series[0]?.values ?? [];
  const dir = chart.ascending ? -1 : 1;
  const key = (i: number): number => {
    const v = first[i];
    return v === null || v === undefined ? -Infinity : dir * v;
  };
  return chart.categories.map((_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}

/** At most `max` characters, cut between words; "…" marks the cut, so a reader knows the title went on. */
export function clampTitle(title: string, max = MAX_TITLE): string {
  return fitWords(title, max, characters);
}

/** Leaderboards show this many rows at most, and say how many more there are. */
export const MAX_ROWS = 10;

export interface LeaderboardRows {
  /** Category indexes in the order drawn. */
  shown: number[];
  /** Each shown row's place in the full ranking, from 1. */
  ranks: number[];
  /** Rows left out. */
  hidden: number;
  /** The asker's row came from below the cut and was added at the end. */
  ownAdded: boolean;
}

/**
 * The rows a leaderboard draws: the first `max` in rank order, and the asker's own row (highlight)
 * added after them when it ranks lower, so they always see where they stand.
 */
export function leaderboardRows(chart: PreparedChart, max = MAX_ROWS): LeaderboardRows {
  const order = rankedRows(chart);
  const shown = order.slice(0, max);
  const ranks = shown.map((_, i) => i + 1);
  const own = chart.highlight;
  const ownAdded = own !== null && !shown.includes(own);
  if (ownAdded) {
    shown.push(own);
    ranks.push(order.indexOf(own) + 1);
  }
  return { shown, ranks, hidden: order.length - shown.length, ownAdded };
}

// Values are typed number, but they come from metric results where null means "no data"; a
// stray null or NaN must read as missing, never as 0 and never as a crash.
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function prepareChart(chart: Chart): PreparedChart {
  const format = chartFormat(chart);
  // Every date in the reader's style, whoever wrote the label (dates.ts).
  const text = (s: unknown): string => readerDates(String(s ?? '').replace(/\s+/g, ' ').trim(), format);
  const categories = (chart.categories ?? []).map(text);
  const series = (chart.series ?? []).slice(0, MAX_SERIES).map((s, i) => ({
    name: text(s.name) || `Series ${i + 1}`,
    values: categories.map((_, j) => finite(s.values?.[j])),
    display: categories.map((_, j) => {
      const d = s.display?.[j];
      return typeof d === 'string' && d.trim() !== '' ? text(d) : null;
    }),
  }));
  const targets = (chart.targets ?? [])
    .map((t) => ({ label: text(t.label), value: finite(t.value) }))
    .filter((t): t is { label: string; value: number } => t.value !== null);
  const highlight =
    typeof chart.highlight === 'number' && Number.isInteger(chart.highlight) && chart.highlight >= 0 && chart.highlight < categories.length
      ? chart.highlight
      : null;
  const anyValue = series.some((s) => s.values.some((v) => v !== null));
  const hypothetical = typeof chart.hypothetical === 'string' && chart.hypothetical.trim() !== '' ? clampTitle(chart.hypothetical, 20) : null;
  return {
    kind: chart.kind,
    title: clampTitle(text(chart.title)),
    categories,
    series,
    targets,
    unit: chart.unit,
    highlight,
    ascending: chart.ascending === true,
    empty: categories.length === 0 || !anyValue,
    hypothetical,
    format,
  };
}

export interface ProgressRow {
  label: string;
  /** Current as a percentage of the requirement; null when current is missing. */
  pct: number | null;
  /** A hypothetical chart's figure today (series[2]), as a percentage of the requirement; null when not given. */
  today: number | null;
  met: boolean;
  /** "$420,000 of $500,000 · 84%" or "84%". */
  text: string;
}

/**
 * tier_progress: series[0] is current, series[1] (optional) is required. Without a required
 * series, current is already "% of the requirement". series[0].display, when given, names the
 * real figures ("$420,000 of $500,000"). A hypothetical chart's series[2] is today's figure, in
 * the same terms as series[0].
 */
export function progressRows(chart: PreparedChart, fmt: (v: number) => string): ProgressRow[] {
  const current = chart.series[0];
  const required = chart.series[1];
  const today = chart.hypothetical ? chart.series[2] : undefined;
  const percentOf = (cur: number | null, req: number | null): number | null =>
    cur === null || req === null ? null : req > 0 ? (cur / req) * 100 : cur >= req ? 100 : 0;
  return chart.categories.map((label, i) => {
    const cur = current?.values[i] ?? null;
    const req = required ? (required.values[i] ?? null) : 100;
    const pct = percentOf(cur, req);
    const base = today ? percentOf(today.values[i] ?? null, req) : null;
    const pctText = pct === null ? 'no data' : chart.format.percent(roundPct(pct));
    const display = current?.display[i] ?? null;
    // When the series already are percentages of the requirement, "84% of 100%" says nothing new.
    const alreadyPct = !required || (chart.unit === 'percent' && req === 100);
    const figures = display ?? (alreadyPct || cur === null || req === null ? null : `${fmt(cur)} of ${fmt(req)}`);
    return {
      label,
      pct: pct === null ? null : Math.max(0, pct),
      today: base === null ? null : Math.max(0, base),
      met: pct !== null && pct >= 100 - 1e-9,
      text: figures ? `${figures} · ${pctText}` : pctText,
    };
  });
}

/** Progress is never below 0%; one decimal below 10%, whole above. */
const roundPct = (p: number): number => {
  const v = Math.max(0, p);
  return v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
};
