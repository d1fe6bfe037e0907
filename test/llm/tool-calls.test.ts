import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { SYSTEM_PROMPT } from '../../src/llm/prompt.ts';
import { lastAudit } from '../core/test-app.ts';
import { llmHarness, toolResultsSent, type LlmHarness } from './harness.ts';

const OWNER = DEMO.emails.northwindOwner;

describe('LLM planner: tool calls through the real OpenAI client', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await llmHarness();
  });
  afterAll(async () => {
    await h.fake.close();
  });

  it('runs the intent the model calls, with the same figures as the rules planner', async () => {
    h.fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: '' }]);
    const r = await h.ask(OWNER, 'wie nah sind wir an Gold?');
    expect(r.planner).toBe('llm');
    expect(r.outcome).toBe('ok');
    expect(r.intent).toBe('tier_progress');
    expect(r.args).toEqual({ tier: 'Gold' });
    expect(r.tokens).toBe(240);
    expect((await lastAudit(h.app.db)).llm_tokens).toBe(240);
    const rules = await h.rules(OWNER, 'how close am I to Gold tier?');
    expect(r.data).toEqual(rules.data);
    expect(r.reply.summary).toBe(rules.reply.summary);
  });

  it('offers every intent the role may use as a tool, with a static system prompt and no identity', async () => {
    h.fake.script([{ toolCalls: [{ name: 'whoami', arguments: {} }] }, { content: '' }]);
    await h.ask(OWNER, 'who am I?');
    const first = h.fake.requests.at(-2);
    const names = first?.tools?.map((t) => t.function.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['tier_progress', 'metric_query', 'compare_peers', 'whoami']));
    expect(first?.messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    // Nothing about the asker travels to the model before a tool result does.
    expect(JSON.stringify(first)).not.toContain(OWNER);
    expect(JSON.stringify(first)).not.toContain(DEMO.northwind);
    for (const t of first?.tools ?? []) {
      const props = Object.keys((t.function.parameters as { properties?: object }).properties ?? {});
      expect(props.filter((p) => /^(user|email|role|scope|user_?id)$/i.test(p))).toEqual([]);
    }
  });

  it('answers one question with several intents and merges the replies', async () => {
    h.fake.script([
      { toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] },
      { toolCalls: [{ name: 'compare_peers', arguments: {} }] },
      { content: '' },
    ]);
    const r = await h.ask(OWNER, 'where do I stand for Gold and how do I compare to peers?');
    expect(h.fallbacks).toEqual([]);
    expect(r.planner).toBe('llm');
    expect(r.outcome).toBe('ok');
    expect(r.runs?.map((x) => x.intent)).toEqual(['tier_progress', 'compare_peers']);
    expect((await lastAudit(h.app.db)).intent).toBe('tier_progress+compare_peers');
    const tier = await h.rules(OWNER, 'how close am I to Gold tier?');
    // The first question's data stands for the turn; each part's is in runs.
    expect(r.intent).toBe('tier_progress');
    expect(r.data).toEqual(tier.data);
    expect(r.runs?.[0]?.data).toEqual(tier.data);
    expect(r.reply.summary).toContain(tier.reply.summary);
    expect(r.reply.requirements).toEqual(tier.reply.requirements);
    expect(r.reply.facts.length).toBeGreaterThan(tier.reply.facts.length);
  });

  it('keeps grounded prose and drops prose with an invented number', async () => {
    h.fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: 'You are at $420,000 of the $500,000 Gold needs.' }]);
    const kept = await h.ask(OWNER, 'how far to gold');
    expect(kept.reply.summary).toBe('You are at $420,000 of the $500,000 Gold needs.');

    h.fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: 'You are at $470,000 of the $500,000 Gold needs.' }]);
    const dropped = await h.ask(OWNER, 'how far to gold');
    expect(dropped.planner).toBe('llm');
    expect(dropped.reply.summary).not.toContain('470');
    const rules = await h.rules(OWNER, 'how close am I to Gold tier?');
    expect(dropped.reply.summary).toBe(rules.reply.summary);
  });

  it('runs the same call once when the model repeats it', async () => {
    h.fake.script([
      { toolCalls: [{ name: 'metric_query', arguments: { metric: 'revenue', period: 'last quarter' } }] },
      { toolCalls: [{ name: 'metric_query', arguments: { period: 'last quarter', metric: 'revenue' } }] },
      { content: '' },
    ]);
    const r = await h.ask(OWNER, 'revenue last quarter');
    expect(r.intent).toBe('metric_query');
    expect(r.runs).toBeUndefined();
    expect(toolResultsSent(h.fake)).toHaveLength(2);
  });
});
