import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { llmHarness, type LlmHarness } from './harness.ts';

// Conversation context per thread, for both planners: the follow-up is read against the asker's
// own last answer in that thread and checked again under their scope.

const OWNER = DEMO.emails.northwindOwner;
const MANAGER = DEMO.emails.manager;
let thread = 0;
const newThread = () => `t-${++thread}-${Date.now()}`;

describe('follow-up questions', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await llmHarness();
  });
  afterAll(async () => {
    await h.fake.close();
  });

  it('rules: "and this year?" keeps the figure and changes the period', async () => {
    const t = newThread();
    const first = await h.rules(OWNER, 'What was our revenue last quarter?', t);
    expect(first.intent).toBe('metric_query');
    const r = await h.rules(OWNER, 'and this year?', t);
    expect(r.intent).toBe('metric_query');
    expect(r.args).toMatchObject({ metric: 'revenue', period: 'this year' });
    const direct = await h.rules(OWNER, 'What was our revenue this year?');
    expect(r.data).toEqual(direct.data);
  });

  it('rules: "what about Fabrikam?" asks a manager\'s last question about another partner they manage', async () => {
    const t = newThread();
    await h.rules(MANAGER, `How close is ${DEMO.northwind} to Gold?`, t);
    const r = await h.rules(MANAGER, 'what about Fabrikam?', t);
    expect(r.intent).toBe('tier_progress');
    expect(r.args).toMatchObject({ partner: DEMO.fabrikam, tier: 'Gold' });
    expect(r.data.partner).toBe(DEMO.fabrikam);
  });

  it('rules: a partner following up with another partner gets nothing of it', async () => {
    const t = newThread();
    await h.rules(OWNER, 'How close are we to Gold?', t);
    const r = await h.rules(OWNER, 'what about Fabrikam?', t);
    expect(r.outcome).toBe('denied');
    expect(r.reply.facts).toEqual([]);
    expect(JSON.stringify(r.data)).not.toContain('requirements');
  });

  it('rules: "show that as a chart" answers the last question with its chart', async () => {
    const t = newThread();
    const first = await h.rules(OWNER, 'How close are we to Gold?', t);
    const r = await h.rules(OWNER, 'show that as a chart', t);
    expect(r.intent).toBe('tier_progress');
    expect(r.args).toEqual(first.args);
    expect(r.reply.charts.length).toBeGreaterThan(0);
    expect(r.reply.facts).toEqual([]);
  });

  it('keeps each person\'s context to themselves, and none without a thread', async () => {
    const t = newThread();
    await h.rules(MANAGER, `How close is ${DEMO.northwind} to Gold?`, t);
    const other = await h.rules(DEMO.emails.admin, 'what about Fabrikam?', t);
    expect(other.args.tier).toBeUndefined();
    const alone = await h.rules(OWNER, 'and this year?');
    expect(alone.intent).not.toBe('metric_query');
  });

  it('keeps the thread bounded', async () => {
    const t = newThread();
    for (let i = 0; i < 10; i++) await h.rules(OWNER, 'How close are we to Gold?', t);
    const rows = await h.app.db.selectFrom('conversation_turns').select('id').where('thread_key', 'like', `%:${t}`).execute();
    expect(rows.length).toBe(8);
  });

  it('llm: the model sees the thread so far and answers the follow-up with its own tool call', async () => {
    const t = newThread();
    h.fake.script([{ toolCalls: [{ name: 'metric_query', arguments: { metric: 'revenue', period: 'last quarter' } }] }, { content: '' }]);
    await h.ask(OWNER, 'What was our revenue last quarter?', t);
    h.fake.script([{ toolCalls: [{ name: 'metric_query', arguments: { metric: 'revenue', period: 'this year' } }] }, { content: '' }]);
    const r = await h.ask(OWNER, 'and this year?', t);
    const sent = h.fake.requests.at(-2)?.messages ?? [];
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(String(sent[1]?.content)).toBe('What was our revenue last quarter?');
    expect(String(sent[2]?.content)).toContain('metric_query');
    expect(r.planner).toBe('llm');
    expect(r.args).toMatchObject({ metric: 'revenue', period: 'this year' });
  });

  it('llm: "show that as a chart" puts the charts first', async () => {
    const t = newThread();
    h.fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: '' }]);
    const first = await h.ask(OWNER, 'how close are we to gold', t);
    expect(first.reply.facts.length).toBeGreaterThan(0);
    h.fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: '' }]);
    const r = await h.ask(OWNER, 'show that as a chart', t);
    expect(r.planner).toBe('llm');
    expect(r.reply.charts).toEqual(first.reply.charts);
    expect(r.reply.facts).toEqual([]);
  });

  it('llm: falling back to rules still follows up', async () => {
    const t = newThread();
    await h.rules(OWNER, 'What was our revenue last quarter?', t);
    h.fake.script([{ status: 429 }]);
    const r = await h.ask(OWNER, 'and this year?', t);
    expect(r.planner).toBe('rules');
    expect(r.args).toMatchObject({ metric: 'revenue', period: 'this year' });
  });
});
