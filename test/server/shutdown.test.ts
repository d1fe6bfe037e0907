import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSING_TEXT } from '../../src/core/turn-gate.ts';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { commandBody, postSigned, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { startServeChild, type ServeChild } from '../helpers/serve-child.ts';

// SIGTERM to a real `pulse serve` process: readiness goes false first, a question being answered
// is finished within PULSE_SHUTDOWN_GRACE or its asker is told to ask again, and the process
// exits 0. A slow model (the fake OpenAI server answering late) keeps a question in flight.

const SECRET = 'shutdown-signing-secret-0123456789abcdef';
const TEAM = 'T0PULSE';
const OWNER = 'U0OWNER';

let handle: DbHandle;
let slack: FakeSlack;
let model: FakeOpenAi;
let serve: ServeChild | undefined;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  slack = await startFakeSlack({ teamId: TEAM });
  slack.addUser(OWNER, { teamId: TEAM, email: DEMO.emails.northwindOwner });
  model = await startFakeOpenAi();
});
afterEach(() => serve?.kill());
afterAll(async () => {
  serve?.kill();
  await slack?.close();
  await model?.close();
});

/** The model plans tier_progress for Gold, `delayMs` late, then ends its turn. */
function slowModel(delayMs: number) {
  model.script((n) => (n % 2 === 0 ? { toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }], delayMs } : { content: '' }));
}

async function start(env: Record<string, string>, args: string[] = []): Promise<ServeChild> {
  serve = await startServeChild(
    {
      DATABASE_URL: handle.url,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: 'test-key',
      ...env,
    },
    args,
  );
  return serve;
}

async function ask(s: ServeChild, text: string): Promise<string> {
  const responseUrl = slack.responseUrl();
  const res = await postSigned(`${s.url}/slack/events`, commandBody({ text, userId: OWNER, teamId: TEAM, channelId: 'D0OWNER', responseUrl }), { secret: SECRET });
  expect(res.status).toBe(200);
  return responseUrl;
}

const said = (responseUrl: string) => slack.responsesTo(responseUrl).map((r) => JSON.stringify(r.body));
const readyz = (s: ServeChild) => fetch(`${s.url}/readyz`).then(async (r) => ({ status: r.status, text: (await r.text()).trim() }));

/** /readyz until it stops saying ready (the signal reaches the process a moment after kill()). */
async function notReady(s: ServeChild): Promise<{ status: number; text: string }> {
  for (let i = 0; i < 50; i++) {
    const r = await readyz(s);
    if (r.status !== 200) return r;
    await new Promise((done) => setTimeout(done, 10));
  }
  return readyz(s);
}

describe('pulse serve on SIGTERM', { timeout: 60_000 }, () => {
  it('says not ready at once, finishes the question in flight, and exits 0 (jobs running)', async () => {
    slowModel(1500);
    const s = await start({ PULSE_SHUTDOWN_GRACE: '8' });
    expect(await readyz(s)).toEqual({ status: 200, text: 'ready' });
    const before = model.requests.length;
    const url = await ask(s, 'how close am I to Gold tier?');
    await slack.waitFor('the model to be asked', () => model.requests.length > before, 10_000);

    s.child.kill('SIGTERM');
    expect(await notReady(s)).toEqual({ status: 503, text: 'not ready: shutting down' });
    const exit = await s.exited;
    expect(exit).toEqual({ code: 0, signal: null });

    const replies = said(url);
    expect(replies.some((r) => r.includes('Gold'))).toBe(true);
    expect(replies.some((r) => r.includes(CLOSING_TEXT))).toBe(false);
    expect(s.stderr()).toMatch(/Stopped: 1 question\(s\) finished\./);
  });

  it('tells a question it cannot finish within the grace to ask again, sends nothing after, and exits 0', async () => {
    // The model would answer 12 s later (the planner's own timeout, 10 s, comes first).
    slowModel(12_000);
    const s = await start({ PULSE_SHUTDOWN_GRACE: '1.5' }, ['--no-jobs']);
    const before = model.requests.length;
    const url = await ask(s, 'how close am I to Gold tier?');
    await slack.waitFor('the model to be asked', () => model.requests.length > before, 10_000);

    const sentAt = Date.now();
    s.child.kill('SIGTERM');
    const exit = await s.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // Within the grace and the closing steps (slow on a loaded machine), before any answer could come.
    expect(Date.now() - sentAt).toBeLessThan(9000);
    await new Promise((r) => setTimeout(r, 300));
    const replies = said(url);
    expect(replies.filter((r) => r.includes(CLOSING_TEXT))).toHaveLength(1);
    expect(replies.some((r) => r.includes('Gold'))).toBe(false);
    expect(s.stderr()).toMatch(/Stopped: 0 question\(s\) finished, 1 told to ask again\./);
  });

  it('a question that arrives while it is stopping is told to ask again', async () => {
    slowModel(2500);
    const s = await start({ PULSE_SHUTDOWN_GRACE: '6' }, ['--no-jobs']);
    const before = model.requests.length;
    const first = await ask(s, 'how close am I to Gold tier?');
    await slack.waitFor('the model to be asked', () => model.requests.length > before, 10_000);
    s.child.kill('SIGTERM');
    // Past the 1 s notice the line is closed; the listener may already refuse the connection.
    await new Promise((r) => setTimeout(r, 1300));
    const late = slack.responseUrl();
    const res = await postSigned(`${s.url}/slack/events`, commandBody({ text: 'my certifications', userId: OWNER, teamId: TEAM, channelId: 'D0OWNER', responseUrl: late }), {
      secret: SECRET,
    }).catch(() => undefined);
    expect(await s.exited).toEqual({ code: 0, signal: null });
    if (res?.status === 200) expect(said(late).some((r) => r.includes(CLOSING_TEXT))).toBe(true);
    else expect(said(late)).toEqual([]);
    expect(said(first).some((r) => r.includes('Gold'))).toBe(true);
  });
});
