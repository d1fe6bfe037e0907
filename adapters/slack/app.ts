import { App as BoltApp, HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { App } from '../../src/app.ts';
import { renderChartPng } from '../../src/charts/render-png.ts';
import { createTurnGate, type TurnGate } from '../../src/core/turn-gate.ts';
import type { Config } from '../../src/config.ts';
import { describeError, fail, ok, type Result } from '../../src/errors.ts';
import { log as rootLog } from '../../src/log.ts';
import type { Planner } from '../../src/planner/types.ts';
import type { Route } from '../../src/server/routes.ts';
import type { AnswerPool } from '../../src/workers/answer-pool.ts';
import { webClientOptions } from './client-options.ts';
import { createCaches, type SlackDeps } from './context.ts';
import { registerListeners } from './listeners/index.ts';
import { boltLogger } from './logger.ts';
import { dropRetries } from './middleware/drop-retries.ts';
import { refuseSkewedRequests } from './middleware/request-timestamp.ts';
import { describeSlackError } from './slack-errors.ts';

export type SlackConfig = Pick<Config, 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL'>;

export interface SlackAdapterOptions {
  core: App;
  config: SlackConfig;
  planner?: Planner;
  log?: Logger;
  /** Default 1,500 ms: after that a "working on it" message appears and is later replaced. */
  slowAfterMs?: number;
  /** How often a failed (5xx, network) Web API call is tried again; default 2. */
  retries?: number;
  /** Shared with the other adapters of the process; default: the limits in `core.config`. */
  gate?: TurnGate;
  /** Answer workers shared with the other adapters; without them turns are answered on this thread. */
  pool?: AnswerPool;
}

export interface SlackAdapter {
  /** Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else the HTTP receiver. */
  mode: 'http' | 'socket';
  bolt: BoltApp;
  /** The routes to mount on the server: POST /slack/events in HTTP mode, none in Socket Mode. */
  routes: Route[];
  deps: SlackDeps;
  /** Checks the bot token (auth.test) and, in Socket Mode, connects. */
  start: () => Promise<Result<void>>;
  stop: () => Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** Whether the environment asks for the Slack adapter at all. */
export const slackConfigured = (c: SlackConfig): boolean =>
  Boolean(c.SLACK_BOT_TOKEN || c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN);

export function createSlackAdapter(opts: SlackAdapterOptions): Result<SlackAdapter> {
  const { config } = opts;
  const log = (opts.log ?? rootLog).child({ adapter: 'slack' });
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return fail('config', 'SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the app settings');
  const appToken = config.SLACK_APP_TOKEN;
  if (appToken && !appToken.startsWith('xapp-')) return fail('config', 'SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write');
  if (!appToken && !config.SLACK_SIGNING_SECRET) {
    return fail('config', 'SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the app settings (or set SLACK_APP_TOKEN for Socket Mode)');
  }

  const logger = boltLogger(log);
  const clientOptions = webClientOptions(config, opts.retries);

  let receiver: HTTPReceiver | undefined;
  let bolt: BoltApp;
  if (appToken) {
    bolt = new BoltApp({ token, appToken, socketMode: true, logger, clientOptions, deferInitialization: true });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      endpoints: SLACK_EVENTS_PATH,
      logger,
      // ack() answers Slack at once; the answer itself follows through the Web API.
      processBeforeResponse: false,
    });
    bolt = new BoltApp({ receiver, token, logger, clientOptions, deferInitialization: true });
  }

  const deps: SlackDeps = {
    core: opts.core,
    planner: opts.planner,
    log,
    slowAfterMs: opts.slowAfterMs ?? 1_500,
    renderPng: renderChartPng,
    gate: opts.gate ?? createTurnGate(opts.core.config.PULSE_MAX_CONCURRENT_TURNS, opts.core.config.PULSE_MAX_QUEUED_TURNS, opts.core.config.PULSE_MAX_QUEUE_WAIT),
    ...(opts.pool ? { pool: opts.pool } : {}),
    ...createCaches(),
  };
  bolt.use(dropRetries(deps));
  registerListeners(bolt, deps);
  bolt.error(async (e) => {
    log.error({ err: e }, describeSlackError(e, 'listener').message);
  });

  const http = receiver;
  const routes: Route[] = http
    ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handler: refuseSkewedRequests((req, res) => http.requestListener(req, res), log) }]
    : [];
  let started = false;
  return ok({
    mode: appToken ? 'socket' : 'http',
    bolt,
    routes,
    deps,
    start: async () => {
      try {
        await bolt.init();
        if (appToken) await bolt.start();
        started = true;
        return ok(undefined);
      } catch (e) {
        const why = describeSlackError(e, 'auth.test');
        return fail('config', why.code === 'unknown' ? `Slack: ${describeError(e)}` : why.message);
      }
    },
    stop: async () => {
      if (appToken && started) await bolt.stop().catch((e: unknown) => log.warn({ err: e }, 'Socket Mode did not stop cleanly'));
      started = false;
    },
  });
}
