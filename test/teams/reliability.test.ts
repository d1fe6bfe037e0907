import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from '../../adapters/teams/retry.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { OWNER, personalChatOf, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Linked and stored once, so the tests below count only the answer's own calls.
  await h.post({ from: OWNER, text: 'help' });
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const activityCalls = () => h.fake.requests.filter((r) => r.path.includes('/activities'));

describe('Teams connector reliability', () => {
  it('a 429 then 200 from the connector delivers the answer exactly once', async () => {
    h.fake.script('activities', { status: 429, retryAfter: 0 });
    const res = await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    expect(activityCalls().map((r) => r.status)).toEqual([429, 200]);
    const delivered = h.fake.messagesTo(personalChatOf(OWNER));
    expect(delivered).toHaveLength(1);
    expect(JSON.stringify(delivered[0]?.activity)).toContain('$420,000 of $500,000');
  });

  it('retries 412, 502 and 504 too, then delivers once', async () => {
    h.fake.script('activities', { status: 412 }, { status: 502 }, { status: 504 });
    await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(activityCalls().map((r) => r.status)).toEqual([412, 502, 504, 200]);
    expect(h.fake.messagesTo(personalChatOf(OWNER))).toHaveLength(1);
  });

  it('does not retry a refusal that will not change (404)', async () => {
    h.fake.script('activities', { status: 404 });
    await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    // The answer is refused; the apology that follows is the only other call.
    expect(activityCalls()[0]?.status).toBe(404);
    expect(activityCalls().filter((r) => r.status === 404)).toHaveLength(1);
  });

  it('answers a 413 with a smaller card (no images), never the same message again', async () => {
    h.fake.script('activities', { status: 413 });
    await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(activityCalls().map((r) => r.status)).toEqual([413, 200]);
    const [delivered] = h.fake.messagesTo(personalChatOf(OWNER));
    const json = JSON.stringify(delivered?.activity);
    expect(json).not.toContain('data:image/png');
    expect(json).toContain('$420,000 of $500,000');
    for (const c of h.fake.cards()) expect(cardProblems(c)).toEqual([]);
  });

  it('falls back to text after two 413s', async () => {
    h.fake.script('activities', { status: 413 }, { status: 413 });
    await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(activityCalls().map((r) => r.status)).toEqual([413, 413, 200]);
    const [delivered] = h.fake.messagesTo(personalChatOf(OWNER));
    expect(delivered?.activity.attachments).toBeUndefined();
    expect(String(delivered?.activity.text)).toMatch(/revenue is \$80,000 short[\s\S]*Data as of/);
  });

  it('waits with jittered exponential backoff, honouring Retry-After', () => {
    const o = { baseMs: 500, maxMs: 4_000 };
    expect(backoffMs(0, { ...o, random: () => 0 })).toBe(250);
    expect(backoffMs(0, { ...o, random: () => 1 })).toBe(500);
    expect(backoffMs(2, { ...o, random: () => 0.5 })).toBe(1_500);
    expect(backoffMs(10, { ...o, random: () => 1 })).toBe(4_000);
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(new Date(Date.UTC(2026, 10, 23, 12, 0, 5)).toUTCString(), Date.UTC(2026, 10, 23, 12, 0, 0))).toBe(5_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
