import type { Logger } from 'pino';
import type { App } from '../../src/app.ts';
import { renderChartPng } from '../../src/charts/render-png.ts';
import { createTurnGate, type TurnGate } from '../../src/core/turn-gate.ts';
import type { AnswerPool } from '../../src/workers/answer-pool.ts';
import { ok, type Result } from '../../src/errors.ts';
import { log as rootLog } from '../../src/log.ts';
import { teamsConversationStore, type TeamsConversationStore } from '../../src/notifications/teams-conversations.ts';
import type { Planner } from '../../src/planner/types.ts';
import type { Route } from '../../src/server/routes.ts';
import { PulseBotAuthentication } from './auth.ts';
import { PulseTeamsBot } from './bot.ts';
import { PulseCloudAdapter } from './cloud-adapter.ts';
import { describeConnectorError } from './connector-errors.ts';
import { createCaches, type TeamsDeps } from './context.ts';
import { messagesRoute, TEAMS_MESSAGES_PATH } from './http.ts';
import { createTeamsSender, type TeamsSender } from './proactive.ts';
import { textActivity } from './render/activity.ts';
import { retryPolicy, type RetryOptions } from './retry.ts';
import { SORRY_TEXT } from './run-turn.ts';
import { teamsSettings, type TeamsConfig } from './settings.ts';

export { teamsConfigured } from './settings.ts';
export { TEAMS_MESSAGES_PATH };
export type { TeamsSender };

export interface TeamsAdapterOptions {
  core: App;
  config: TeamsConfig;
  planner?: Planner;
  log?: Logger;
  /** Default 1,500 ms: after that a typing indicator shows. */
  slowAfterMs?: number;
  /** Outbound retries (tests shorten the waits). */
  retry?: Partial<RetryOptions>;
  /** Where personal-chat references live; the database's table by default. */
  store?: TeamsConversationStore;
  /** Shared with the other adapters of the process; default: the limits in `core.config`. */
  gate?: TurnGate;
  /** Answer workers shared with the other adapters; without them answers are worked on this thread. */
  pool?: AnswerPool;
}

export interface TeamsAdapter {
  /** True when every request must carry a valid Bot Framework token (an app id is configured). */
  authenticated: boolean;
  /** POST /api/messages, to mount on `pulse serve`'s server. */
  routes: Route[];
  /** Proactive messages for the notifications layer: `send(recipient, reply)`. */
  sender: TeamsSender;
  deps: TeamsDeps;
}

/**
 * The Teams adapter: botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication,
 * the activity handler, and the proactive sender. Everything of the Bot Framework stays in this
 * folder; the rest of the app sees routes, a sender and neutral Replies.
 */
export function createTeamsAdapter(opts: TeamsAdapterOptions): Result<TeamsAdapter> {
  const settings = teamsSettings(opts.config);
  if (!settings.ok) return settings;
  const s = settings.value;
  const log = (opts.log ?? rootLog).child({ adapter: 'teams' });
  if (!s.authenticated) log.warn('Teams: no MICROSOFT_APP_ID (test configuration): requests are NOT authenticated');

  let warned = false;
  const policy = retryPolicy(opts.retry, (status, waitMs) => log.info({ status, waitMs }, 'Teams connector busy; retrying'));
  const auth = new PulseBotAuthentication(s, policy, () => {
    if (!warned) log.warn('Teams: could not install the retry policy on the connector client; the SDK’s own retries apply');
    warned = true;
  });
  const adapter = new PulseCloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error }, 'Teams turn failed');
    await context.sendActivity(textActivity(SORRY_TEXT)).catch((e: unknown) => log.warn({ err: describeConnectorError(e) }, 'the apology failed too'));
  };

  const deps: TeamsDeps = {
    core: opts.core,
    planner: opts.planner,
    log,
    adapter,
    appId: s.appId,
    ...(s.appType === 'SingleTenant' && s.tenantId ? { tenantId: s.tenantId } : {}),
    store: opts.store ?? teamsConversationStore(opts.core.db),
    slowAfterMs: opts.slowAfterMs ?? 1_500,
    renderPng: renderChartPng,
    gate: opts.gate ?? createTurnGate(opts.core.config.PULSE_MAX_CONCURRENT_TURNS, opts.core.config.PULSE_MAX_QUEUED_TURNS, opts.core.config.PULSE_MAX_QUEUE_WAIT),
    ...(opts.pool ? { pool: opts.pool } : {}),
    ...createCaches(),
  };
  const bot = new PulseTeamsBot(deps);
  return ok({
    authenticated: s.authenticated,
    routes: [messagesRoute(adapter, (context) => bot.run(context), log)],
    sender: createTeamsSender(deps),
    deps,
  });
}
