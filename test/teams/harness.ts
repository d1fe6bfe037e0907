import type { Logger } from 'pino';
import type { DbHandle } from '../../db/connect.ts';
import { openApp, type App } from '../../src/app.ts';
import { startServe, type ServeHandle, type ServeOptions } from '../../src/cli/commands/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Planner } from '../../src/planner/types.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-teams-connector.ts';
import { activity, OWNER, STRANGER, type ActivityInput } from '../helpers/teams-activity.ts';

export { activity, BOT, OWNER, personalChatOf, STRANGER, TENANT, type ActivityInput } from '../helpers/teams-activity.ts';

// The whole Teams path on loopback: a real database with the demo data, `pulse serve`'s server
// with the real CloudAdapter at /api/messages (a test configuration: no app id, so no token
// checks), and the fake Bot Framework connector as the activities' serviceUrl.

export interface Harness {
  fake: FakeConnector;
  app: App;
  handle: DbHandle;
  serve: ServeHandle;
  /** POST /api/messages */
  messagesUrl: string;
  post: (input: ActivityInput, headers?: Record<string, string>) => Promise<Response>;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  planner?: Planner;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Answer worker threads, as `pulse serve` starts them. */
  answerWorkers?: ServeOptions['answerWorkers'];
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const handle = await testDb({ demo: true });
  const fake = await startFakeConnector();
  fake.addMember(OWNER);
  fake.addMember(STRANGER);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: handle.url,
    SLACK_SIGNING_SECRET: '',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    MICROSOFT_APP_ID: '',
    MICROSOFT_APP_PASSWORD: '',
    MICROSOFT_APP_TYPE: 'MultiTenant',
    ...opts.env,
  });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  const served = await startServe(app, {
    port: 0,
    host: '127.0.0.1',
    planner: opts.planner,
    slowAfterMs: 10_000,
    log: opts.log ?? createLogger('silent'),
    // The connector's 429s and 5xx are waited out in milliseconds here.
    teamsRetry: { baseMs: 5, maxMs: 20, maxRetryAfterMs: 50 },
    answerWorkers: opts.answerWorkers,
  });
  if (!served.ok) throw new Error(served.error.message);
  const serve = served.value;
  const messagesUrl = `${serve.url}/api/messages`;
  return {
    fake,
    app,
    handle,
    serve,
    messagesUrl,
    post: (input, headers = {}) =>
      fetch(messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity(fake.serviceUrl, input)),
      }),
    close: async () => {
      await serve.close();
      await fake.close();
      await app.close();
    },
  };
}
