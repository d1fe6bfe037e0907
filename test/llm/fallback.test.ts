import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { answer } from '../../src/core/answer.ts';
import { rulesPlanner } from '../../src/core/default-planner.ts';
import { loadConfig } from '../../src/config.ts';
import { openApp, type App } from '../../src/app.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { openAiModel } from '../../src/llm/langchain-model.ts';
import { createLlmPlanner } from '../../src/llm/llm-planner.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { lastAudit } from '../core/test-app.ts';

// A model that hangs, a server that is not there, and a user over their daily token budget:
// each time the rules planner answers, and the reply is the one rules would give.

const OWNER = DEMO.emails.northwindOwner;
const Q = 'how close am I to Gold tier?';
/** The model's whole time budget in these tests; the hang below never answers at all. */
const SHORT_MS = 300;

describe('LLM planner fallbacks', () => {
  let app: App;
  let fake: FakeOpenAi;
  const fallbacks: string[] = [];
  const plannerAt = (baseURL: string, timeoutMs = SHORT_MS) =>
    createLlmPlanner({
      model: openAiModel({ baseURL, apiKey: 'k', model: 'fake', timeoutMs }),
      fallback: rulesPlanner(),
      timeoutMs,
      onFallback: (r) => fallbacks.push(r),
    });

  beforeAll(async () => {
    const handle = await testDb({ demo: true });
    // A budget below one question's cost: the first question spends it.
    const config = loadConfig({ ...process.env, DATABASE_URL: handle.url, PULSE_LLM_DAILY_TOKENS: '200' });
    if (!config.ok) throw new Error(config.error.message);
    const opened = await openApp(config.value, { handle });
    if (!opened.ok) throw new Error(opened.error.message);
    app = opened.value;
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });

  const ask = (email: string, planner = plannerAt(fake.url)) => answer(app, { ...consoleIdentity(email), text: Q }, { planner });

  it('answers with rules when the model never responds', async () => {
    fake.script([{ hang: true }]);
    const r = await ask(DEMO.emails.northwindSeller);
    expect(r.planner).toBe('rules');
    expect(r.outcome).toBe('ok');
    expect(fallbacks.at(-1)).toMatch(/no answer within|timed out|abort/i);
    const rules = await answer(app, { ...consoleIdentity(DEMO.emails.northwindSeller), text: Q }, { planner: rulesPlanner() });
    expect(r.reply).toEqual(rules.reply);
  });

  it('answers with rules when the model server is down', async () => {
    const down = await startFakeOpenAi();
    const url = down.url;
    await down.close();
    const r = await ask(DEMO.emails.northwindSeller, plannerAt(url));
    expect(r.planner).toBe('rules');
    expect(r.outcome).toBe('ok');
    expect(r.intent).toBe('tier_progress');
  });

  it('records token use per question and hands over to rules once the daily budget is spent', async () => {
    // Time enough for both rounds on a busy machine: the budget of tokens is what is tested here.
    const patient = plannerAt(fake.url, 10_000);
    fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: '' }]);
    const first = await ask(OWNER, patient);
    expect(first.planner).toBe('llm');
    expect((await lastAudit(app.db)).llm_tokens).toBe(240);
    const before = fake.requests.length;
    fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: '' }]);
    const second = await ask(OWNER, patient);
    expect(second.planner).toBe('rules');
    expect(fake.requests.length).toBe(before);
    expect(fallbacks.at(-1)).toBe('daily token budget spent');
    // Another person's budget is their own.
    const other = await ask(DEMO.emails.northwindSeller, patient);
    expect(other.planner).toBe('llm');
  });
});
