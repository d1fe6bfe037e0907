import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_TEXT, createTurnGate } from '../../src/core/turn-gate.ts';
import { captureLog, slowPlanner, startHarness, TEAM, type Harness } from './harness.ts';

// Under a burst, pulse serve works a bounded number of turns at a time; the rest wait in a bounded
// line, and beyond it a person is told to ask again. Acknowledgements never wait for any of it.
describe('turn gate', () => {
  it('works at most N at once, queues up to M, and refuses the rest', async () => {
    const gate = createTurnGate(2, 1);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      new Promise<string>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve('done');
        });
      });
    const a = gate.run(job);
    const b = gate.run(job);
    const c = gate.run(job);
    await new Promise((r) => setTimeout(r, 10));
    expect([gate.active, gate.waiting]).toEqual([2, 1]);
    expect(await gate.run(job)).toEqual({ ok: false, reason: 'busy' });
    releases.shift()?.();
    await new Promise((r) => setTimeout(r, 10));
    releases.splice(0).forEach((r) => r());
    await new Promise((r) => setTimeout(r, 10));
    releases.splice(0).forEach((r) => r());
    expect(await Promise.all([a, b, c])).toEqual([{ ok: true, value: 'done' }, { ok: true, value: 'done' }, { ok: true, value: 'done' }]);
    expect(peak).toBe(2);
  });
});

describe('Slack under a burst', () => {
  let h: Harness;
  const logs = captureLog();
  beforeAll(async () => {
    h = await startHarness({ log: logs.log, planner: slowPlanner(600), env: { PULSE_MAX_CONCURRENT_TURNS: '1', PULSE_MAX_QUEUED_TURNS: '1' } });
    h.fake.addUser('U0OWNER', { teamId: TEAM, email: 'owner@northwind.example' });
  });
  afterAll(() => h?.close());

  it('acknowledges every command at once, answers those in line, and tells the rest to ask again', async () => {
    const sent = await Promise.all([1, 2, 3].map(() => h.command('U0OWNER', 'how close am I to Gold tier?')));
    expect(sent.map((s) => s.res.status)).toEqual([200, 200, 200]);
    for (const s of sent) expect(s.ms).toBeLessThan(500);
    const texts = async (url: string) => {
      await h.fake.waitFor('a reply', () => h.fake.responsesTo(url).length > 0, 10_000);
      return h.fake.responsesTo(url).map((r) => JSON.stringify(r.body));
    };
    const replies = await Promise.all(sent.map((s) => texts(s.responseUrl)));
    const busy = replies.filter((r) => r.some((t) => t.includes(BUSY_TEXT)));
    const answered = replies.filter((r) => r.some((t) => t.includes('Gold')) && !r.some((t) => t.includes(BUSY_TEXT)));
    expect(busy).toHaveLength(1);
    expect(answered).toHaveLength(2);
    expect(logs.lines().some((l) => l.msg === 'turn refused: too many waiting')).toBe(true);
  });
});
