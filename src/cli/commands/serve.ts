import { sql } from 'kysely';
import type { Logger } from 'pino';
import { createSlackAdapter, slackConfigured, SLACK_EVENTS_PATH, type SlackAdapter } from '../../../adapters/slack/app.ts';
import { createTeamsAdapter, teamsConfigured, TEAMS_MESSAGES_PATH, type TeamsAdapter, type TeamsAdapterOptions } from '../../../adapters/teams/app.ts';
import { slackSenderFor } from '../../../adapters/slack/notify-sender.ts';
import { emailSenderFor } from '../../../adapters/email/email-sender.ts';
import { takeOverSignals } from '../../../db/embedded.ts';
import { openApp, type App } from '../../app.ts';
import { createTurnGate, type DrainOutcome } from '../../core/turn-gate.ts';
import { createAnswerPool, type AnswerPoolOptions } from '../../workers/answer-pool.ts';
import { describeError, fail, ok, type Result } from '../../errors.ts';
import { ingestRoute } from '../../import/ingest-route.ts';
import { ingestDeps } from '../../import/webhook.ts';
import { startWarmUp } from '../../jobs/warm-up.ts';
import { startJobs } from '../../jobs/runtime.ts';
import { chooseSenders } from '../../jobs/senders.ts';
import { log as rootLog } from '../../log.ts';
import type { Planner } from '../../planner/types.ts';
import { healthRoute } from '../../server/health.ts';
import { countAcks, metricsRoute } from '../../server/metrics-route.ts';
import { readyRoute, type Readiness } from '../../server/ready-route.ts';
import { startHttpServer } from '../../server/http-server.ts';
import type { Route } from '../../server/routes.ts';
import { unsubscribeRoutes } from '../../server/unsubscribe-route.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { configOrReport } from '../with-app.ts';

export const SERVE_USAGE = `pulse serve [--port N] [--host ADDRESS] [--no-jobs]
  Runs the chat servers on one HTTP server:
    GET  /healthz         liveness (database, adapters)
    GET  /readyz          readiness: the database answers, every migration is applied
    GET  /metrics         Prometheus metrics (Bearer PULSE_METRICS_TOKEN when set;
                          see docs/operations.md)
    POST /slack/events    Slack commands, events and interactivity (HTTP mode)
    POST /ingest/<entity> CRM/ERP webhook: rows as CSV or JSON lines, signed with
                          PULSE_INGEST_SECRET (see pulse import --help)
    POST /api/messages    Microsoft Teams (Bot Framework) activities
    GET|POST /unsubscribe the page an email's unsubscribe link opens (see docs/email.md)
  Slack: SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP), or with SLACK_APP_TOKEN (Socket Mode,
  no public URL needed). SLACK_API_URL overrides the Web API base URL.
  Teams: MICROSOFT_APP_ID with MICROSOFT_APP_PASSWORD (and MICROSOFT_APP_TENANT_ID for
  MICROSOFT_APP_TYPE=SingleTenant). PORT (default 3000).
  Email: SMTP_URL with PULSE_MAIL_FROM, PULSE_PUBLIC_URL and PULSE_UNSUBSCRIBE_SECRET.
  Jobs (digests, certification sweeps, the notifications outbox) run in every serve process;
  --no-jobs leaves them to other processes (a web tier apart from a worker tier).`;

export interface ServeOptions {
  port: number;
  host?: string;
  log?: Logger;
  planner?: Planner;
  slowAfterMs?: number;
  /** Waits between retries of Teams connector calls (tests shorten them). */
  teamsRetry?: TeamsAdapterOptions['retry'];
  /** Answer worker threads (src/workers); none: turns are answered on the acknowledging thread. */
  answerWorkers?: Pick<AnswerPoolOptions, 'size' | 'plannerModule' | 'nice' | 'resourceLimits'>;
}

export interface ServeHandle {
  url: string;
  slack?: SlackAdapter;
  /** Its `sender` reaches Teams users for digests and alerts. */
  teams?: TeamsAdapter;
  /**
   * The first step of a graceful stop: `/readyz` answers 503 from now on, Socket Mode disconnects,
   * and after `noticeMs` (for a load balancer to see it) turns are refused; those in flight get
   * until `deadline` (epoch ms), the rest are told to ask again.
   */
  drain: (opts: { noticeMs: number; deadline: number }) => Promise<DrainOutcome>;
  close: () => Promise<void>;
}

/**
 * Mounts every configured integration on one server and starts it. Each integration adds its
 * routes to the table here: Slack's and Teams' (POST /api/messages); the import webhook
 * (POST /ingest/<entity>) mounts the same way.
 */
export async function startServe(app: App, opts: ServeOptions): Promise<Result<ServeHandle>> {
  const log = opts.log ?? rootLog;
  let slack: SlackAdapter | undefined;
  let teams: TeamsAdapter | undefined;
  // One line for the whole process, whichever platform a question came from.
  const gate = createTurnGate(app.config.PULSE_MAX_CONCURRENT_TURNS, app.config.PULSE_MAX_QUEUED_TURNS, app.config.PULSE_MAX_QUEUE_WAIT);
  app.metrics.watchTurns(gate);
  const pool = opts.answerWorkers?.size
    ? createAnswerPool({ ...opts.answerWorkers, config: app.config, databaseUrl: app.handle.url, metrics: app.metrics, log, slowAfterMs: opts.slowAfterMs })
    : undefined;
  let draining = false;
  // Without workers this thread warms up; the flag is set once its first round is done.
  let readAheadDone = false;
  const warmedUp = (): Readiness =>
    (pool ? pool.warm : readAheadDone) ? { ok: true } : { ok: false, reason: 'warming up (reading peer cohorts and portfolios ahead, rehearsing answers)' };
  if (teamsConfigured(app.config)) {
    // First: a Teams configuration error stops start-up before Slack connects anything.
    const created = createTeamsAdapter({
      core: app,
      config: app.config,
      log,
      planner: opts.planner,
      slowAfterMs: opts.slowAfterMs,
      retry: opts.teamsRetry,
      gate,
      pool,
    });
    if (!created.ok) return created;
    teams = created.value;
  }
  if (slackConfigured(app.config)) {
    const created = createSlackAdapter({ core: app, config: app.config, log, planner: opts.planner, slowAfterMs: opts.slowAfterMs, gate, pool });
    if (!created.ok) return created;
    slack = created.value;
    const started = await slack.start();
    if (!started.ok) return started;
  }
  const routes: Route[] = [
    healthRoute(async () => {
      await sql`select 1`.execute(app.db);
      return { ok: true, db: 'ok', slack: slack?.mode ?? 'off', ...(teams ? { teams: teams.authenticated ? 'on' : 'unauthenticated' } : {}) };
    }),
    readyRoute(app.db, [() => (draining ? { ok: false, reason: 'shutting down' } : { ok: true }), warmedUp, ...app.readinessChecks]),
    metricsRoute(app.metrics, app.config.PULSE_METRICS_TOKEN),
    ...countAcks(app.metrics, 'slack', slack?.routes ?? []),
    ...countAcks(app.metrics, 'teams', teams?.routes ?? []),
    // Always mounted: without PULSE_INGEST_SECRET it answers 503 and says what to set.
    ingestRoute(ingestDeps(app), log),
    ...unsubscribeRoutes({ db: app.db, secret: app.config.PULSE_UNSUBSCRIBE_SECRET, log }),
  ];
  // Listening means answering: the workers have opened the database and the program first.
  await pool?.ready();
  try {
    const server = await startHttpServer({ port: opts.port, host: opts.host, routes, log });
    // Peer cohorts and portfolios read ahead, answers rehearsed. With answer workers they do it
    // (src/workers): seconds of work this thread, which acknowledges, must not do.
    const warmUp = pool ? undefined : startWarmUp(app, log);
    void warmUp?.ready.then(() => (readAheadDone = true));
    return ok({
      url: server.url,
      slack,
      teams,
      drain: async ({ noticeMs, deadline }) => {
        draining = true;
        if (slack?.mode === 'socket') await slack.stop();
        await new Promise((r) => setTimeout(r, noticeMs));
        return gate.close(Math.max(0, deadline - Date.now()));
      },
      close: async () => {
        await server.close();
        await warmUp?.stop();
        await slack?.stop();
        await pool?.close();
      },
    });
  } catch (e) {
    await slack?.stop();
    return fail('config', `PORT ${opts.port}: cannot listen (${describeError(e)})`);
  }
}

function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a port number, got "${value}"; see pulse --help`);
  return n;
}

export interface RunServeHooks {
  /** Stops the server when aborted (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
  onListening?: (handle: ServeHandle) => void;
}

/** `pulse serve`: runs until SIGINT/SIGTERM, then stops accepting, finishes requests and closes. */
export async function runServe(argv: string[], io: CliIo, hooks: RunServeHooks = {}): Promise<number> {
  const { values } = parse({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'no-jobs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, SERVE_USAGE);
    return EXIT_OK;
  }
  const config = configOrReport(io);
  if (!config) return EXIT_FAIL;
  const port = portOption(values.port, config.PORT);
  const opened = await openApp(config);
  if (!opened.ok) {
    println(io.stderr, opened.error.message);
    return EXIT_FAIL;
  }
  const app = opened.value;
  // From here a signal starts the graceful stop, even one that comes while the rest starts up.
  takeOverSignals();
  const stopRequested = new Promise<'signal' | 'caller'>((resolve) => {
    const bySignal = () => resolve('signal');
    process.once('SIGINT', bySignal);
    process.once('SIGTERM', bySignal);
    hooks.signal?.addEventListener('abort', () => resolve('caller'), { once: true });
    if (hooks.signal?.aborted) resolve('caller');
  });
  const served = await startServe(app, { port, host: values.host, answerWorkers: { size: config.PULSE_ANSWER_WORKERS } });
  if (!served.ok) {
    println(io.stderr, served.error.message);
    await app.close();
    return EXIT_FAIL;
  }
  const handle = served.value;
  const slackLine = !handle.slack
    ? 'Slack: not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode)'
    : handle.slack.mode === 'socket'
      ? 'Slack: Socket Mode'
      : `Slack: POST ${handle.url}${SLACK_EVENTS_PATH}`;
  const teamsLine = handle.teams ? `Teams: POST ${handle.url}${TEAMS_MESSAGES_PATH}` : 'Teams: not configured (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD)';
  println(io.stderr, `Partner Pulse listening on ${handle.url} — ${slackLine} — ${teamsLine}`);
  // Digests, certification sweeps and the outbox: in every serve process unless --no-jobs; pg-boss
  // and the outbox keys make several of them send each message once.
  const jobs = values['no-jobs']
    ? ok({ stop: async () => {} })
    : await startJobs(app, {
        senders: chooseSenders([handle.teams?.sender, handle.slack ? slackSenderFor(app.config) : undefined, emailSenderFor(app.config, { log: rootLog })], rootLog),
      });
  if (!jobs.ok) {
    println(io.stderr, jobs.error.message);
    await handle.close();
    await app.close();
    return EXIT_FAIL;
  }
  hooks.onListening?.(handle);

  const by = await stopRequested;
  await shutDown(handle, jobs.value, app, io);
  // A question cut at the end of the grace may still wait on a socket (a slow model); nothing of it
  // will be delivered, so the process does not wait for it either.
  if (by === 'signal') setTimeout(() => process.exit(EXIT_OK), 1_000).unref();
  return EXIT_OK;
}

/** Long enough for a load balancer polling /readyz every second to take this instance out. */
const NOTICE_MS = 1_000;

/**
 * Readiness false first, then no new turns; turns in flight and the outbox batch in hand get
 * PULSE_SHUTDOWN_GRACE; what is left is told to ask again or released to other instances.
 */
async function shutDown(handle: ServeHandle, jobs: { stop: (opts: { deadline: number }) => Promise<void> }, app: App, io: CliIo): Promise<void> {
  const grace = app.config.PULSE_SHUTDOWN_GRACE;
  const deadline = Date.now() + grace;
  println(io.stderr, `Stopping: no new questions; up to ${grace / 1000} s for those in progress…`);
  const turns = await handle.drain({ noticeMs: Math.min(NOTICE_MS, grace / 4), deadline });
  await Promise.all([handle.close(), jobs.stop({ deadline })]);
  await app.close();
  const cut = turns.cut + turns.refused;
  println(io.stderr, `Stopped: ${turns.finished} question(s) finished${cut > 0 ? `, ${cut} told to ask again` : ''}.`);
}
