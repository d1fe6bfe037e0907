import { isWebLink } from '../../src/reply/buttons.ts';
import { replyFormat } from '../../src/reply/format.ts';
import type { Reply } from '../../src/reply/types.ts';

// A reply as the parts an email shows, read once: the HTML body and the plain-text body are both
// written from this, in the same order, so they carry the same facts.

export interface EmailTable {
  columns: string[];
  rows: string[][];
  /** Columns whose cells are figures (right-aligned in HTML). */
  numeric: boolean[];
}

export interface EmailStep {
  label: string;
  /** A portal link (http/https only). */
  url?: string;
  /** A question to ask Partner Pulse in chat. */
  question?: string;
  reason?: string;
}

export interface EmailChartPart {
  title: string;
  /** The inline image's Content-ID, when its PNG was drawn. */
  cid?: string;
  /** Pixel size to show it at (the PNG is drawn at 2× for sharp screens). */
  width?: number;
  /** The chart as text: the plain-text body's, and the HTML body's when no PNG could be drawn. */
  text: string;
}

export interface EmailFooter {
  /** Why this person gets this mail, one sentence. */
  why: string;
  unsubscribeUrl: string;
  /** What else stops it ("or say "stop my digest" to Partner Pulse in Slack or Teams"). */
  alternative?: string;
}

export interface EmailContent {
  summary: string;
  hypothetical: boolean;
  facts: [string, string][];
  requirements?: EmailTable;
  table?: EmailTable;
  charts: EmailChartPart[];
  steps: EmailStep[];
  asOf: string;
  footer: EmailFooter;
}

// Figures in any locale: "$412,300", "412.300 €", "83 %", "+5 pts", "-3", "—".
const isFigure = (cell: string | undefined): boolean =>
  cell === undefined || cell === '' || cell === '—' || /^[-+≤]?\s?(?:US\$|[$€£¥])?[\s\u00a0\u202f]?\d[\d.,'\s\u00a0\u202f]*(?:[\s\u00a0\u202f]?(?:%|[€£¥]|[KMkm]|Mio\.|pts|[a-z]{1,5}))?$/.test(cell.trim());

export function emailContent(reply: Reply, charts: EmailChartPart[], footer: EmailFooter): EmailContent {
  const f = replyFormat(reply);
  const requirements = reply.requirements?.length
    ? table(
        ['Requirement', 'Status', 'Current', 'Required', 'Gap'],
        reply.requirements.map((r) => [
          r.label,
          r.met ? 'met' : 'not met',
          f.value(r.current, r.unit),
          r.atMost ? `≤ ${f.value(r.required, r.unit)}` : f.value(r.required, r.unit),
          r.met ? '—' : `${f.gap(r.gap, r.unit)}${r.atMost ? ' over' : ''}`,
        ]),
      )
    : undefined;
  return {
    summary: reply.summary,
    hypothetical: reply.hypothetical === true,
    facts: reply.facts.map((x) => [x.label, x.display]),
    ...(requirements ? { requirements } : {}),
    ...(reply.table && reply.table.columns.length > 0 ? { table: table(reply.table.columns, reply.table.rows) } : {}),
    charts,
    steps: reply.suggestions.map((s) => ({
      label: s.label,
      ...(isWebLink(s.url) ? { url: s.url.trim() } : {}),
      ...(s.question && s.question.trim() !== '' ? { question: s.question.trim() } : {}),
      ...(s.reason ? { reason: s.reason } : {}),
    })),
    asOf: f.dateTime(reply.asOf),
    footer,
  };
}

function table(columns: string[], rows: string[][]): EmailTable {
  return { columns, rows, numeric: columns.map((_, i) => rows.length > 0 && rows.every((r) => isFigure(r[i]))) };
}
