import type { TurnResult } from '../../../src/core/types.ts';
import { replyFormat } from '../../../src/reply/format.ts';
import type { Reply } from '../../../src/reply/types.ts';
import { ACTIONS, numbered } from './action-ids.ts';
import { mrkdwn, plain, type ButtonElement, type HomeView, type SlackBlock } from './block-types.ts';
import { nativeChart, imageChart } from './charts.ts';
import { escapeMrkdwn, mrkdwnText, truncate } from './escape.ts';
import { LIMITS } from './limits.ts';
import { packLines } from './lines.ts';
import { asOfContext, requirementLine, suggestionElements } from './reply.ts';

// The App Home dashboard, built from answers the core gave to fixed questions asked as the
// person who opened it: tier progress with its chart, key metrics against the period before,
// expiring certifications, the top suggestions, and the weekly digest buttons.

export interface HomeContent {
  tier?: TurnResult;
  metrics: TurnResult[];
  certifications?: TurnResult;
  /** How the tier chart is drawn: natively, or as an uploaded PNG (its file id). */
  tierChart?: { mode: 'native' } | { mode: 'image'; fileId: string };
}

export const DIGEST_QUESTIONS = {
  subscribe: 'Subscribe me to the weekly digest',
  unsubscribe: 'Unsubscribe me from the weekly digest',
} as const;

const MAX_SUGGESTIONS = 3;
const MAX_CERT_ROWS = 10;

export const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(truncate(text, LIMITS.text)) });
export const heading = (text: string): SlackBlock[] => [{ type: 'divider' }, { type: 'header', text: plain(text) }];

function who(results: readonly (TurnResult | undefined)[]): string | undefined {
  const user = results.find((r) => r?.user)?.user;
  if (!user) return undefined;
  const role = user.role.replace(/_/g, ' ');
  return [user.email, user.partner, role].filter(Boolean).map((s) => escapeMrkdwn(String(s))).join(' · ');
}

/** The answer when it answered; a short note when it did not (clarify, help, denied…). */
export const answered = (r: TurnResult | undefined): r is TurnResult => r !== undefined && r.outcome === 'ok';

/** A manager sees many partners: the tier question comes back as a choice of partner, offered as buttons. */
function choiceButtons(reply: Reply): SlackBlock[] {
  const options = (reply.clarify?.options ?? []).slice(0, LIMITS.actionsElements);
  if (options.length === 0) return [];
  const elements: ButtonElement[] = options.map((o, i) => ({
    type: 'button',
    text: plain(truncate(o.label.trim() || o.text, LIMITS.buttonText)),
    action_id: numbered(ACTIONS.clarify, i),
    value: truncate(o.text, LIMITS.buttonValue),
  }));
  return [{ type: 'actions', elements }];
}

function tierBlocks(r: TurnResult, chart: HomeContent['tierChart']): SlackBlock[] {
  const reply = r.reply;
  const blocks: SlackBlock[] = [...heading('Tier progress'), section(escapeMrkdwn(reply.summary))];
  if (reply.clarify) return [...blocks, ...choiceButtons(reply)];
  for (const text of packLines((reply.requirements ?? []).map((q) => requirementLine(q, replyFormat(reply))), LIMITS.text)) blocks.push(section(text));
  const first = reply.charts[0];
  if (first && chart?.mode === 'native') {
    const native = nativeChart(first);
    if (native) blocks.push(native);
  } else if (first && chart?.mode === 'image') blocks.push(imageChart(first, chart.fileId));
  return blocks;
}

function metricBlocks(results: readonly TurnResult[]): SlackBlock[] {
  // Several answers side by side: a bare "Change" must say which figure changed.
  const facts = results.filter(answered).flatMap((r) => {
    const main = r.reply.facts[0]?.label;
    return r.reply.facts.map((f) =>
      main && !f.label.toLowerCase().includes(main.toLowerCase()) ? { ...f, label: `${main} ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}` } : f,
    );
  });
  if (facts.length === 0) return [];
  const fields = facts
    .slice(0, LIMITS.sectionFields)
    .map((f) => mrkdwn(truncate(`*${mrkdwnText(f.label, 200)}*\n${escapeMrkdwn(f.display)}`, LIMITS.fieldText)));
  return [...heading('Key metrics'), { type: 'section', fields }];
}

export function certificationBlocks(r: TurnResult): SlackBlock[] {
  const reply = r.reply;
  const blocks: SlackBlock[] = [...heading('Expiring certifications'), section(escapeMrkdwn(reply.summary))];
  const table = reply.table;
  if (table && table.rows.length > 0) {
    // Tables are for messages; on the Home tab the rows read as lines.
    // Past the first two cells (who, what), each value says which column it is.
    const cellText = (c: string | undefined, i: number) => {
      const v = escapeMrkdwn(c?.trim() || '—');
      return i < 2 ? v : `${escapeMrkdwn(table.columns[i] ?? '')}: ${v}`;
    };
    const lines = table.rows.slice(0, MAX_CERT_ROWS).map((row) => `• ${row.map(cellText).join(' · ')}`);
    if (table.rows.length > MAX_CERT_ROWS) lines.push(`_…and ${table.rows.length - MAX_CERT_ROWS} more; ask “which certifications expire soon?”_`);
    for (const text of packLines(lines, LIMITS.text)) blocks.push(section(text));
  }
  return blocks;
}

function suggestionBlocks(replies: readonly Reply[]): SlackBlock[] {
  const seen = new Set<string>();
  const top = replies
    .flatMap((r) => r.suggestions)
    .filter((s) => (s.question || s.url) && !seen.has(s.label) && seen.add(s.label))
    .slice(0, MAX_SUGGESTIONS);
  if (top.length === 0) return [];
  const lines = top.map((s) => `• *${mrkdwnText(s.label, 200)}*${s.reason ? ` — ${mrkdwnText(s.reason, 500)}` : ''}`);
  const buttons = suggestionElements(top);
  return [...heading('What to do next'), section(lines.join('\n')), ...(buttons.length > 0 ? [{ type: 'actions' as const, elements: buttons }] : [])];
}

export function digestBlocks(): SlackBlock[] {
  return [
    ...heading('Weekly digest'),
    section('Get a summary every Monday: what moved, what expires soon, and what to do next.'),
    {
      type: 'actions',
      elements: [
        { type: 'button', text: plain('Subscribe'), style: 'primary', action_id: numbered(ACTIONS.digest, 0), value: DIGEST_QUESTIONS.subscribe },
        { type: 'button', text: plain('Unsubscribe'), action_id: numbered(ACTIONS.digest, 1), value: DIGEST_QUESTIONS.unsubscribe },
      ],
    },
  ];
}

/** The top of every Home tab: the name, who is signed in, and the "Ask a question" button. */
export function intro(results: readonly (TurnResult | undefined)[]): SlackBlock[] {
  const signedIn = who(results);
  return [
    { type: 'header', text: plain('Partner Pulse') },
    ...(signedIn ? [{ type: 'context' as const, elements: [mrkdwn(`Signed in as ${signedIn}`)] }] : []),
    {
      type: 'actions',
      elements: [{ type: 'button', text: plain('Ask a question'), style: 'primary', action_id: ACTIONS.askOpen, value: 'ask' }],
    },
  ];
}

/** The Home tab for a person who is not linked: what to do, and no data. */
export function notLinkedHome(message: string): HomeView {
  return {
    type: 'home',
    blocks: [{ type: 'header', text: plain('Partner Pulse') }, section(`:wave: ${escapeMrkdwn(message)}`)],
  };
}

/** The dashboard, never above the Home tab's 100 blocks. */
export function renderHome(content: HomeContent): HomeView {
  const blocks: SlackBlock[] = [...intro([content.tier, ...content.metrics, content.certifications])];
  if (answered(content.tier)) blocks.push(...tierBlocks(content.tier, content.tierChart));
  blocks.push(...metricBlocks(content.metrics));
  // A choice of partner is offered once, with the tier question, not again for certifications.
  if (answered(content.certifications) && !content.certifications.reply.clarify) blocks.push(...certificationBlocks(content.certifications));
  const replies = [content.tier, content.certifications].filter(answered).map((r) => r.reply);
  blocks.push(...suggestionBlocks(replies));
  blocks.push(...digestBlocks());
  const asOf = [content.tier, ...content.metrics, content.certifications].find((r) => r)?.reply.asOf;
  if (asOf) blocks.push(asOfContext(asOf));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
