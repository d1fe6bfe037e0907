import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { runServe, type ServeHandle } from '../../src/cli/commands/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { answer } from '../../src/core/answer.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { requirementFigures } from '../../adapters/teams/render/card.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-teams-connector.ts';
import { activity, OWNER, personalChatOf } from './harness.ts';
import { DEFAULT_FORMAT } from '../../src/reply/format.ts';

// The done check: `pulse serve` with a test configuration answers a Teams message from
// the AAD user linked to owner@northwind.example with an Adaptive Card carrying the same figures
// as the terminal's reply.

let fake: FakeConnector;
let dbUrl = '';

beforeAll(async () => {
  dbUrl = (await testDb({ demo: true })).url;
  fake = await startFakeConnector();
  fake.addMember(OWNER);
});
afterAll(() => fake.close());

function io(env: NodeJS.ProcessEnv): CliIo & { err: () => string } {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env, err: () => err };
}

describe('pulse serve with Teams', () => {
  it('answers "how close am I to Gold tier?" with a card carrying the terminal reply’s figures', async () => {
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'silent',
      SLACK_SIGNING_SECRET: '',
      SLACK_BOT_TOKEN: '',
      SLACK_APP_TOKEN: '',
      MICROSOFT_APP_ID: '',
      MICROSOFT_APP_PASSWORD: '',
      MICROSOFT_APP_TYPE: 'MultiTenant',
    };
    const cli = io(env);
    const controller = new AbortController();
    let onListening: (h: ServeHandle) => void = () => {};
    const listening = new Promise<ServeHandle>((r) => (onListening = r));
    const exited = runServe(['--port', '0', '--host', '127.0.0.1'], cli, { signal: controller.signal, onListening });
    const handle = await Promise.race([listening, exited.then((code) => Promise.reject(new Error(`exited ${code}: ${cli.err()}`)))]);
    try {
      expect(cli.err()).toMatch(/Teams: POST http:\/\/127\.0\.0\.1:\d+\/api\/messages/);
      expect(await (await fetch(`${handle.url}/healthz`)).json()).toMatchObject({ ok: true, teams: 'unauthenticated' });

      const res = await fetch(`${handle.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity(fake.serviceUrl, { from: OWNER, text: 'how close am I to Gold tier?' })),
      });
      expect(res.status).toBe(200);
      const [reply] = fake.messagesTo(personalChatOf(OWNER));
      const [card] = fake.cards();
      expect(reply).toBeDefined();
      expect(cardProblems(card)).toEqual([]);
      const json = JSON.stringify(card);

      // The terminal's reply for the same person and question.
      const config = loadConfig(env);
      if (!config.ok) throw new Error(config.error.message);
      const opened = await openApp(config.value);
      if (!opened.ok) throw new Error(opened.error.message);
      const terminal = await answer(opened.value, { ...consoleIdentity('owner@northwind.example'), text: 'how close am I to Gold tier?' });
      await opened.value.close();
      expect(terminal.outcome).toBe('ok');
      expect(json).toContain(terminal.reply.summary);
      const requirements = terminal.reply.requirements ?? [];
      expect(requirements.length).toBe(4);
      for (const r of requirements) expect(json).toContain(requirementFigures(r, DEFAULT_FORMAT));
      for (const f of terminal.reply.facts.filter((x) => !requirements.some((r) => r.label === x.label))) expect(json).toContain(f.display);
    } finally {
      controller.abort();
      expect(await exited).toBe(0);
    }
  });
});
