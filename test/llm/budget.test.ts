import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { answer } from '../../src/core/answer.ts';
import { rulesPlanner } from '../../src/core/default-planner.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { openAiModel } from '../../src/llm/langchain-model.ts';
import { createLlmPlanner, MAX_TOOL_CALLS, MAX_TOOL_CALLS_PER_ROUND, TOOL_RESULT_CHARS } from '../../src/llm/llm-planner.ts';
import type { ScriptedCall } from '../helpers/fake-openai.ts';
import { lastAudit } from '../core/test-app.ts';
import { llmHarness, TEST_TIMEOUT_MS, toolResultsSent, type LlmHarness } from './harness.ts';

// Issue 16, B2: one budget for a question, not for a call. A model that returns hundreds of tool
// calls per round gets at most PULSE_LLM_MAX_TOOL_CALLS runs per question and
// PULSE_LLM_MAX_TOOL_CALLS_PER_ROUND per round, identical calls run once, the wall-clock budget
// counts our tool time as well as the model's, and past a limit the answer is built from what
// already ran, with the limit in the audit row.

const OWNER = DEMO.emails.northwindOwner;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `n` different forecast calls: each names another deadline, so none collapses into another. */
const forecasts = (n: number, from = 0): ScriptedCall[] =>
  Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return { name: 'forecast', arguments: { tier: 'Gold', by: `${(k % 28) + 1} ${MONTHS[Math.floor(k / 28) % 12] ?? 'March'} ${2027 + Math.floor(k / 336)}` } };
  });

/** Characters of every request the model got since `from`. */
const requestChars = (h: LlmHarness, from: number): number[] => h.fake.requests.slice(from).map((r) => JSON.stringify(r).length);

describe('LLM planner: a budget for the question', () => {
  let h: LlmHarness;
  beforeAll(async () => {
    h = await llmHarness();
  });
  afterAll(async () => {
    await h.fake.close();
  });

  it('answers the 500-calls-per-round model within the budget, with at most the cap of intent runs', { timeout: 60_000 }, async () => {
    const before = h.fake.requests.length;
    h.fake.script(() => ({ toolCalls: forecasts(500) }));
    const started = Date.now();
    const r = await h.ask(OWNER, 'when will we reach Gold at this pace?');
    const elapsed = Date.now() - started;
    expect(r.planner).toBe('llm');
    expect(r.outcome).toBe('ok');
    expect(r.intent).toBe('forecast');
    // Six calls ran (the round's cap), then the question stopped and answered from them.
    expect(r.runs?.length).toBe(MAX_TOOL_CALLS_PER_ROUND);
    expect(h.fake.requests.length - before).toBe(1);
    expect(elapsed).toBeLessThan(TEST_TIMEOUT_MS);
    expect(JSON.stringify(r.reply).length).toBeLessThan(200_000);
    const audit = await lastAudit(h.app.db);
    expect(audit.detail).toContain(`llm limit reached: tool calls per round (${MAX_TOOL_CALLS_PER_ROUND})`);
  });

  it('stops at the question’s cap across rounds and sends the model bounded requests', { timeout: 60_000 }, async () => {
    const before = h.fake.requests.length;
    let round = 0;
    h.fake.script(() => ({ toolCalls: forecasts(5, 5 * round++) }));
    const r = await h.ask(OWNER, 'when will we reach Gold at this pace?');
    expect(r.planner).toBe('llm');
    expect(r.runs?.length).toBe(MAX_TOOL_CALLS);
    // Rounds of 5, 5, then the 2 left of 12; no fourth request.
    expect(h.fake.requests.length - before).toBe(3);
    for (const chars of requestChars(h, before)) expect(chars).toBeLessThan(MAX_TOOL_CALLS * (TOOL_RESULT_CHARS + 1_000) + 50_000);
    expect((await lastAudit(h.app.db)).detail).toContain(`llm limit reached: tool calls per question (${MAX_TOOL_CALLS})`);
  });

  it('runs identical calls once and sends one result for them', async () => {
    const call: ScriptedCall = { name: 'tier_progress', arguments: { tier: 'Gold' } };
    h.fake.script([{ toolCalls: Array.from({ length: 500 }, () => call) }, { content: '' }]);
    const r = await h.ask(OWNER, 'how close am I to Gold tier?');
    expect(r.planner).toBe('llm');
    expect(r.intent).toBe('tier_progress');
    expect(r.runs).toBeUndefined();
    expect(toolResultsSent(h.fake)).toHaveLength(1);
    expect(h.fake.requests.at(-1)?.messages.find((m) => m.role === 'assistant')?.tool_calls).toHaveLength(1);
    expect((await lastAudit(h.app.db)).detail ?? '').not.toContain('llm limit');
  });

  it('counts tool time against the question’s wall-clock budget, then answers from what ran', { timeout: 60_000 }, async () => {
    const budgetMs = 400;
    const planner = createLlmPlanner({
      model: openAiModel({ baseURL: h.fake.url, apiKey: 'k', model: 'fake', timeoutMs: TEST_TIMEOUT_MS }),
      fallback: rulesPlanner(),
      timeoutMs: budgetMs,
      // Call caps out of the way: only time may stop this question.
      maxToolCalls: 10_000,
      maxToolCallsPerRound: 10_000,
    });
    let round = 0;
    // The model answers at once; our own 4 × 150 tool runs take far longer than the budget.
    h.fake.script(() => ({ toolCalls: forecasts(150, 150 * round++) }));
    const started = Date.now();
    const r = await answer(h.app, { ...consoleIdentity(OWNER), text: 'when will we reach Gold at this pace?' }, { planner });
    const elapsed = Date.now() - started;
    expect(r.planner).toBe('llm');
    expect(r.outcome).toBe('ok');
    expect((await lastAudit(h.app.db)).detail).toContain(`llm limit reached: time (${budgetMs} ms)`);
    // The deadline plus one tool run and the answer, with room for a loaded machine.
    expect(elapsed).toBeLessThan(budgetMs + 3_000);
    expect(r.runs?.length ?? 1).toBeLessThan(600);
  });
});
