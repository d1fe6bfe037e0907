import { pino, type Logger } from 'pino';
import { openApp, type App } from '../../src/app.ts';
import { startServe, type ServeHandle, type ServeOptions } from '../../src/cli/commands/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Planner } from '../../src/planner/types.ts';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { commandBody, eventBody, interactionBody, postSigned, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { defaultPlanner } from '../../src/core/default-planner.ts';

// The whole Slack path on loopback: a real database with the demo data, `pulse serve`'s server
// with the real Bolt HTTP receiver, and the fake Slack Web API behind SLACK_API_URL.

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM = 'T0PULSE';

export interface Harness {
  fake: FakeSlack;
  app: App;
  handle: DbHandle;
  serve: ServeHandle;
  /** POST /slack/events */
  events: string;
  /** Sends a signed /pulse; returns the HTTP response and the response_url it gave Slack. */
  command: (userId: string, text: string, channelId?: string) => Promise<{ res: Response; responseUrl: string; ms: number }>;
  event: (eventId: string, event: Record<string, unknown>, opts?: { retryNum?: number; extShared?: boolean }) => Promise<Response>;
  interact: (payload: Record<string, unknown>) => Promise<Response>;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  slowAfterMs?: number;
  /** More environment for the server's config (limits, …). */
  env?: Record<string, string>;
  planner?: Planner;
  log?: Logger;
  /** Answer worker threads, as `pulse serve` starts them. */
  answerWorkers?: ServeOptions['answerWorkers'];
  /** Runs on the harness's database before the server starts. */
  beforeServe?: (handle: DbHandle) => Promise<void>;
  /** Return once /readyz says ready (default), as a load balancer would send the first request. */
  untilReady?: boolean;
}

/** A planner that thinks for `ms` first, to make an answer slow on purpose. */
export function slowPlanner(ms: number): Planner {
  const rules = defaultPlanner();
  return {
    name: rules.name,
    plan: async (input) => {
      await new Promise((r) => setTimeout(r, ms));
      return rules.plan(input);
    },
  };
}

/** Polls /readyz until it says ready (30 s at most), as a load balancer waits for an instance. */
export async function untilReady(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  while ((await fetch(`${url}/readyz`)).status !== 200) {
    if (Date.now() > until) throw new Error(`${url} not ready within 30 s: ${await (await fetch(`${url}/readyz`)).text()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const handle = await testDb({ demo: true });
  const fake = await startFakeSlack({ teamId: TEAM });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: handle.url,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: fake.apiUrl,
    ...opts.env,
  });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  await opts.beforeServe?.(handle);
  const served = await startServe(app, {
    port: 0,
    host: '127.0.0.1',
    planner: opts.planner,
    slowAfterMs: opts.slowAfterMs ?? 10_000,
    log: opts.log ?? createLogger('silent'),
    answerWorkers: opts.answerWorkers,
  });
  if (!served.ok) throw new Error(served.error.message);
  const serve = served.value;
  if (opts.untilReady ?? true) await untilReady(serve.url);
  const events = `${serve.url}/slack/events`;
  return {
    fake,
    app,
    handle,
    serve,
    events,
    command: async (userId, text, channelId = 'D0DM') => {
      const responseUrl = fake.responseUrl();
      const started = performance.now();
      const res = await postSigned(events, commandBody({ text, userId, teamId: TEAM, channelId, responseUrl }), { secret: SECRET });
      return { res, responseUrl, ms: performance.now() - started };
    },
    event: (eventId, event, o = {}) =>
      postSigned(events, eventBody({ teamId: TEAM, eventId, event, extShared: o.extShared }), {
        secret: SECRET,
        contentType: 'application/json',
        retryNum: o.retryNum,
      }),
    interact: (payload) => postSigned(events, interactionBody(payload), { secret: SECRET }),
    close: async () => {
      await serve.close();
      await fake.close();
      await app.close();
    },
  };
}

/** A logger whose lines the test can read. */
export function captureLog(): { log: Logger; lines: () => { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  return { log, lines: () => lines };
}

/** Lets in-flight work that should not happen (it would show up in the fake) get its chance. */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
