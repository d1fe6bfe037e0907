import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORRY_TEXT } from '../../adapters/slack/guard.ts';
import { WORKING_TEXT } from '../../adapters/slack/outlets.ts';
import { BUSY_TEXT } from '../../src/core/turn-gate.ts';
import { captureLog, startHarness, TEAM, type Harness } from '../slack/harness.ts';

// `pulse serve` with answer workers: the main thread verifies, acknowledges and admits a Slack
// turn; a worker thread answers, renders and delivers it. The test planner (fixtures/workers)
// holds a worker's CPU for 3 s on "spin" and crashes it on "crash".

const PLANNER = path.resolve(import.meta.dirname, '../fixtures/workers/test-planner.ts');
const OWNER = 'U0OWNER';
const QUESTION = 'how close am I to Gold tier?';

const finalTexts = (h: Harness, url: string) =>
  h.fake
    .responsesTo(url)
    .map((r) => JSON.stringify(r.body))
    .filter((t) => !t.includes(WORKING_TEXT));

async function answered(h: Harness, url: string, timeoutMs = 20_000): Promise<string[]> {
  await h.fake.waitFor(`an answer on ${url}`, () => finalTexts(h, url).length > 0, timeoutMs);
  return finalTexts(h, url);
}

describe('Slack answered on worker threads', () => {
  let h: Harness;
  const logs = captureLog();
  beforeAll(async () => {
    h = await startHarness({
      log: logs.log,
      answerWorkers: { size: 1, plannerModule: PLANNER },
      // Room for every turn below, and time: on a busy machine none of them may be told busy.
      env: { PULSE_MAX_CONCURRENT_TURNS: '8', PULSE_MAX_QUEUED_TURNS: '10', PULSE_MAX_QUEUE_WAIT: '120' },
    });
    h.fake.addUser(OWNER, { teamId: TEAM, email: 'owner@northwind.example' });
  });
  afterAll(() => h?.close());

  it('answers a /pulse command from the worker, once, with the same figures as in process', async () => {
    const { res, responseUrl } = await h.command(OWNER, QUESTION);
    expect(res.status).toBe(200);
    const texts = await answered(h, responseUrl);
    expect(texts.join('\n')).toContain('For Gold you meet 3 of 4 requirements');
    // Nothing more arrives later: delivered once.
    await new Promise((r) => setTimeout(r, 300));
    expect(finalTexts(h, responseUrl)).toHaveLength(1);
  });

  it('acknowledges at once while the worker is held on the CPU, and answers those turns afterwards', async () => {
    const spin = await h.command(OWNER, `spin: ${QUESTION}`);
    // The worker is now inside a 3 s synchronous loop; the main thread must still ack.
    await new Promise((r) => setTimeout(r, 200));
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await h.command(OWNER, QUESTION));
    for (const d of during) {
      expect(d.res.status).toBe(200);
      // Generous: an ack waiting on the worker would take the rest of its 3 s.
      expect(d.ms).toBeLessThan(1_000);
    }
    const spun = await answered(h, spin.responseUrl);
    expect(spun.join('\n')).toContain('For Gold');
    for (const d of during) expect((await answered(h, d.responseUrl)).join('\n')).toContain('For Gold');
  });

  it('publishes the App Home from the worker, with the person\'s own figures', async () => {
    const res = await h.event('Ev0WHOME', { type: 'app_home_opened', user: OWNER, channel: 'D0OWNER', tab: 'home', event_ts: '1700000010.000100' });
    expect(res.status).toBe(200);
    const published = () => h.fake.callsOf('views.publish').filter((c) => c.args.user_id === OWNER);
    await h.fake.waitFor('views.publish', () => published().length > 0, 20_000);
    expect(JSON.stringify(published()[0]?.args.view)).toContain('Tier progress');
  });

  it('answers the asker with the sorry sentence when the worker crashes, and a new worker answers the next question', async () => {
    const crash = await h.command(OWNER, `crash: ${QUESTION}`);
    expect(crash.res.status).toBe(200);
    const texts = await answered(h, crash.responseUrl);
    expect(texts.join('\n')).toContain(SORRY_TEXT);
    expect(logs.lines().some((l) => l.msg.startsWith('Slack turn failed on an answer worker'))).toBe(true);
    const after = await h.command(OWNER, QUESTION);
    expect((await answered(h, after.responseUrl)).join('\n')).toContain('For Gold');
  });
});

describe('Slack on workers over capacity', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      answerWorkers: { size: 1, plannerModule: PLANNER },
      // One turn at a time, and a turn may wait 1 s for it.
      env: { PULSE_MAX_CONCURRENT_TURNS: '1', PULSE_MAX_QUEUED_TURNS: '10', PULSE_MAX_QUEUE_WAIT: '1' },
    });
    h.fake.addUser(OWNER, { teamId: TEAM, email: 'owner@northwind.example' });
    // The worker is up and has answered once before the timing below matters.
    const warm = await h.command(OWNER, QUESTION);
    await answered(h, warm.responseUrl);
  });
  afterAll(() => h?.close());

  it('tells a turn that waited past PULSE_MAX_QUEUE_WAIT that it is busy before the turn ahead of it is answered', async () => {
    const first = await h.command(OWNER, `spin: ${QUESTION}`);
    const second = await h.command(OWNER, QUESTION);
    expect(second.res.status).toBe(200);
    const busy = await answered(h, second.responseUrl);
    expect(busy.join('\n')).toContain(BUSY_TEXT);
    const firstAnswer = await answered(h, first.responseUrl);
    expect(firstAnswer.join('\n')).toContain('For Gold');
    const at = (url: string) => Math.min(...h.fake.responsesTo(url).filter((r) => !JSON.stringify(r.body).includes(WORKING_TEXT)).map((r) => r.at));
    // Told busy while the 3 s answer ahead of it was still being worked, not after.
    expect(at(second.responseUrl)).toBeLessThan(at(first.responseUrl));
  });
});
