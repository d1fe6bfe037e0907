import type { PortfolioHome } from '../../../src/core/portfolio-home.ts';
import type { TurnResult } from '../../../src/core/types.ts';
import { ACTIONS, numbered } from './action-ids.ts';
import { mrkdwn, plain, type ButtonElement, type HomeView, type SlackBlock } from './block-types.ts';
import { escapeMrkdwn, mrkdwnText, truncate } from './escape.ts';
import { answered, certificationBlocks, digestBlocks, heading, intro, section } from './home.ts';
import { LIMITS } from './limits.ts';
import { packLines } from './lines.ts';
import { asOfContext } from './reply.ts';

// The App Home of a channel manager or vendor admin: their portfolio at a glance, from the
// portfolio answers the core gave as that person (summary, at risk at the next review, closest
// to the next tier, expiring certifications). Each partner named comes with a button that asks
// about it as the person who clicks (the same suggestion buttons as in messages).

const MAX_BUTTONS = 5;

/** Suggestion buttons, numbered across the whole view: Slack wants every action_id unique. */
type Counter = () => number;

function buttons(r: TurnResult, next: Counter): SlackBlock[] {
  const elements: ButtonElement[] = r.reply.suggestions
    .filter((s) => s.question)
    .slice(0, MAX_BUTTONS)
    .map((s) => ({
      type: 'button',
      text: plain(truncate(s.label, LIMITS.buttonText)),
      action_id: numbered(ACTIONS.suggest, next()),
      value: truncate(s.question ?? '', LIMITS.buttonValue),
    }));
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

function summaryBlocks(r: TurnResult, next: Counter): SlackBlock[] {
  const blocks: SlackBlock[] = [...heading('Your portfolio'), section(escapeMrkdwn(r.reply.summary))];
  if (!answered(r)) return blocks;
  const fields = r.reply.facts
    .slice(0, LIMITS.sectionFields)
    .map((f) => mrkdwn(truncate(`*${mrkdwnText(f.label, 200)}*\n${escapeMrkdwn(f.display)}`, LIMITS.fieldText)));
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  return [...blocks, ...buttons(r, next)];
}

/** A ranked list of partners: the sentence, a line per partner (the answer's table), buttons to drill in. */
function listBlocks(title: string, r: TurnResult, next: Counter): SlackBlock[] {
  if (!answered(r)) return [];
  const blocks: SlackBlock[] = [...heading(title), section(escapeMrkdwn(r.reply.summary))];
  const table = r.reply.table;
  if (table && table.rows.length > 0) {
    // Past the partner and its tier, each value says which column it is.
    const cell = (c: string | undefined, i: number) => {
      const v = escapeMrkdwn(c?.trim() || '—');
      return i === 0 ? `*${v}*` : i === 1 ? v : `${escapeMrkdwn(table.columns[i] ?? '')}: ${v}`;
    };
    const lines = table.rows.map((row) => `• ${row.map(cell).join(' · ')}`);
    for (const text of packLines(lines, LIMITS.text)) blocks.push(section(text));
  }
  return [...blocks, ...buttons(r, next)];
}

export function renderPortfolioHome(home: PortfolioHome): HomeView {
  let n = 0;
  const next: Counter = () => n++;
  const blocks: SlackBlock[] = [
    ...intro([home.summary, home.atRisk, home.nearNext]),
    ...summaryBlocks(home.summary, next),
    ...listBlocks('At risk at the next review', home.atRisk, next),
    ...listBlocks('Closest to the next tier', home.nearNext, next),
  ];
  // Across the portfolio when the certifications answer covers a group; a choice of partner is not offered here.
  if (answered(home.certifications) && !home.certifications.reply.clarify) blocks.push(...certificationBlocks(home.certifications));
  blocks.push(...digestBlocks());
  blocks.push(asOfContext(home.summary.reply.asOf));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
