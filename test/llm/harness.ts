import { testDb } from '../helpers/db.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { appFor } from '../core/test-app.ts';
import type { App } from '../../src/app.ts';
import { answer } from '../../src/core/answer.ts';
import { rulesPlanner } from '../../src/core/default-planner.ts';
import type { TurnResult } from '../../src/core/types.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { openAiModel } from '../../src/llm/langchain-model.ts';
import { createLlmPlanner } from '../../src/llm/llm-planner.ts';
import type { Planner } from '../../src/planner/types.ts';

// The real app on a test database, the real LLM planner and OpenAI client, and the loopback
// fake model server: only the network edge is scripted.

export interface LlmHarness {
  app: App;
  fake: FakeOpenAi;
  planner: Planner;
  /** Why the rules planner answered, each time it did. */
  fallbacks: string[];
  ask: (email: string, text: string, threadId?: string) => Promise<TurnResult>;
  rules: (email: string, text: string, threadId?: string) => Promise<TurnResult>;
}

/** Short enough that a hanging model costs the test little, long enough for a loaded CI box. */
export const TEST_TIMEOUT_MS = 4000;

export async function llmHarness(): Promise<LlmHarness> {
  const app = await appFor(await testDb({ demo: true }));
  const fake = await startFakeOpenAi();
  const model = openAiModel({ baseURL: fake.url, apiKey: 'test-key', model: 'fake-model', timeoutMs: TEST_TIMEOUT_MS });
  const fallbacks: string[] = [];
  const planner = createLlmPlanner({ model, fallback: rulesPlanner(), timeoutMs: TEST_TIMEOUT_MS, onFallback: (r) => fallbacks.push(r) });
  const turn = (email: string, text: string, threadId?: string) => ({ ...consoleIdentity(email), text, ...(threadId ? { threadId } : {}) });
  return {
    app,
    fake,
    planner,
    fallbacks,
    ask: (email, text, threadId) => answer(app, turn(email, text, threadId), { planner }),
    rules: (email, text, threadId) => answer(app, turn(email, text, threadId), { planner: rulesPlanner() }),
  };
}

/** Every tool result the planner sent back to the model, as text. */
export function toolResultsSent(fake: FakeOpenAi): string[] {
  const last = fake.requests[fake.requests.length - 1];
  return (last?.messages ?? []).filter((m) => m.role === 'tool').map((m) => String(m.content));
}
