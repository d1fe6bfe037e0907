import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/render/action-ids.ts';
import type { SlackBlock, SlackMessage, TableBlock } from '../../adapters/slack/render/block-types.ts';
import { nativeChart, planCharts } from '../../adapters/slack/render/charts.ts';
import { escapeMrkdwn, truncate } from '../../adapters/slack/render/escape.ts';
import { renderHome } from '../../adapters/slack/render/home.ts';
import { describeProblems, LIMITS, validateMessage, validateView } from '../../adapters/slack/render/limits.ts';
import { renderReply } from '../../adapters/slack/render/reply.ts';
import type { TurnResult } from '../../src/core/types.ts';
import type { Chart, Reply } from '../../src/reply/types.ts';

const ASOF = '2026-11-23T12:00:00.000Z';
const EVIL = '<!channel> & Sons <@U123> <#C1>';

const base = (over: Partial<Reply> = {}): Reply => ({
  summary: 'Northwind Traders is 2 requirements away from Gold.',
  facts: [],
  charts: [],
  suggestions: [],
  sensitive: true,
  asOf: ASOF,
  ...over,
});

const expectValid = (messages: SlackMessage[]) => {
  for (const m of messages) {
    const problems = validateMessage(m);
    expect(problems, describeProblems(problems)).toEqual([]);
  }
};

/** Every mrkdwn text in a message, plus its fallback text. */
function mrkdwnTexts(m: SlackMessage): string[] {
  const out = [m.text];
  const visit = (b: SlackBlock) => {
    if (b.type === 'section') {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    }
    if (b.type === 'context') for (const e of b.elements) if (e.type === 'mrkdwn') out.push(e.text);
  };
  m.blocks.forEach(visit);
  return out;
}

const chart = (over: Partial<Chart> = {}): Chart => ({
  kind: 'tier_progress',
  title: 'Northwind Traders: progress to Gold',
  categories: ['Revenue', 'Certified people', 'Win rate'],
  series: [
    { name: 'current', values: [82.5, 60, 104] },
    { name: 'required', values: [100, 100, 100] },
  ],
  targets: [{ label: 'Gold', value: 100 }],
  unit: 'percent',
  ...over,
});

describe('Reply → Block Kit', () => {
  it('splits a 120-row table across messages, each within the limits, keeping every row', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Customer ${i + 1}`, i % 2 ? 'won' : 'approved', `$${(i + 1) * 1000}`]);
    const messages = renderReply(base({ table: { columns: ['Customer', 'Status', 'Amount'], rows }, facts: [{ label: 'Deals', value: 120, display: '120' }] }), {
      title: 'list deals for my partners',
    });
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expectValid(messages);
    const tables = messages.flatMap((m) => m.blocks.filter((b): b is TableBlock => b.type === 'table'));
    expect(tables.length).toBe(2);
    // Each table repeats the header row; the data rows add up to all 120, in order.
    const dataRows = tables.flatMap((t) => t.rows.slice(1).map((r) => (r[0]?.type === 'raw_text' ? r[0].text : '')));
    expect(dataRows).toEqual(rows.map((r) => r[0]));
    expect(messages[0]?.blocks[0]).toMatchObject({ type: 'header' });
    expect(messages.at(-1)?.blocks.at(-1)).toMatchObject({ type: 'context' });
  });

  it('keeps every message at ≤ 50 blocks and every section at ≤ 10 fields for very large replies', () => {
    const facts = Array.from({ length: 640 }, (_, i) => ({ label: `Metric ${i}`, value: i, display: String(i) }));
    const suggestions = Array.from({ length: 60 }, (_, i) => ({ label: `Step ${i}`, question: `question ${i}` }));
    const messages = renderReply(base({ facts, suggestions, summary: 'x. '.repeat(4000) }));
    expect(messages.length).toBeGreaterThan(1);
    expectValid(messages);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    const fields = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])));
    expect(fields).toHaveLength(640);
    const ids = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : [])));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(60);
  });

  it('escapes user data wherever it lands in mrkdwn, so `<!channel> & Sons` never pings', () => {
    const reply = base({
      summary: `Your biggest deal is with ${EVIL}.`,
      facts: [{ label: EVIL, value: 1, display: EVIL }],
      requirements: [{ metric: 'revenue', label: EVIL, current: 1, required: 2, gap: 1, met: false, unit: 'count' }],
      table: { columns: ['Customer'], rows: [[EVIL]] },
      suggestions: [{ label: EVIL, question: `deals with ${EVIL}`, reason: EVIL }],
      clarify: { question: 'Which one?', options: [{ label: EVIL, text: EVIL }] },
    });
    const messages = renderReply(reply, { title: EVIL });
    expectValid(messages);
    const texts = messages.flatMap(mrkdwnTexts);
    for (const t of texts) {
      expect(t).not.toMatch(/<!channel>|<@U123>|<#C1>/);
    }
    expect(texts.join('\n')).toContain('&lt;!channel&gt; &amp; Sons');
    // Plain text (header, buttons) and raw table cells are never read as markup: kept verbatim.
    expect(JSON.stringify(messages)).toContain('"text":"<!channel> & Sons');
  });

  it('draws up to two charts natively and hands the rest to PNG', () => {
    const charts = [chart(), chart({ title: 'Second' }), chart({ title: 'Third' })];
    expect(planCharts(charts)).toEqual(['native', 'native', 'png']);
    const messages = renderReply(base({ charts }), { chartFiles: [undefined, undefined, 'F123'] });
    expectValid(messages);
    const blocks = messages.flatMap((m) => m.blocks);
    expect(blocks.filter((b) => b.type === 'data_visualization')).toHaveLength(2);
    expect(blocks.find((b) => b.type === 'image')).toMatchObject({ slack_file: { id: 'F123' } });
  });

  it('maps a chart to the documented data_visualization schema, within its limits', () => {
    const long = chart({ title: 'A'.repeat(80), categories: ['Trailing twelve month revenue', 'Certified people', 'Win rate'] });
    const block = nativeChart(long);
    expect(block).toBeDefined();
    expect(block?.title.length).toBeLessThanOrEqual(50);
    expect(block?.chart.type).toBe('bar');
    if (block?.chart.type !== 'bar') return;
    expect(block.chart.axis_config.categories.every((c) => c.length <= 20)).toBe(true);
    // "required" already draws the Gold line, so no extra target series.
    expect(block.chart.series.map((s) => s.name)).toEqual(['current', 'required']);
    expect(block.chart.series[0]?.data[0]).toEqual({ label: block.chart.axis_config.categories[0], value: 82.5 });
    expect(validateMessage({ text: 'x', blocks: [block] })).toEqual([]);
  });

  it('cuts a long chart title between words, never inside one', () => {
    const block = nativeChart(chart({ title: 'Deal registration win rate: the quarter before last vs this quarter' }));
    expect(block?.title).toBe('Deal registration win rate: the quarter before…');
  });

  it('sends charts Slack cannot draw (too many points, clashing labels) as PNG', () => {
    const many = chart({ kind: 'trend', categories: Array.from({ length: 26 }, (_, i) => `W${i}`), series: [{ name: 'revenue', values: Array(26).fill(1) }] });
    const clash = chart({ categories: ['Certified people in region A', 'Certified people in region B'], series: [{ name: 'x', values: [1, 2] }] });
    expect(nativeChart(many)).toBeUndefined();
    expect(nativeChart(clash)).toBeUndefined();
    expect(planCharts([many, clash])).toEqual(['png', 'png']);
    const messages = renderReply(base({ charts: [many] }));
    expect(messages.flatMap((m) => m.blocks).some((b) => b.type === 'context' && JSON.stringify(b).includes('could not be drawn'))).toBe(true);
  });

  it('turns suggestions into buttons with unique action ids, link suggestions into URL buttons', () => {
    const messages = renderReply(
      base({
        suggestions: [
          { label: 'Renew certifications', question: 'Which certifications expire in the next 60 days?', reason: '2 expire soon' },
          { label: 'Register a deal', url: 'https://portal.example.com/deals' },
          { label: 'x'.repeat(120), question: 'long one' },
        ],
      }),
    );
    expectValid(messages);
    const buttons = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])));
    // Numbered per kind: unique within a message, the first question always pulse_suggest_0.
    expect(buttons.map((b) => b.action_id)).toEqual([`${ACTIONS.suggest}_0`, `${ACTIONS.link}_0`, `${ACTIONS.suggest}_1`]);
    expect(buttons[1]?.url).toBe('https://portal.example.com/deals');
    expect(buttons[2]?.text.text.length).toBeLessThanOrEqual(75);
  });

  it('states the data date in a context line that renders in the reader’s time zone', () => {
    const [m] = renderReply(base());
    const context = m?.blocks.at(-1);
    expect(context?.type).toBe('context');
    expect(JSON.stringify(context)).toContain(`<!date^${Date.parse(ASOF) / 1000}^`);
    expect(JSON.stringify(context)).toContain('Nov 23, 2026, 12:00 UTC');
  });
});

describe('the Block Kit validator', () => {
  it('reports each documented limit it is given a breach of', () => {
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'ok' } };
    const bad = {
      text: 'x'.repeat(3001),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        { type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } },
        { type: 'section', text: { type: 'mrkdwn', text: 'hello <!channel>' } },
        { type: 'actions', elements: [
          { type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) }, action_id: 'same' },
          { type: 'button', text: { type: 'plain_text', text: 'ok' }, action_id: 'same' },
        ] },
        ...Array.from({ length: 3 }, () => ({ type: 'data_visualization', title: 't', chart: { type: 'pie', segments: [{ label: 'a', value: 1 }] } })),
        ...Array.from({ length: 2 }, () => ({ type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] })),
        ...Array.from({ length: 45 }, () => section),
      ],
    };
    const messages = validateMessage(bad).map((p) => `${p.path}: ${p.message}`);
    const expectOne = (re: RegExp) => expect(messages.some((m) => re.test(m)), `${re} in\n${messages.join('\n')}`).toBe(true);
    expectOne(/^text: text is 3001 characters/);
    expectOne(/^blocks: 55 blocks; a message holds at most 50/);
    expectOne(/blocks\[0\]\.text\.text: text is 151 characters; the limit is 150/);
    expectOne(/blocks\[1\]\.fields: a section holds 1–10 fields/);
    expectOne(/blocks\[2\]\.text\.text: text is 3001 characters/);
    expectOne(/blocks\[3\]\.text\.text: unescaped mention/);
    expectOne(/blocks\[4\]\.elements\[0\]\.text\.text: text is 76 characters; the limit is 75/);
    expectOne(/action_id "same" is not unique/);
    expectOne(/3 charts; at most 2/);
    expectOne(/2 tables; at most 1/);
  });

  it('checks chart internals: labels must be categories, at most 6 series of ≤ 20 points', () => {
    const series = Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, data: [{ label: 'nope', value: 1 }] }));
    const problems = validateMessage({
      text: 'x',
      blocks: [{ type: 'data_visualization', title: 'x'.repeat(51), chart: { type: 'line', series, axis_config: { categories: ['a'] } } }],
    }).map((p) => p.message);
    expect(problems).toContain('chart title is 51 characters; the limit is 50');
    expect(problems).toContain('a chart needs 1–6 series');
  });

  it('allows 100 blocks in a Home view but not 101', () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(validateView({ type: 'home', blocks: blocks.slice(0, 100) })).toEqual([]);
    expect(validateView({ type: 'home', blocks })[0]?.message).toMatch(/101 blocks; a home holds at most 100/);
  });
});

describe('App Home', () => {
  const result = (reply: Reply, over: Partial<TurnResult> = {}): TurnResult => ({
    intent: 'tier_progress',
    planner: 'rules',
    args: {},
    user: { email: 'owner@northwind.example', role: 'partner_admin', partner: EVIL },
    reply,
    data: {},
    outcome: 'ok',
    deliver: 'in_place',
    ...over,
  });

  it('fits the dashboard in ≤ 100 blocks even when every part is large', () => {
    const requirements = Array.from({ length: 40 }, (_, i) => ({
      metric: 'revenue' as const,
      label: `Requirement ${i} ${'long '.repeat(40)}`,
      current: i,
      required: 40,
      gap: 40 - i,
      met: false,
      unit: 'count' as const,
    }));
    const view = renderHome({
      tier: result(base({ requirements, charts: [chart()], suggestions: Array.from({ length: 9 }, (_, i) => ({ label: `S${i}`, question: `q${i}`, reason: EVIL })) })),
      metrics: [result(base({ facts: Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: i, display: `${i}` })) }))],
      certifications: result(base({ table: { columns: ['Holder', 'Certification', 'Expires'], rows: Array.from({ length: 500 }, () => [EVIL, 'Azure', '1 Dec 2026']) } })),
      tierChart: { mode: 'native' },
    });
    const problems = validateView(view);
    expect(problems, describeProblems(problems)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.blocks.some((b) => b.type === 'data_visualization')).toBe(true);
    // The partner name reaches the "Signed in as" line escaped.
    expect(JSON.stringify(view)).toContain('&lt;!channel&gt; &amp; Sons');
  });
});

describe('escaping helpers', () => {
  it('never cuts an entity in half', () => {
    const s = escapeMrkdwn('ab<<<<');
    for (let n = 2; n < s.length; n += 1) {
      const t = truncate(s, n);
      expect(t.length).toBeLessThanOrEqual(n);
      expect(t.replace(/…$/, '')).not.toMatch(/&(a|am|amp|l|lt|g|gt)?$/);
    }
  });
});
