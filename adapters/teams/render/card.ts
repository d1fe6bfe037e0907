import { renderChartText } from '../../../src/charts/render-text.ts';
import { againstRequired, chartFormat, DEFAULT_FORMAT, gapToGo, replyFormat, type Formatter } from '../../../src/reply/format.ts';
import { buttonsOf, suggestionButtons, type SuggestionButton } from '../../../src/reply/buttons.ts';
import type { Chart, Fact, Reply, RequirementRow, Suggestion, Table } from '../../../src/reply/types.ts';
import {
  CARD_SCHEMA,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type ColumnSet,
  type TableElement,
  type TextBlock,
} from './card-types.ts';
import { safeText, truncate } from './escape.ts';
import { progressBar } from './progress.ts';

/** A chart drawn for the card: a PNG as a data URI (checked by render/images.ts). */
export interface ChartImage {
  dataUri: string;
  bytes: number;
}

/**
 * How much of the reply goes in. The full card first; render/fit.ts lowers these until the
 * message fits Teams' size limit (images first, then rows).
 */
export interface Detail {
  /** Charts shown as images (the first n that have one); the rest as text. */
  images: number;
  tableRows: number;
  requirements: number;
  facts: number;
  /** Charts without an image are drawn as text rows; false leaves them out altogether. */
  textCharts: boolean;
}

export const FULL_DETAIL: Detail = { images: Number.POSITIVE_INFINITY, tableRows: 50, requirements: 30, facts: 30, textCharts: true };

export interface CardOptions {
  /** The question as asked: a header, so a private or proactive answer says what it answers. */
  title?: string;
  /** By chart index; undefined where a chart could not be drawn. */
  images?: readonly (ChartImage | undefined)[];
  detail?: Detail;
}

// The Adaptive Cards default host config (and so the SDK validator) allows five actions.
const MAX_ACTIONS = 5;
const MAX_TITLE = 32;
const MAX_LABEL = 200;
const MAX_CELL = 300;
const MAX_TABLE_COLUMNS = 8;
const TEXT_CHART_WIDTH = 48;

/**
 * A Reply as an Adaptive Card 1.5: header, what-if note, summary, facts (FactSet), requirement
 * rows with a progress bar each (ColumnSet), table, charts (Image, or text rows when there is no
 * image), clarifying choices and suggestions (Action.Submit running the follow-up question, or
 * Action.OpenUrl), and when the data is from.
 */
export function renderCard(reply: Reply, opts: CardOptions = {}): AdaptiveCard {
  const detail = opts.detail ?? FULL_DETAIL;
  const f = replyFormat(reply);
  const left: string[] = [];
  const body: CardElement[] = [
    ...header(reply, opts.title),
    ...facts(reply, detail, left),
    ...requirements(reply.requirements ?? [], detail, left, f),
    ...(reply.table ? table(reply.table, detail, left) : []),
    ...charts(reply, opts.images ?? [], detail, left),
    ...nextSteps(reply.suggestions),
    ...clarifyPrompt(reply),
  ];
  if (left.length > 0) {
    body.push(text(`Left out to keep this message small: ${left.join(', ')}. Ask a narrower question to see it.`, { isSubtle: true, size: 'Small' }));
  }
  body.push(asOfFooter(reply.asOf, f));
  const actions = cardActions(reply);
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

function text(value: string, extra: Partial<TextBlock> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

function header(reply: Reply, title: string | undefined): CardElement[] {
  const out: CardElement[] = [];
  const t = title?.replace(/\s+/g, ' ').trim();
  if (t) out.push(text(safeText(t, 150), { weight: 'Bolder', size: 'Medium' }));
  if (reply.hypothetical) {
    out.push(text('What-if: these figures assume the change you described; they are not the record.', { color: 'Warning', isSubtle: true }));
  }
  const summary = reply.summary.trim();
  if (summary) out.push(text(safeText(summary, 4_000)));
  return out;
}

function facts(reply: Reply, detail: Detail, left: string[]): CardElement[] {
  // A requirement row already shows its figures; its fact would only repeat them.
  const shown = new Set((reply.requirements ?? []).map((r) => r.label.trim().toLowerCase()));
  const all: Fact[] = reply.facts.filter((f) => !(shown.has(f.label.trim().toLowerCase()) && detail.requirements > 0));
  const kept = all.slice(0, detail.facts);
  if (all.length > kept.length) left.push(`${all.length - kept.length} of ${all.length} figures`);
  if (kept.length === 0) return [];
  return [
    {
      type: 'FactSet',
      id: 'facts',
      facts: kept.map((f) => ({ title: safeText(f.label, MAX_LABEL), value: safeText(f.display, MAX_LABEL) })),
    },
  ];
}

/** A requirement's figures in the reply's locale and currency (`f`: the reply's formatter). */
export function requirementFigures(r: RequirementRow, f: Formatter): string {
  const figures = againstRequired(r, f);
  // Met today but lapsing before the review: both, on one line.
  if (r.met && r.atRisk) return `${figures} · ${r.atRisk.note}`;
  if (r.met) return `${figures} · met`;
  const gap = gapToGo(r, f);
  const pace =
    r.projectedDate === null ? ' · not reached at the current pace' : r.projectedDate ? ` · on pace for ${f.date(r.projectedDate)}` : '';
  return `${figures} · ${gap}${pace}`;
}

function requirementRow(r: RequirementRow, i: number, f: Formatter): ColumnSet {
  return {
    type: 'ColumnSet',
    id: `requirement-${i + 1}`,
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [
          text(`${r.met ? (r.atRisk ? '⚠️' : '✅') : '🔸'} ${safeText(r.label, MAX_LABEL)}`, { weight: 'Bolder' }),
          text(safeText(requirementFigures(r, f), 300), { isSubtle: true, spacing: 'None' }),
        ],
      },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [text(progressBar(r, f), { fontType: 'Monospace', color: r.met ? 'Good' : 'Accent', wrap: false })],
      },
    ],
  };
}

function requirements(rows: readonly RequirementRow[], detail: Detail, left: string[], f: Formatter): CardElement[] {
  // Without rows, the facts carry each requirement's figures (see facts()).
  if (rows.length === 0 || detail.requirements <= 0) return [];
  const kept = rows.slice(0, detail.requirements);
  if (rows.length > kept.length) left.push(`${rows.length - kept.length} of ${rows.length} requirements`);
  return [{ type: 'Container', id: 'requirements', separator: true, items: kept.map((r, i) => requirementRow(r, i, f)) }];
}

function table(t: Table, detail: Detail, left: string[]): CardElement[] {
  const columns = t.columns.slice(0, MAX_TABLE_COLUMNS);
  if (columns.length === 0) return [];
  if (detail.tableRows <= 0) {
    left.push(`the table (${t.rows.length} rows)`);
    return [];
  }
  const rows = t.rows.slice(0, detail.tableRows);
  const cell = (v: string | undefined, bold = false) => ({
    type: 'TableCell' as const,
    items: [text(safeText(v?.trim() || '—', MAX_CELL), bold ? { weight: 'Bolder' } : {})],
  });
  const element: TableElement = {
    type: 'Table',
    id: 'table',
    firstRowAsHeader: true,
    columns: columns.map(() => ({ width: 1 })),
    rows: [
      { type: 'TableRow', cells: columns.map((c) => cell(c, true)) },
      ...rows.map((r) => ({ type: 'TableRow' as const, cells: columns.map((_, i) => cell(r[i])) })),
    ],
  };
  const out: CardElement[] = [element];
  if (t.rows.length > rows.length) out.push(text(`Showing ${rows.length} of ${t.rows.length} rows.`, { isSubtle: true, size: 'Small' }));
  if (t.columns.length > columns.length) out.push(text(`Showing ${columns.length} of ${t.columns.length} columns.`, { isSubtle: true, size: 'Small' }));
  return out;
}

/** Text a screen reader can read for a chart: its title and each category's figure. */
export function chartAltText(chart: Chart): string {
  const s = chart.series[0];
  const points = chart.categories.map((c, i) => `${c} ${s?.display?.[i] ?? chartFormat(chart).value(s?.values[i] ?? null, chart.unit)}`);
  return truncate(`${chart.title}: ${points.join('; ')}`, 500);
}

function charts(reply: Reply, images: readonly (ChartImage | undefined)[], detail: Detail, left: string[]): CardElement[] {
  const out: CardElement[] = [];
  let imagesShown = 0;
  reply.charts.forEach((chart, i) => {
    const image = images[i];
    if (image && imagesShown < detail.images) {
      imagesShown++;
      out.push({ type: 'Image', id: `chart-${i + 1}`, url: image.dataUri, altText: chartAltText(chart), size: 'Stretch', separator: true });
      return;
    }
    if (image) left.push(`the chart “${truncate(chart.title, 60)}”`);
    // The requirement rows already draw tier progress bar by bar.
    const redundant = chart.kind === 'tier_progress' && (reply.requirements?.length ?? 0) > 0 && detail.requirements > 0;
    if (!detail.textCharts || redundant) return;
    out.push({ type: 'Container', id: `chart-${i + 1}`, separator: true, items: textChart(chart) });
  });
  return out;
}

/**
 * The terminal's text chart, one TextBlock a line: spaces become no-break spaces so the columns
 * of a monospace chart stay aligned where Markdown would collapse them.
 */
function textChart(chart: Chart): TextBlock[] {
  const lines = renderChartText(chart, TEXT_CHART_WIDTH).split('\n');
  return lines.map((line, i) =>
    text(safeText(line, 200).replace(/ /g, '\u00a0') || '\u00a0', {
      fontType: 'Monospace',
      wrap: false,
      spacing: 'None',
      ...(i === 0 ? { weight: 'Bolder' as const } : { size: 'Small' as const }),
    }),
  );
}

/**
 * Each next step as its line with its own buttons under it (the portal link, the question that
 * names it), so every step keeps its buttons whatever the card-level limit.
 */
function nextSteps(suggestions: readonly Suggestion[]): CardElement[] {
  const steps = suggestions.filter((s) => s.reason?.trim());
  if (steps.length === 0) return [];
  const out: CardElement[] = [text('Next steps', { weight: 'Bolder', separator: true })];
  steps.forEach((s, i) => {
    out.push(text(`**${safeText(s.label, MAX_LABEL)}**: ${safeText(s.reason ?? '', 400)}`, { spacing: 'Small' }));
    const actions = buttonsOf(s).map(cardAction).filter((a): a is CardAction => a !== undefined).slice(0, MAX_ACTIONS);
    if (actions.length > 0) out.push({ type: 'ActionSet', id: `next-step-${i + 1}`, spacing: 'Small', actions });
  });
  return out;
}

function clarifyPrompt(reply: Reply): CardElement[] {
  const c = reply.clarify;
  if (!c || c.options.length === 0) return [];
  // The summary already is the question when the core asked to clarify.
  return c.question.trim() === reply.summary.trim() ? [] : [text(safeText(c.question, 500), { weight: 'Bolder' })];
}

function ask(title: string, question: string): CardAction {
  return { type: 'Action.Submit', title: truncate(title.trim() || question, MAX_TITLE), data: { pulseAction: 'ask', question: truncate(question, 500) } };
}

/** A suggestion's button as a card action: Action.OpenUrl for a portal link (https only), Action.Submit for a question. */
function cardAction(b: SuggestionButton): CardAction | undefined {
  if (b.kind === 'ask') return ask(b.text, b.question);
  return /^https:\/\//i.test(b.url) ? { type: 'Action.OpenUrl', title: truncate(b.text, MAX_TITLE), url: b.url } : undefined;
}

/** Clarifying choices, then the buttons of suggestions that are not next steps (those sit under their line). */
function cardActions(reply: Reply): CardAction[] {
  const actions: CardAction[] = [];
  for (const o of reply.clarify?.options ?? []) actions.push(ask(o.label, o.text));
  const rest = reply.suggestions.filter((s) => !s.reason?.trim());
  for (const b of suggestionButtons(rest)) {
    const a = cardAction(b);
    if (a) actions.push(a);
  }
  return actions.slice(0, MAX_ACTIONS);
}

/** "Data as of Nov 23, 2026, 12:00 UTC" (in the reply's locale): the same wording as Slack's fallback text. */
export function asOfText(asOf: string, f: Formatter = DEFAULT_FORMAT): string {
  const d = new Date(asOf);
  if (Number.isNaN(d.getTime())) return `Data as of ${asOf}`;
  return `Data as of ${f.dateTime(d.toISOString())}`;
}

function asOfFooter(asOf: string, f: Formatter): TextBlock {
  return text(safeText(asOfText(asOf, f), 100), { id: 'as-of', isSubtle: true, size: 'Small', separator: true });
}
