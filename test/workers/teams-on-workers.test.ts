import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, personalChatOf, startHarness, type Harness } from '../teams/harness.ts';

// Teams with answer workers: the core's answer is worked on a worker and comes back as data; the
// card is rendered and sent on the request's own TurnContext, as without workers.

describe('Teams answered on worker threads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ answerWorkers: { size: 1 } });
  });
  afterAll(() => h?.close());

  it('answers in the personal chat with the same figures, and counts the answer in /metrics', async () => {
    const res = await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    const replies = h.fake.messagesTo(personalChatOf(OWNER));
    expect(replies).toHaveLength(1);
    const json = JSON.stringify(h.fake.cards()[0] ?? {});
    expect(json).toContain('Northwind Traders is Silver. For Gold you meet 3 of 4 requirements; revenue is $80,000 short.');
    // Counted by the worker, shown by the main thread's registry.
    const metrics = await h.app.metrics.registry.metrics();
    expect(metrics).toMatch(/pulse_answers_total\{[^}]*intent="tier_progress"[^}]*\} 1/);
  });
});
