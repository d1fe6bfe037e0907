import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/app.ts';
import { captureLog, settle, startHarness, TEAM, type Harness } from './harness.ts';

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const QUESTION = 'how close am I to Gold tier?';

let h: Harness;
const logs = captureLog();

beforeAll(async () => {
  h = await startHarness({ log: logs.log });
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
  h.fake.addChannel('C0GENERAL', 'channel');
});
afterAll(() => h.close());

let seq = 0;
const dm = () => {
  seq += 1;
  return h.event(`Ev0REL${seq}`, { type: 'message', channel_type: 'im', channel: 'D0OWNER', user: OWNER.id, text: QUESTION, ts: `1700000100.${String(seq).padStart(6, '0')}` });
};
const posts = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'D0OWNER');

describe('Slack Web API failures', () => {
  it('honours Retry-After on a 429 and then delivers', async () => {
    h.fake.script('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = posts().length;
    await dm();
    await h.fake.waitFor('the retried post', () => posts().slice(before).some((c) => c.status === 200));
    const [limited, retried] = posts().slice(before);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up on a Retry-After longer than a person should wait, logs it, and stays up', async () => {
    h.fake.script('chat.postMessage', { status: 429, retryAfter: 120 });
    const before = posts().length;
    const started = Date.now();
    await dm();
    await h.fake.waitFor('the rate-limit log line', () => logs.lines().some((l) => /rate limited, retry after 120s/.test(l.msg)));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(posts().slice(before).map((c) => c.status)).toEqual([429]);
    await dm();
    await h.fake.waitFor('the next answer', () => posts().slice(before).some((c) => c.status === 200));
  });

  it('retries a 500 from the Web API', async () => {
    h.fake.script('chat.postMessage', { status: 500 });
    const before = posts().length;
    await dm();
    await h.fake.waitFor('the retried post', () => posts().slice(before).some((c) => c.status === 200));
    expect(posts().slice(before).map((c) => c.status)).toEqual([500, 200]);
  });

  it.each(['not_in_channel', 'channel_not_found', 'invalid_auth'])('logs %s with a clear message and keeps serving', async (code) => {
    h.fake.script('chat.postMessage', { error: code });
    await dm();
    await h.fake.waitFor(`the ${code} log line`, () => logs.lines().some((l) => l.msg.includes(`chat.postMessage failed: ${code} — `)));
    const line = logs.lines().find((l) => l.msg.includes(`failed: ${code}`));
    expect(line?.level).toBeGreaterThanOrEqual(50);
    const before = posts().filter((c) => c.status === 200).length;
    await dm();
    await h.fake.waitFor('the next answer', () => posts().filter((c) => c.status === 200).length > before);
  });

  it('refuses to start with a rejected bot token, naming what to fix', async () => {
    h.fake.script('auth.test', { error: 'invalid_auth' });
    const created = createSlackAdapter({
      core: h.app,
      config: { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 'x', SLACK_APP_TOKEN: undefined, SLACK_API_URL: h.fake.apiUrl },
      log: logs.log,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const started = await created.value.start();
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.message).toMatch(/invalid_auth/);
    expect(started.error.message).toMatch(/SLACK_BOT_TOKEN/);
  });

  it('names the missing variable when Slack is half configured', () => {
    const noSecret = createSlackAdapter({ core: h.app, config: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined, SLACK_API_URL: undefined } });
    expect(noSecret.ok ? '' : noSecret.error.message).toMatch(/^SLACK_SIGNING_SECRET/);
    const noToken = createSlackAdapter({ core: h.app, config: { SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: undefined, SLACK_API_URL: undefined } });
    expect(noToken.ok ? '' : noToken.error.message).toMatch(/^SLACK_BOT_TOKEN/);
    const badApp = createSlackAdapter({ core: h.app, config: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xoxb-wrong', SLACK_API_URL: undefined } });
    expect(badApp.ok ? '' : badApp.error.message).toMatch(/^SLACK_APP_TOKEN/);
  });

  it('keeps answering while a users.info lookup fails (the person is then treated as unlinked)', async () => {
    h.fake.addUser('U0NOBODY', { teamId: TEAM });
    await settle(10);
    const res = await h.event('Ev0NOEMAIL', { type: 'message', channel_type: 'im', channel: 'D0NOBODY', user: 'U0NOBODY', text: QUESTION, ts: '1700000200.000100' });
    expect(res.status).toBe(200);
    await h.fake.waitFor('the answer', () => h.fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'D0NOBODY'));
    const text = JSON.stringify(h.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'D0NOBODY')?.args);
    expect(text).toMatch(/not linked/i);
  });
});
