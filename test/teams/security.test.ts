import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsSettings, type TeamsConfig } from '../../adapters/teams/settings.ts';
import { openApp, type App } from '../../src/app.ts';
import { startServe } from '../../src/cli/commands/serve.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-teams-connector.ts';
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
