import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProblems, validateMessage } from '../../adapters/slack/render/limits.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { runServe, type ServeHandle } from '../../src/cli/commands/serve.ts';
import { startCommand } from '../../src/cli/commands/start.ts';
import { testDb } from '../helpers/db.ts';
import { freePort } from '../helpers/free-port.ts';
import { commandBody, postSigned, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';

const SECRET = 'serve-test-secret';
const TEAM = 'T0SERVE';

function io(env: NodeJS.ProcessEnv): CliIo & { err: () => string } {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env, err: () => err };
}

async function serve(env: NodeJS.ProcessEnv, extra: string[] = []): Promise<{ handle: ServeHandle; stop: () => Promise<number>; err: () => string }> {
  const controller = new AbortController();
  const cli = io(env);
  let resolveHandle: (h: ServeHandle) => void = () => {};
  const listening = new Promise<ServeHandle>((r) => (resolveHandle = r));
  const exited = runServe(['--port', '0', '--host', '127.0.0.1', ...extra], cli, { signal: controller.signal, onListening: resolveHandle });
  const handle = await Promise.race([listening, exited.then((code) => Promise.reject(new Error(`exited ${code}: ${cli.err()}`)))]);
  return {
    handle,
    err: cli.err,
    stop: () => {
      controller.abort();
      return exited;
    },
  };
}

let fake: FakeSlack;
let dbUrl = '';

beforeAll(async () => {
  dbUrl = (await testDb({ demo: true })).url;
  fake = await startFakeSlack({ teamId: TEAM });
  fake.addUser('U0OWNER', { teamId: TEAM, email: 'owner@northwind.example' });
});
afterAll(() => fake.close());

const answered = (responseUrl: string) => fake.responsesTo(responseUrl).some((r) => Array.isArray(r.body.blocks) && r.body.blocks.length > 0);

const base = () => ({ ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'silent' });

describe('pulse serve', () => {
  it('answers a signed /pulse from the Slack user linked to owner@northwind.example with valid Block Kit', async () => {
    const s = await serve({ ...base(), SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_API_URL: fake.apiUrl });
    try {
      expect(s.err()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ — Slack: POST .*\/slack\/events/);
      const health = await fetch(`${s.handle.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, db: 'ok', slack: 'http' });
      expect((await fetch(`${s.handle.url}/nope`)).status).toBe(404);
      expect((await fetch(`${s.handle.url}/slack/events`)).status).toBe(405);

      const responseUrl = fake.responseUrl();
      const body = commandBody({ text: 'how close am I to Gold tier?', userId: 'U0OWNER', teamId: TEAM, channelId: 'D0OWNER', responseUrl });
      const res = await postSigned(`${s.handle.url}/slack/events`, body, { secret: SECRET });
      expect(res.status).toBe(200);
      // On a busy machine a "working on it" message may come first; wait for the answer itself.
      await fake.waitFor('the answer', () => answered(responseUrl));
      const answers = fake.responsesTo(responseUrl).map((r) => r.body);
      for (const a of answers) expect(validateMessage(a), describeProblems(validateMessage(a))).toEqual([]);
      expect(JSON.stringify(answers)).toMatch(/Gold/);
      expect(JSON.stringify(answers)).toContain('data_visualization');
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('`npm start` (pulse start) runs the Slack server when Slack variables are set, on PORT', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const cli = io({ ...base(), PORT: String(port), SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-start', SLACK_APP_TOKEN: '', SLACK_API_URL: fake.apiUrl });
    let listening: (h: ServeHandle) => void = () => {};
    const ready = new Promise<ServeHandle>((r) => (listening = r));
    const exited = startCommand([], cli, { signal: controller.signal, onListening: listening });
    const handle = await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`exited ${code}: ${cli.err()}`)))]);
    try {
      expect(handle.url).toBe(`http://127.0.0.1:${port}`);
      expect(handle.slack?.mode).toBe('http');
      const responseUrl = fake.responseUrl();
      const body = commandBody({ text: 'how close am I to Gold tier?', userId: 'U0OWNER', teamId: TEAM, channelId: 'D0OWNER', responseUrl });
      expect((await postSigned(`${handle.url}/slack/events`, body, { secret: SECRET })).status).toBe(200);
      await fake.waitFor('the answer', () => answered(responseUrl));
      expect(JSON.stringify(fake.responsesTo(responseUrl))).toMatch(/Gold/);
    } finally {
      controller.abort();
      expect(await exited).toBe(0);
    }
  });

  it('serves /healthz with Slack off when Slack is not configured', async () => {
    const s = await serve({ ...base(), SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' });
    try {
      expect(s.err()).toMatch(/Slack: not configured/);
      expect(await (await fetch(`${s.handle.url}/healthz`)).json()).toEqual({ ok: true, db: 'ok', slack: 'off' });
      expect((await fetch(`${s.handle.url}/slack/events`, { method: 'POST' })).status).toBe(404);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('--no-jobs answers but leaves digests, sweeps and the outbox to other processes', async () => {
    const own = await testDb({ demo: true });
    try {
      const s = await serve({ ...base(), DATABASE_URL: own.url, SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' }, ['--no-jobs']);
      expect(await (await fetch(`${s.handle.url}/healthz`)).json()).toMatchObject({ ok: true, db: 'ok' });
      expect(await s.stop()).toBe(0);
      // With jobs, the sweep at start would have queued the demo's certification alerts.
      const boss = await own.pool.query<{ t: string | null }>(`select to_regclass('pgboss.job')::text as t`);
      expect(boss.rows[0]?.t).toBeNull();
      expect((await own.pool.query('select id from notifications')).rowCount).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('stops with one line naming the variable when Slack is half configured', async () => {
    const cli = io({ ...base(), SLACK_BOT_TOKEN: 'xoxb-only', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '' });
    expect(await runServe(['--port', '0', '--host', '127.0.0.1'], cli)).toBe(1);
    expect(cli.err().trim().split('\n')).toHaveLength(1);
    expect(cli.err()).toMatch(/^SLACK_SIGNING_SECRET is not set/);
  });
});
