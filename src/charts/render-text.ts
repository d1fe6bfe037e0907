import type { Chart } from '../reply/types.ts';
import { EMPTY_MESSAGE, leaderboardRows, prepareChart, progressRows, type PreparedChart } from './prepare.ts';
import { characters, fitWords } from './text-fit.ts';
import { fullValue, shortValue } from './units.ts';

// The terminal's chart: block bars in eighths (█▉▊▋▌▍▎▏), figures at the end, a │ where the
// target sits. Same data and the same rules (order, top 10 and the asker's row, "n/a", labels cut
// between words) as the PNG, so `pulse ask` and Slack tell the same story. Hypothetical figures
// (a what-if) fill with ▒ past today's █. Plain text only: no colour codes, so it also survives pipes.

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
const FULL = '█';
const SHADE = '▒';
const TRACK = '░';
const MARK = '│';
const MIN_WIDTH = 30;

const len = (s: string): number => [...s].length;

/** At most `max` characters, cut between words (text-fit.ts). */
const cut = (s: string, max: number): string => (max <= 0 ? '' : fitWords(s, max, characters));

const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - len(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - len(s))) + s;

/** A bar `cells` wide at most, `fraction` (0–1) of it filled, in eighths of a cell. */
export function bar(fraction: number, cells: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * cells * 8);
  const s = FULL.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  // A non-zero figure always shows something.
  return s === '' && f > 0 ? EIGHTHS[1] : s;
}

/** A hypothetical bar: today's part in full blocks, the rest of the scenario shaded, whole cells. */
function shaded(fraction: number, today: number, cells: number): string {
  const clamp = (f: number) => (Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0);
  const all = Math.round(clamp(fraction) * cells);
  const solid = Math.min(all, Math.round(clamp(today) * cells));
  const s = FULL.repeat(solid) + SHADE.repeat(all - solid);
  return s === '' && fraction > 0 ? SHADE : s;
}

/** Puts MARK at column `at` of a `cells`-wide bar, unless the bar already covers it. */
function withMark(b: string, cells: number, at: number | null): string {
  const padded = padEnd(b, cells);
  if (at === null || at < 0 || at >= cells) return padded;
  const chars = [...padded];
  if (chars[at] === ' ') chars[at] = MARK;
  return chars.join('');
}

export function renderChartText(chart: Chart, width = 60): string {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const p = prepareChart(chart);
  const head = p.title ? [cut(p.title, w)] : [];
  if (p.empty) return [...head, EMPTY_MESSAGE].join('\n');
  switch (p.kind) {
    case 'tier_progress':
      return [...head, ...tierProgress(p, w)].join('\n');
    case 'trend':
      return [...head, ...trend(p, w)].join('\n');
    case 'peer_distribution':
      return [...head, ...peers(p, w)].join('\n');
    case 'leaderboard':
      return [...head, ...leaderboard(p, w)].join('\n');
  }
}

// Two lines a requirement: name and figures, then the bar against a track to 100% (│ beyond
// 100% when overachieved, so the mark stays visible).
function tierProgress(p: PreparedChart, w: number): string[] {
  const rows = progressRows(p, (v) => fullValue(v, p.unit, p.format));
  const cap = Math.min(150, Math.max(100, ...rows.map((r) => r.pct ?? 0)));
  const cells = w - 2;
  const at100 = Math.min(cells - 1, Math.round((100 / cap) * cells));
  const out: string[] = [];
  for (const r of rows) {
    const tick = r.met ? '✓ ' : '  ';
    const figures = r.text;
    const name = cut(r.label, w - len(tick) - len(figures) - 2);
    out.push(tick + padEnd(name, w - len(tick) - len(figures)) + figures);
    const filled = p.hypothetical ? shaded((r.pct ?? 0) / cap, (r.today ?? 0) / cap, cells) : bar((r.pct ?? 0) / cap, cells);
    const track = [...padEnd(filled, at100)].map((c) => (c === ' ' ? TRACK : c)).join('');
    out.push(`  ${withMark(track, cells, at100).trimEnd()}`);
  }
  out.push(`  ${MARK} = 100% of the requirement`);
  if (p.hypothetical) {
    const today = rows.some((r) => r.today !== null) ? `${FULL} today, ` : '';
    out.push(`  ${today}${SHADE} ${p.hypothetical}: not actual figures`);
  }
  return out;
}

interface BarRow {
  label: string;
  value: number | null;
  text: string;
  note?: string;
}

/** Label column, bar, figure; targets marked with │ on every row. */
function bars(rows: BarRow[], w: number, p: PreparedChart, indent = ''): string[] {
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  const scale = Math.max(0, ...values, ...p.targets.map((t) => t.value)) || 1;
  const textW = Math.max(0, ...rows.map((r) => len(r.text) + (r.note ? len(r.note) + 1 : 0)));
  const labelW = Math.min(Math.max(0, ...rows.map((r) => len(r.label))), Math.floor(w * 0.35));
  const cells = Math.max(6, w - len(indent) - labelW - textW - 3);
  const marks = p.targets.map((t) => Math.min(cells - 1, Math.round((t.value / scale) * cells)));
  return rows.map((r) => {
    let b = bar((r.value ?? 0) / scale, cells);
    for (const m of marks) b = withMark(b, cells, m);
    const figure = r.note ? `${r.text} ${r.note}` : r.text;
    return `${indent}${padEnd(cut(r.label, labelW), labelW)} ${padEnd(b, cells)} ${figure}`.trimEnd();
  });
}

function targetLegend(p: PreparedChart): string[] {
  return p.targets.map((t) => `${MARK} ${t.label ? `${t.label}: ` : 'target: '}${shortValue(t.value, p.unit, p.format)}`);
}

function trend(p: PreparedChart, w: number): string[] {
  const rowsOf = (si: number): BarRow[] => {
    const s = p.series[si];
    return p.categories.map((c, i) => {
      const v = s?.values[i] ?? null;
      return { label: c, value: v, text: v === null ? 'n/a' : (s?.display[i] ?? shortValue(v, p.unit, p.format)) };
    });
  };
  if (p.series.length === 1) return [...bars(rowsOf(0), w, p), ...targetLegend(p)];
  // Several series: one block each, on one shared scale so blocks compare.
  const all: BarRow[] = p.series.flatMap((_, si) => rowsOf(si));
  const lines = bars(all, w, p, '  ');
  const out: string[] = [];
  p.series.forEach((s, si) => {
    out.push(cut(s.name, w));
    out.push(...lines.slice(si * p.categories.length, (si + 1) * p.categories.length));
  });
  return [...out, ...targetLegend(p)];
}

function peers(p: PreparedChart, w: number): string[] {
  const counts = p.series[0]?.values ?? [];
  const rows: BarRow[] = p.categories.map((c, i) => {
    const v = counts[i] ?? null;
    return {
      label: c,
      value: v,
      text: v === null ? 'n/a' : `${shortValue(v, 'count', p.format)}`,
      ...(i === p.highlight ? { note: '◀ you' } : {}),
    };
  });
  // Targets are in the metric's unit, not in partner counts: they do not belong on these bars.
  return [...bars(rows, w, { ...p, targets: [] }), 'partners in each range'];
}

function leaderboard(p: PreparedChart, w: number): string[] {
  const { shown, ranks, hidden } = leaderboardRows(p);
  const rankW = String(Math.max(...ranks)).length;
  const rowsFor = (si: number): BarRow[] =>
    shown.map((ci, r) => {
      const s = p.series[si];
      const v = s?.values[ci] ?? null;
      return {
        label: `${padStart(String(ranks[r] ?? r + 1), rankW)}. ${p.categories[ci] ?? ''}`,
        value: v,
        text: v === null ? 'n/a' : (s?.display[ci] ?? shortValue(v, p.unit, p.format)),
        ...(ci === p.highlight ? { note: '◀ you' } : {}),
      };
    });
  const out: string[] = [];
  if (p.series.length === 1) out.push(...bars(rowsFor(0), w, p));
  else {
    const all = p.series.flatMap((_, si) => rowsFor(si));
    const lines = bars(all, w, p, '  ');
    p.series.forEach((s, si) => {
      out.push(cut(s.name, w));
      out.push(...lines.slice(si * shown.length, (si + 1) * shown.length));
    });
  }
  if (hidden > 0) out.push(`… ${p.format.count(hidden)} more not shown`);
  return [...out, ...targetLegend(p)];
}
