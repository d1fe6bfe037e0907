import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseBotAuthentication } from '../../adapters/teams/auth.ts';
import { PulseCloudAdapter } from '../../adapters/teams/cloud-adapter.ts';
import { messagesRoute } from '../../adapters/teams/http.ts';
import { retryPolicy } from '../../adapters/teams/retry.ts';
import { teamsSettings, type TeamsConfig } from '../../adapters/teams/settings.ts';
import { openApp, type App } from '../../src/app.ts';
import { startServe } from '../../src/cli/commands/serve.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startHttpServer } from '../../src/server/http-server.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-teams-connector.ts';
import { freePort } from '../helpers/free-port.ts';
import { activity, OWNER } from './harness.ts';

let app: App;
let fake: FakeConnector;
let base: NodeJS.ProcessEnv;

beforeAll(async () => {
  const handle = await testDb({ demo: true });
  fake = await startFakeConnector();
  fake.addMember(OWNER);
  base = { ...process.env, DATABASE_URL: handle.url, SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', MICROSOFT_APP_TENANT_ID: '' };
  const config = loadConfig(base);
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  app = opened.value;
});
afterAll(async () => {
  await fake.close();
  await app.close();
});

function config(env: NodeJS.ProcessEnv): Config {
  const c = loadConfig({ ...base, ...env });
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

const serveWith = (env: NodeJS.ProcessEnv) =>
  startServe({ ...app, config: config(env) }, { port: 0, host: '127.0.0.1', log: createLogger('silent') });

describe('Teams security', () => {
  it('refuses a request without a valid Bot Framework token with 401 whenever an app id is configured', async () => {
    const served = await serveWith({ NODE_ENV: 'production', MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001', MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TYPE: '' });
    if (!served.ok) throw new Error(served.error.message);
    const s = served.value;
    try {
      expect(await (await fetch(`${s.url}/healthz`)).json()).toMatchObject({ ok: true, teams: 'on' });
      const body = JSON.stringify(activity(fake.serviceUrl, { from: OWNER, text: 'how close am I to Gold tier?' }));
      const post = (headers: Record<string, string>) => fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const none = await post({});
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ error: 'unauthorized' });
      // A token that is not a signed Bot Framework JWT is refused the same way.
      expect((await post({ authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' })).status).toBe(401);
      expect((await post({ authorization: 'Basic b3duZXI6cHc=' })).status).toBe(401);
      // Nothing reached the connector: no answer, no member lookup.
      expect(fake.requests).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('in production, will not start without an app id and secret', async () => {
    for (const env of [
      { MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '', MICROSOFT_APP_TYPE: 'MultiTenant' },
      { MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001', MICROSOFT_APP_PASSWORD: '', MICROSOFT_APP_TYPE: '' },
    ]) {
      const served = await serveWith({ NODE_ENV: 'production', ...env });
      expect(served.ok).toBe(false);
      if (!served.ok) expect(served.error.message).toMatch(/^Teams: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD must be set when NODE_ENV=production/);
    }
  });

  it('runs without authentication only in a test configuration', () => {
    const noId = { MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '', MICROSOFT_APP_TENANT_ID: '', MICROSOFT_APP_TYPE: 'MultiTenant' };
    const dev = teamsSettings({ ...noId, NODE_ENV: 'development' });
    expect(dev.ok).toBe(false);
    if (!dev.ok) expect(dev.error.message).toContain('MICROSOFT_APP_ID is not set');
    const test = teamsSettings({ ...noId, NODE_ENV: 'test' });
    expect(test.ok && test.value.authenticated).toBe(false);
    // With an app id, the token is checked in every environment, test included.
    const withId = teamsSettings({ ...noId, NODE_ENV: 'test', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw' });
    expect(withId.ok && withId.value.authenticated).toBe(true);
  });

  it('names the variable to fix for a half-configured bot', () => {
    const none = { MICROSOFT_APP_ID: undefined, MICROSOFT_APP_PASSWORD: undefined, MICROSOFT_APP_TENANT_ID: undefined, MICROSOFT_APP_TYPE: undefined };
    const settings = (env: Partial<TeamsConfig>) => teamsSettings({ NODE_ENV: 'development', ...none, ...env });
    const messages = [
      settings({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_TYPE: 'Sometimes' }),
      settings({ MICROSOFT_APP_ID: 'id' }),
      settings({ MICROSOFT_APP_PASSWORD: 'pw' }),
      settings({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' }),
    ].map((r) => (r.ok ? 'ok' : r.error.message));
    expect(messages[0]).toMatch(/^MICROSOFT_APP_TYPE must be/);
    expect(messages[1]).toMatch(/^MICROSOFT_APP_PASSWORD is not set/);
    expect(messages[2]).toMatch(/^MICROSOFT_APP_PASSWORD is set but MICROSOFT_APP_ID is not/);
    expect(messages[3]).toMatch(/^MICROSOFT_APP_TENANT_ID is required/);
  });
});

// Issue 16: a token that cannot be checked is refused, never processed: 401 for a bad token, 503
// when the signing keys cannot be fetched (it was 500, from the SDK's fetch or jsonwebtoken error
// escaping the route). The real PulseBotAuthentication, PulseCloudAdapter and /api/messages route,
// with the keys published by the fake connector and a turn that only records that it ran.
describe('Teams token checks against the signing keys', () => {
  const APP_ID = '00000000-0000-4000-8000-000000000002';

  async function serveRoute(openIdMetadataUrl: string) {
    const s = teamsSettings({ NODE_ENV: 'production', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: '', MICROSOFT_APP_TYPE: '' });
    if (!s.ok) throw new Error(s.error.message);
    const adapter = new PulseCloudAdapter(new PulseBotAuthentication(s.value, retryPolicy(), () => undefined, openIdMetadataUrl));
    const ran: unknown[] = [];
    const log = createLogger('silent');
    const server = await startHttpServer({ port: 0, host: '127.0.0.1', log, routes: [messagesRoute(adapter, async (context) => void ran.push(context.activity.text), log)] });
    const post = (authorization?: string) =>
      fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity(fake.serviceUrl, { from: OWNER, text: 'how close am I to Gold tier?' })),
      });
    return { ran, post, close: () => server.close() };
  }

  const claims = (over: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: fake.serviceUrl, nbf: now - 60, exp: now + 3600, ...over };
  };
  const bearer = (over: Record<string, unknown> = {}, opts: { forged?: boolean; kid?: string } = {}) => `Bearer ${fake.token(claims(over), opts)}`;

  it('answers 503 and runs nothing while the signing keys cannot be fetched (unreachable, or an error page)', async () => {
    const unreachable = await serveRoute(`http://127.0.0.1:${await freePort()}/v1/.well-known/openidconfiguration`);
    try {
      const forged = await unreachable.post(bearer({}, { forged: true }));
      expect(forged.status).toBe(503);
      expect(forged.headers.get('retry-after')).toBe('30');
      expect(await forged.json()).toMatchObject({ error: 'unavailable' });
      // Without any token there is nothing to check: 401 as always.
      expect((await unreachable.post()).status).toBe(401);
      expect(unreachable.ran).toEqual([]);
    } finally {
      await unreachable.close();
    }

    const failing = await serveRoute(fake.openIdMetadataUrl);
    try {
      fake.script('keys', { status: 500 });
      expect((await failing.post(bearer())).status).toBe(503);
      expect(failing.ran).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('answers 401 and runs nothing for a forged, expired, foreign or unknown-key token; runs a valid one', async () => {
    const r = await serveRoute(fake.openIdMetadataUrl);
    try {
      const valid = await r.post(bearer());
      expect(valid.status).toBe(200);
      expect(r.ran).toEqual(['how close am I to Gold tier?']);
      r.ran.length = 0;

      const now = Math.floor(Date.now() / 1000);
      const refused = [
        bearer({}, { forged: true }), // signed with a key nobody published, under the published key's id
        bearer({ exp: now - 3600, nbf: now - 7200 }), // expired (beyond the 5-minute tolerance)
        bearer({ aud: 'some-other-bot' }), // another bot's token
        bearer({ serviceurl: 'https://evil.example/' }), // for another service URL
        bearer({}, { kid: 'not-a-published-key' }),
        bearer({ iss: 'https://evil.example' }),
      ];
      for (const auth of refused) {
        const res = await r.post(auth);
        expect(res.status, auth.slice(0, 60)).toBe(401);
        expect(await res.json()).toEqual({ error: 'unauthorized' });
      }
      expect(r.ran).toEqual([]);
    } finally {
      await r.close();
    }
  });
});
