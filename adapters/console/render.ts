import { renderChartText } from '../../src/charts/render-text.ts';
import { isWebLink } from '../../src/reply/buttons.ts';
import { DEFAULT_FORMAT, replyFormat, type Formatter } from '../../src/reply/format.ts';
import type { Reply, RequirementRow, Suggestion } from '../../src/reply/types.ts';
import { columns, displayWidth, wrapWords } from './layout.ts';
import { styleFor, type Style } from './style.ts';

export interface RenderOptions {
  /** ANSI colours (only for a terminal). */
  color?: boolean;
  /** Columns available to charts. */
  width?: number;
}

/** A reply as terminal text: summary, facts, requirements, table, charts, next steps, data date. */
export function renderReply(reply: Reply, opts: RenderOptions = {}): string {
  const s = styleFor(opts.color ?? false);
  // The reply's own locale and currency (the asker's): rows and dates read like its summary.
  const f = replyFormat(reply);
  // Prose wraps at word boundaries to the terminal's width (tables and charts keep their own).
  const width = opts.width;
  const blocks: string[] = [];
  blocks.push(summaryBlock(reply, s, width));
  if (reply.facts.length > 0) {
    const labelWidth = Math.max(...reply.facts.map((x) => displayWidth(x.label)));
    blocks.push(indent(columns(reply.facts.map((x) => [x.label, x.display]))).map((line) => wrapWords(line, width, 2 + labelWidth + 2)).join('\n'));
  }
  if (reply.requirements && reply.requirements.length > 0) blocks.push(requirementsBlock(reply.requirements, s, f));
  if (reply.table && reply.table.columns.length > 0) {
    const { columns: head, rows } = reply.table;
    const lines = columns([head, ...rows], head.map((_, i) => (rows.every((r) => isFigure(r[i])) ? 'right' : 'left')));
    blocks.push(indent([s.bold(lines[0] ?? ''), ...lines.slice(1)]).join('\n'));
  }
  for (const chart of reply.charts) {
    const text = renderChartText(chart, Math.max(40, Math.min(opts.width ?? 80, 100)));
    blocks.push(chart.png ? `${text}\n${s.dim(`  (PNG: ${chart.png})`)}` : text);
  }
  if (reply.clarify && reply.clarify.options.length > 0) {
    blocks.push(numbered(reply.clarify.options.map((o) => o.label), width).join('\n'));
  }
  if (reply.suggestions.length > 0) {
    // Links are things to do; questions alone are things to ask.
    const heading = reply.suggestions.some((x) => x.url) ? 'Next steps' : 'You could ask';
    blocks.push([s.bold(heading), ...numbered(reply.suggestions.map(suggestionLine), width)].join('\n'));
  }
  blocks.push(s.dim(`Data as of ${formatAsOf(reply.asOf, f)}`));
  return blocks.join('\n\n');
}

function requirementsBlock(rows: readonly RequirementRow[], s: Style, f: Formatter): string {
  const withProjection = rows.some((r) => r.projectedDate !== undefined);
  const head = ['', 'Requirement', 'Current', 'Required', 'Gap', ...(withProjection ? ['Projected'] : [])];
  const body = rows.map((r) => [
    r.met ? (r.atRisk ? '!' : '✓') : '✗',
    r.label,
    f.value(r.current, r.unit),
    r.atMost ? `≤ ${f.value(r.required, r.unit)}` : f.value(r.required, r.unit),
    r.met ? '—' : `${f.delta(r.gap, r.unit).replace(/^\+/, '')}${r.atMost ? ' over' : ''}`,
    ...(withProjection ? [projection(r, f)] : []),
  ]);
  const lines = columns([head, ...body], ['left', 'left', 'right', 'right', 'right', 'left']);
  return indent(
    lines.map((line, i) => {
      if (i === 0) return s.bold(line);
      const row = rows[i - 1];
      // Colour only the mark, after alignment, so escape codes never shift a column.
      if (row?.met && row.atRisk) return s.yellow('!') + line.slice(1);
      return row?.met ? s.green('✓') + line.slice(1) : s.red('✗') + line.slice(1);
    }),
  ).join('\n');
}

function projection(r: RequirementRow, f: Formatter): string {
  if (r.met && r.atRisk) return `at risk from ${f.date(r.atRisk.from)}`;
  if (r.met) return '';
  if (r.projectedDate === null) return 'not at this pace';
  return r.projectedDate ? f.date(r.projectedDate) : '';
}

/** A step: its portal link when it has one, the question to ask next, and why. */
function suggestionLine(x: Suggestion): string {
  const why = x.reason ? ` (${x.reason})` : '';
  const link = isWebLink(x.url) ? ` — ${x.url.trim()}` : '';
  const ask = x.question && (link || x.question !== x.label) ? `${link ? ';' : ' —'} ask “${x.question}”` : '';
  return `${x.label}${link}${ask}${why}`;
}

/** "  1. …", continuation lines under the text, not the number. */
const numbered = (items: readonly string[], width?: number): string[] =>
  items.map((t, i) => {
    const mark = `  ${i + 1}. `;
    return wrapWords(`${mark}${t}`, width, mark.length);
  });

/** The summary, wrapped, in bold; a what-if's marker in yellow. Styled after wrapping, so colour never moves a break. */
function summaryBlock(reply: Reply, s: Style, width: number | undefined): string {
  const marker = 'What-if:';
  const lines = wrapWords(reply.hypothetical ? `${marker} ${reply.summary}` : reply.summary, width).split('\n');
  return lines
    .map((line, i) => (i === 0 && reply.hypothetical ? `${s.yellow(marker)}${line.length > marker.length ? ` ${s.bold(line.slice(marker.length + 1))}` : ''}` : s.bold(line)))
    .join('\n');
}

const indent = (lines: readonly string[]): string[] => lines.map((l) => `  ${l}`);

// Figures in any locale: "$412,300", "412.300 €", "83 %", "+5 pts", "-3", "480 ppm".
const isFigure = (cell: string | undefined): boolean =>
  cell === undefined || cell === '' || /^[-+]?(?:US\$|[$€£¥])?[\s\u00a0\u202f]?\d[\d.,'\s\u00a0\u202f]*(?:[\s\u00a0\u202f]?(?:%|[€£¥]|[KMkm]|Mio\.|pts|[a-z]{1,5}))?$/.test(cell.trim());

/** "Nov 23, 2026, 14:05 UTC" (in the reply's locale). */
export function formatAsOf(iso: string, f: Formatter = DEFAULT_FORMAT): string {
  return f.dateTime(iso);
}
