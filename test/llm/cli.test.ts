import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { runCli } from '../cli/run-cli.ts';

// The done check as a test: `pulse ask --planner llm --json` against the loopback model
// scripted to call tier_progress then compare_peers, compared with the rules planner; then with
// the model server gone.

const Q = 'where do I stand for Gold and how do I compare to peers?';
const AS = ['--as', DEMO.emails.northwindOwner, '--json'];

describe('pulse ask --planner llm', () => {
  let fake: FakeOpenAi;
  let env: Record<string, string>;
  beforeAll(async () => {
    const db = await testDb({ demo: true });
    fake = await startFakeOpenAi();
    env = { DATABASE_URL: db.url, OPENAI_BASE_URL: fake.url, PULSE_LLM_TIMEOUT_MS: '5000' };
  });
  afterAll(async () => {
    await fake.close();
  });

  const json = (s: string) => JSON.parse(s) as { planner: string; intent: string; runs?: { intent: string }[]; data: Record<string, unknown> };

  it('answers with both tools, with the rules planner’s figures, and says which planner answered', async () => {
    fake.script((_n, req) => {
      const done = req.messages.filter((m) => m.role === 'tool').length;
      if (done === 0) return { toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] };
      if (done === 1) return { toolCalls: [{ name: 'compare_peers', arguments: {} }] };
      return { content: '' };
    });
    // Three processes at once: each pays node's start-up, not the others'.
    const [llm, tierRun, peersRun] = await Promise.all([
      runCli(['ask', '--planner', 'llm', ...AS, Q], env),
      runCli(['ask', '--planner', 'rules', ...AS, 'how close am I to Gold tier?'], env),
      runCli(['ask', '--planner', 'rules', ...AS, 'how do I compare to my peers?'], env),
    ]);
    expect(llm.code).toBe(0);
    const r = json(llm.stdout);
    expect(r.planner).toBe('llm');
    expect(r.runs?.map((x) => x.intent)).toEqual(['tier_progress', 'compare_peers']);
    const tier = json(tierRun.stdout);
    const peers = json(peersRun.stdout);
    expect(tier.planner).toBe('rules');
    const runs = r.runs as { data: unknown }[] | undefined;
    expect(r.data).toEqual(tier.data);
    expect(runs?.[0]?.data).toEqual(tier.data);
    expect(runs?.[1]?.data).toEqual(peers.data);
  }, 90_000);

  it('is answered by the rules planner when the model server is down', async () => {
    const down = await startFakeOpenAi();
    await down.close();
    const [res, rulesRun] = await Promise.all([
      runCli(['ask', '--planner', 'llm', ...AS, Q], { ...env, OPENAI_BASE_URL: down.url }),
      runCli(['ask', '--planner', 'rules', ...AS, Q], env),
    ]);
    expect(res.code).toBe(0);
    const r = json(res.stdout);
    const rules = json(rulesRun.stdout);
    expect(r.planner).toBe('rules');
    expect(r.data).toEqual(rules.data);
  }, 90_000);

  it('says in one line what --planner llm needs when no model is configured', async () => {
    const res = await runCli(['ask', '--planner', 'llm', ...AS, Q], { ...env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '' });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('--planner llm needs OPENAI_API_KEY or OPENAI_BASE_URL (see .env.example)');
  });
});
