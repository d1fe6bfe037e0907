import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, personalChatOf, startHarness, type Harness } from '../teams/harness.ts';

// A Teams message through `pulse serve`'s /api/messages shows up on GET /metrics, which is open
// when PULSE_METRICS_TOKEN is unset.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { PULSE_METRICS_TOKEN: '' } });
});
afterAll(() => h.close());

const value = (text: string, sample: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
};

describe('GET /metrics with Teams', () => {
  it('counts the Teams ack and the answer', async () => {
    const res = await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    await h.fake.waitFor('the answer', () => h.fake.messagesTo(personalChatOf(OWNER)).length > 0);
    const scrape = await fetch(`${h.serve.url}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(value(text, 'pulse_chat_acks_total{platform="teams",status="200"}')).toBe(1);
    expect(value(text, 'pulse_chat_ack_duration_seconds_count{platform="teams"}')).toBe(1);
    expect(value(text, 'pulse_answers_total{intent="tier_progress",planner="rules",outcome="ok"}')).toBe(1);
    expect(text).not.toContain('platform="slack"');
  });
});
