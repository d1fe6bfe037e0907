import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProblems, validateMessage } from '../../adapters/slack/render/limits.ts';
import { openApp, type App } from '../../src/app.ts';
import { startServe, type ServeHandle } from '../../src/cli/commands/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { startFakeSocketMode, type FakeSocketMode } from '../helpers/fake-socket-mode.ts';
import { settle } from './harness.ts';

// SLACK_APP_TOKEN set → Socket Mode: the real @slack/socket-mode client opens its connection
// through apps.connections.open on the fake Web API and takes envelopes over a loopback
// WebSocket; no public URL and no /slack/events route.

const TEAM = 'T0SOCKET';
const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const QUESTION = 'how close am I to Gold tier?';

let fake: FakeSlack;
let socket: FakeSocketMode;
let app: App;
let serve: ServeHandle;

beforeAll(async () => {
  const handle = await testDb({ demo: true });
  fake = await startFakeSlack({ teamId: TEAM });
  fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
  socket = await startFakeSocketMode();
  fake.setSocketModeUrl(socket.url);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: handle.url,
    SLACK_BOT_TOKEN: 'xoxb-socket-test',
    SLACK_APP_TOKEN: 'xapp-1-socket-test',
    SLACK_SIGNING_SECRET: '',
    SLACK_API_URL: fake.apiUrl,
  });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  app = opened.value;
  const served = await startServe(app, { port: 0, host: '127.0.0.1', log: createLogger('silent'), slowAfterMs: 10_000 });
  if (!served.ok) throw new Error(served.error.message);
  serve = served.value;
  await socket.waitForConnection();
});

afterAll(async () => {
  await serve?.close();
  await socket?.close();
  await fake?.close();
  await app?.close();
});

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects with the app token instead of listening on /slack/events', async () => {
    expect(serve.slack?.mode).toBe('socket');
    const open = fake.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(await (await fetch(`${serve.url}/healthz`)).json()).toMatchObject({ ok: true, slack: 'socket' });
    expect((await fetch(`${serve.url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('acks a /pulse envelope, then answers through its response_url', async () => {
    const responseUrl = fake.responseUrl();
    const envelope = socket.send('slash_commands', {
      token: 'x',
      team_id: TEAM,
      channel_id: 'D0OWNER',
      channel_name: 'directmessage',
      user_id: OWNER.id,
      command: '/pulse',
      text: QUESTION,
      api_app_id: 'APULSE',
      response_url: responseUrl,
      trigger_id: 'trigger.1',
    });
    await fake.waitFor('the ack', () => socket.acks.some((a) => a.envelope_id === envelope));
    await fake.waitFor('the answer', () => fake.responsesTo(responseUrl).length > 0);
    // The ack carried no answer: the answer came afterwards, through the response_url.
    const ack = socket.acks.find((a) => a.envelope_id === envelope);
    expect(ack?.payload ?? {}).toEqual({});
    expect(ack!.at).toBeLessThanOrEqual(fake.responsesTo(responseUrl)[0]!.at);
    const answers = fake.responsesTo(responseUrl).map((r) => r.body);
    for (const a of answers) expect(validateMessage(a), describeProblems(validateMessage(a))).toEqual([]);
    expect(JSON.stringify(answers)).toContain('data_visualization');
  });

  it('answers one event redelivered with retry_attempt exactly once', async () => {
    const payload = {
      token: 'x',
      team_id: TEAM,
      api_app_id: 'APULSE',
      type: 'event_callback',
      event_id: 'Ev0SOCKETDM',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'message', channel_type: 'im', channel: 'D0OWNER', user: OWNER.id, text: QUESTION, ts: '1700000300.000100' },
      authorizations: [{ team_id: TEAM, user_id: 'UBOTPULSE', is_bot: true, is_enterprise_install: false }],
    };
    const ids = [socket.send('events_api', payload, { retry_attempt: 0, retry_reason: '' })];
    for (const n of [1, 2]) ids.push(socket.send('events_api', payload, { retry_attempt: n, retry_reason: 'timeout' }));
    await fake.waitFor('every ack', () => ids.every((id) => socket.acks.some((a) => a.envelope_id === id)));
    const inDm = () => fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D0OWNER');
    await fake.waitFor('the answer', () => inDm().length > 0);
    await settle(500);
    expect(inDm()).toHaveLength(1);
  });
});
