import { AIMessageChunk } from '@langchain/core/messages';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.ts';
import type { IntentDef } from '../../intents/types.ts';
import { mergeRuns } from '../../src/core/merge-runs.ts';
import { inventedNumbers, numbersIn } from '../../src/llm/grounding.ts';
import { langchainModel } from '../../src/llm/langchain-model.ts';
import { SYSTEM_PROMPT } from '../../src/llm/prompt.ts';
import { toolSpec, toolSpecs } from '../../src/llm/tools.ts';
import type { ToolRun } from '../../src/planner/types.ts';
import { textReply } from '../../src/reply/types.ts';

// The parts where HTTP adds nothing: LangChain's own fake chat models behind our one-method
// model, the grounding check, tools from the intents' schemas, and merging several answers.

const signal = new AbortController().signal;

describe('langchainModel over LangChain fake chat models', () => {
  it('reads prose from a plain chat model', async () => {
    const model = langchainModel(new FakeListChatModel({ responses: ['You meet 3 of 4 requirements.'] }));
    const res = await model.complete({ messages: [{ role: 'user', content: 'hi' }], tools: [], signal });
    expect(res).toEqual({ text: 'You meet 3 of 4 requirements.', toolCalls: [], tokens: 0 });
  });

  it('reads tool calls from a tool-calling chat model', async () => {
    const chat = new FakeStreamingChatModel({
      chunks: [new AIMessageChunk({ content: '', tool_calls: [{ id: 'c1', name: 'tier_progress', args: { tier: 'Gold' }, type: 'tool_call' }] })],
    });
    const res = await langchainModel(chat).complete({ messages: [{ role: 'user', content: 'gold?' }], tools: toolSpecs(INTENTS, 'partner_admin'), signal });
    expect(res.toolCalls).toEqual([{ id: 'c1', name: 'tier_progress', args: { tier: 'Gold' } }]);
  });
});

describe('grounding', () => {
  const sources = [{ revenue: 420_000, required: 500_000, pct: 83.96, gap: 80_000, deals: 18 }];

  it('reads numbers as people write them', () => {
    expect(numbersIn('$420,000, 84%, 1.2M, 80k and 3.5 days').map((n) => n.value)).toEqual([420_000, 84, 1_200_000, 80_000, 3.5]);
  });

  it('keeps numbers from the results, rounded as stated', () => {
    expect(inventedNumbers('Revenue is $420,000 (84% of $500,000); $80k to go over 18 deals.', sources)).toEqual([]);
  });

  it('finds an invented number, however it is written', () => {
    expect(inventedNumbers('Revenue is $430,000.', sources)).toEqual(['430,000']);
    expect(inventedNumbers('You need 90k more.', sources)).toEqual(['90k']);
    expect(inventedNumbers('Win rate 85%.', sources)).toEqual(['85']);
    expect(inventedNumbers('Tailspin has 1.5 million.', sources)).toEqual(['1.5 million']);
  });
});

describe('tools from intents', () => {
  it('makes every intent a tool from its own schema and description', () => {
    const specs = toolSpecs(INTENTS, 'vendor_admin');
    const adminIntents = INTENTS.filter((i) => i.roles.includes('vendor_admin'));
    expect(specs.map((s) => s.name)).toEqual(adminIntents.map((i) => i.name));
    for (const [i, spec] of specs.entries()) {
      const def = adminIntents[i] as IntentDef;
      expect(spec.description).toBe(def.description);
      expect(Object.keys((spec.parameters as { properties?: object }).properties ?? {})).toEqual(Object.keys(def.args.shape));
    }
  });

  it('offers a role only the intents it may use', () => {
    const partnerTools = toolSpecs(INTENTS, 'partner_user').map((s) => s.name);
    for (const i of INTENTS.filter((d) => !d.roles.includes('partner_user'))) expect(partnerTools).not.toContain(i.name);
  });

  it('refuses an intent that takes the caller identity as an argument', () => {
    const bad = { ...INTENTS[0], name: 'leaky', args: z.object({ email: z.string() }) } as unknown as IntentDef;
    expect(() => toolSpec(bad)).toThrow(/identity/);
  });

  it('keeps names, data and secrets out of the system prompt', () => {
    expect(SYSTEM_PROMPT).not.toMatch(/@|Northwind|Fabrikam|\d|key|token/i);
  });
});

describe('mergeRuns', () => {
  const run = (intent: string, summary: string, over: Partial<ToolRun['reply']> = {}): ToolRun => ({
    intent,
    args: {},
    outcome: 'ok',
    reply: { ...textReply(summary, `2026-11-2${intent.length % 3}T00:00:00Z`), sensitive: true, ...over },
    data: { n: intent.length },
  });

  it('joins summaries, facts, charts and suggestions without repeats; asOf is the oldest', () => {
    const a = run('tier_progress', 'A.', { facts: [{ label: 'x', value: 1, display: '1' }], suggestions: [{ label: 'Do', question: 'q1' }] });
    const b = run('compare_peers', 'B.', { facts: [{ label: 'y', value: 2, display: '2' }], suggestions: [{ label: 'Do', question: 'q1' }, { label: 'More', question: 'q2' }] });
    const m = mergeRuns([a, b], undefined);
    expect(m.reply.summary).toBe('A.\n\nB.');
    expect(m.reply.facts.map((f) => f.label)).toEqual(['x', 'y']);
    expect(m.reply.suggestions.map((s) => s.question)).toEqual(['q1', 'q2']);
    expect(m.reply.asOf).toBe([a.reply.asOf, b.reply.asOf].sort()[0]);
    // The first run's data stands for the merged answer (each run keeps its own in the turn's runs).
    expect(m.data).toEqual(a.data);
  });

  it('gives an answer that repeats an earlier one word for word once', () => {
    const a = run('leaderboard', 'You rank 25th of 69.', { facts: [{ label: 'rank', value: 25, display: '25th' }] });
    const m = mergeRuns([a, { ...a, args: { order: 'bottom' } }, run('certifications', 'C.')], undefined);
    expect(m.reply.summary).toBe('You rank 25th of 69.\n\nC.');
    expect(m.reply.facts.map((f) => f.label)).toEqual(['rank']);
    expect(mergeRuns([a, { ...a }], undefined).reply).toEqual(a.reply);
  });

  it('uses grounded prose as the summary', () => {
    expect(mergeRuns([run('a', 'A.'), run('bb', 'B.')], 'Both.').reply.summary).toBe('Both.');
  });
});
