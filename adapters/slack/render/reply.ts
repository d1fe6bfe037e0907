import { againstRequired, DEFAULT_FORMAT, gapToGo, replyFormat, type Formatter } from '../../../src/reply/format.ts';
import { suggestionButtons } from '../../../src/reply/buttons.ts';
import type { Reply, RequirementRow, Suggestion, Table } from '../../../src/reply/types.ts';
import { ACTIONS, numbered } from './action-ids.ts';
import {
  mrkdwn,
  plain,
  type ButtonElement,
  type ContextBlock,
  type SlackBlock,
  type SlackMessage,
  type TableBlock,
} from './block-types.ts';
import { imageChart, nativeChart, planCharts, type ChartPlan } from './charts.ts';
import { escapeMrkdwn, mrkdwnText, truncate } from './escape.ts';
import { LIMITS } from './limits.ts';
import { packLines, splitProse } from './lines.ts';

export interface RenderOptions {
  /** Header text, usually the question that was asked. */
  title?: string;
  /** How each chart of the reply is drawn (default: `planCharts`). */
  chartPlan?: readonly ChartPlan[];
  /** File ids of uploaded PNGs, by chart index, for the charts planned as 'png'. */
  chartFiles?: readonly (string | undefined)[];
  /** Buttons the adapter adds after the suggestions ("Show chart", "Explain"). */
  extraButtons?: readonly ButtonElement[];
}

/** A group of blocks that stays in one message. */
interface Unit {
  blocks: SlackBlock[];
}

const MAX_TABLE_CELL = 500;
const MAX_LABEL = 200;

/**
 * A reply as Slack messages: header, summary, facts as section fields, requirements, table,
 * charts, clarifying choices and suggestions as buttons, and the data date. Split into as many
 * messages as Slack's limits need (≤ 50 blocks, one table, two charts each); user data is
 * escaped wherever it lands in mrkdwn.
 */
export function renderReply(reply: Reply, opts: RenderOptions = {}): SlackMessage[] {
  const units: Unit[] = [
    ...headUnits(reply, opts.title),
    ...factUnits(reply),
    ...requirementUnits(reply.requirements ?? [], replyFormat(reply)),
    ...(reply.table ? tableUnits(reply.table) : []),
    ...chartUnits(reply, opts),
    ...clarifyUnits(reply),
    ...suggestionUnits(reply.suggestions, opts.extraButtons ?? []),
    { blocks: [asOfContext(reply.asOf, replyFormat(reply))] },
  ];
  return pack(units, fallbackText(reply));
}

function fallbackText(reply: Reply): string {
  const prefix = reply.hypothetical ? 'What-if: ' : '';
  return `${prefix}${escapeMrkdwn(reply.summary.trim() || 'Partner Pulse')}`;
}

function headUnits(reply: Reply, title: string | undefined): Unit[] {
  const blocks: SlackBlock[] = [];
  const t = title?.replace(/\s+/g, ' ').trim();
  if (t) blocks.push({ type: 'header', text: plain(truncate(t, LIMITS.headerText)) });
  if (reply.hypothetical) {
    blocks.push({ type: 'context', elements: [mrkdwn(':crystal_ball: *What-if* — these figures assume the change you described; they are not the record.')] });
  }
  const summary = reply.summary.trim();
  if (summary) {
    for (const text of splitProse(escapeMrkdwn(summary), LIMITS.text)) blocks.push({ type: 'section', text: mrkdwn(text) });
  }
  return blocks.length > 0 ? [{ blocks }] : [];
}

function factUnits(reply: Reply): Unit[] {
  // A requirement already shows its figures on its own line; its fact would only repeat them.
  const shown = new Set((reply.requirements ?? []).map((r) => r.label.trim().toLowerCase()));
  const fields = reply.facts.filter((f) => !shown.has(f.label.trim().toLowerCase())).map((f) =>
    mrkdwn(truncate(`*${mrkdwnText(f.label, MAX_LABEL)}*\n${escapeMrkdwn(f.display)}`, LIMITS.fieldText)),
  );
  const units: Unit[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    units.push({ blocks: [{ type: 'section', fields: fields.slice(i, i + LIMITS.sectionFields) }] });
  }
  return units;
}

/** One requirement in the reply's locale and currency (`f`: the reply's formatter). */
export function requirementLine(r: RequirementRow, f: Formatter): string {
  const label = `*${mrkdwnText(r.label, MAX_LABEL)}*`;
  const figures = againstRequired(r, f);
  // Met today but lapsing before the review: both, on one line.
  if (r.met && r.atRisk) return `:warning: ${label} — ${figures} · ${escapeMrkdwn(r.atRisk.note)}`;
  if (r.met) return `:white_check_mark: ${label} — ${figures}`;
  const gap = gapToGo(r, f);
  const pace =
    r.projectedDate === null ? ' · not reached at the current pace' : r.projectedDate ? ` · on pace for ${f.date(r.projectedDate)}` : '';
  return `:small_orange_diamond: ${label} — ${figures} · ${gap}${pace}`;
}

function requirementUnits(rows: readonly RequirementRow[], f: Formatter): Unit[] {
  if (rows.length === 0) return [];
  return packLines(rows.map((r) => requirementLine(r, f)), LIMITS.text).map((text) => ({ blocks: [{ type: 'section', text: mrkdwn(text) }] }));
}

const FIGURE = /^[-+]?[$€£]?[\d.,]+\s?[%KMkm]?( pts)?$/;

/** Slack tables hold 100 rows with the header, so longer tables continue in the next message. */
function tableUnits(table: Table): Unit[] {
  const columns = table.columns.slice(0, LIMITS.tableCells);
  if (columns.length === 0) return [];
  const rows = table.rows.map((r) => columns.map((_, i) => cell(r[i])));
  const header = columns.map((c) => ({
    type: 'rich_text' as const,
    elements: [{ type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text: cell(c), style: { bold: true } }] }],
  }));
  const align = columns.map((_, i) => {
    const values = table.rows.map((r) => r[i]?.trim() ?? '').filter((v) => v !== '');
    return values.length > 0 && values.every((v) => FIGURE.test(v)) ? ('right' as const) : ('left' as const);
  });
  const perTable = LIMITS.tableRows - 1;
  const units: Unit[] = [];
  const total = rows.length;
  for (let start = 0; start < Math.max(total, 1); start += perTable) {
    const chunk = rows.slice(start, start + perTable);
    const block: TableBlock = {
      type: 'table',
      rows: [header, ...chunk.map((r) => r.map((text) => ({ type: 'raw_text' as const, text })))],
      column_settings: align.map((a) => ({ align: a, is_wrapped: true })),
    };
    const blocks: SlackBlock[] = [];
    if (total > perTable) {
      const end = Math.min(start + perTable, total);
      blocks.push({ type: 'context', elements: [mrkdwn(`Rows ${start + 1}–${end} of ${total}`)] });
    }
    blocks.push(block);
    units.push({ blocks });
  }
  if (table.columns.length > columns.length) {
    const last = units[units.length - 1];
    last?.blocks.push({ type: 'context', elements: [mrkdwn(`Showing the first ${columns.length} of ${table.columns.length} columns.`)] });
  }
  return units;
}

/** Table cells are raw text (Slack never reads markup in them); empty cells show a dash. */
const cell = (v: string | undefined): string => truncate(v?.trim() || '—', MAX_TABLE_CELL);

function chartUnits(reply: Reply, opts: RenderOptions): Unit[] {
  const plan = opts.chartPlan ?? planCharts(reply.charts);
  const units: Unit[] = [];
  reply.charts.forEach((chart, i) => {
    const native = plan[i] === 'native' ? nativeChart(chart) : undefined;
    if (native) return units.push({ blocks: [native] });
    const file = opts.chartFiles?.[i];
    if (file) return units.push({ blocks: [imageChart(chart, file)] });
    units.push({ blocks: [{ type: 'context', elements: [mrkdwn(`Chart “${mrkdwnText(chart.title, 100)}” could not be drawn here.`)] }] });
  });
  return units;
}

function clarifyUnits(reply: Reply): Unit[] {
  const options = reply.clarify?.options ?? [];
  if (options.length === 0) return [];
  const buttons: ButtonElement[] = options.map((o, i) => ({
    type: 'button',
    text: plain(truncate(o.label.trim() || o.text, LIMITS.buttonText)),
    action_id: numbered(ACTIONS.clarify, i),
    value: truncate(o.text, LIMITS.buttonValue),
  }));
  return actionUnits(buttons);
}

/** The reply's suggestion buttons in Block Kit: a link button opens its portal page, an ask button asks its question. */
export function suggestionElements(suggestions: readonly Suggestion[]): ButtonElement[] {
  const out: ButtonElement[] = [];
  // Numbered per kind: the first question is always pulse_suggest_0, the first link pulse_link_0.
  let links = 0;
  let asks = 0;
  for (const b of suggestionButtons(suggestions)) {
    const text = plain(truncate(b.text, LIMITS.buttonText));
    if (b.kind === 'link') {
      if (b.url.length <= LIMITS.url) out.push({ type: 'button', text, action_id: numbered(ACTIONS.link, links++), url: b.url });
    } else {
      out.push({ type: 'button', text, action_id: numbered(ACTIONS.suggest, asks++), value: truncate(b.question, LIMITS.buttonValue) });
    }
  }
  return out;
}

function suggestionUnits(suggestions: readonly Suggestion[], extra: readonly ButtonElement[]): Unit[] {
  const units: Unit[] = [];
  const lines = suggestions
    .filter((s) => s.reason)
    .map((s) => `• *${mrkdwnText(s.label, MAX_LABEL)}* — ${mrkdwnText(s.reason ?? '', 500)}`);
  if (lines.length > 0) {
    const [first, ...rest] = packLines([':bulb: *Next steps*', ...lines], LIMITS.text);
    if (first) units.push({ blocks: [{ type: 'section', text: mrkdwn(first) }, ...rest.map((t) => ({ type: 'section' as const, text: mrkdwn(t) }))] });
  }
  return [...units, ...actionUnits([...suggestionElements(suggestions), ...extra])];
}

function actionUnits(buttons: readonly ButtonElement[]): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    units.push({ blocks: [{ type: 'actions', elements: buttons.slice(i, i + LIMITS.actionsElements) }] });
  }
  return units;
}

/** Slack shows `<!date^…>` in the reader's own time zone; the text after `|` is the fallback. */
export function asOfContext(asOf: string, f: Formatter = DEFAULT_FORMAT): ContextBlock {
  const d = new Date(asOf);
  if (Number.isNaN(d.getTime())) return { type: 'context', elements: [mrkdwn(`Data as of ${escapeMrkdwn(asOf)}`)] };
  const fallback = f.dateTime(d.toISOString());
  const epoch = Math.floor(d.getTime() / 1000);
  return { type: 'context', elements: [mrkdwn(`:clock3: Data as of <!date^${epoch}^{date_short_pretty} {time}|${fallback}>`)] };
}

/** Greedy packing: a unit never straddles two messages, and every message keeps Slack's limits. */
function pack(units: readonly Unit[], text: string): SlackMessage[] {
  const messages: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  const count = (blocks: readonly SlackBlock[], type: SlackBlock['type']) => blocks.filter((b) => b.type === type).length;
  for (const unit of units) {
    const next = [...current, ...unit.blocks];
    const fits =
      next.length <= LIMITS.messageBlocks &&
      count(next, 'table') <= LIMITS.tablesPerMessage &&
      count(next, 'data_visualization') <= LIMITS.chartsPerMessage;
    if (fits || current.length === 0) current = next;
    else {
      messages.push(current);
      current = [...unit.blocks];
    }
  }
  if (current.length > 0) messages.push(current);
  const n = messages.length;
  return messages.map((blocks, i) => ({
    text: n === 1 ? truncate(text, LIMITS.text) : truncate(`${i === 0 ? '' : `(${i + 1}/${n}) `}${text}`, LIMITS.text),
    blocks,
  }));
}
