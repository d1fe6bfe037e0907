import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { App } from '../../src/app.ts';
import { renderChartPng } from '../../src/charts/render-png.ts';
import type { Outcome, Turn } from '../../src/core/types.ts';
import { createTurnGate } from '../../src/core/turn-gate.ts';
import { fail, ok, type Result } from '../../src/errors.ts';
import type { Planner } from '../../src/planner/types.ts';
import { webClientOptions } from './client-options.ts';
import { createCaches, type SlackDeps } from './context.ts';
import { conversationOutlet, responseUrlOutlet, type Outlet, type OutletSpec } from './outlets.ts';
import { publishHome } from './home.ts';
import { respondTo } from './response-url.ts';
import { answerNow } from './run-turn.ts';
import type { SlackAsker } from './turn.ts';

// A Slack turn worked on an answer worker (src/workers): the main thread verified, acknowledged
// and admitted it; the worker answers, renders and delivers it with a Web API client of its own.

/** A Slack turn as data: what askAndAnswer was given, the outlet as its spec. */
export interface SlackJob {
  turn: Turn;
  outlet: OutletSpec;
  title?: string;
  question?: string;
  chartsOnly?: boolean;
}

/** The outlet a spec describes, built on this thread. */
export function outletFromSpec(spec: OutletSpec, client: webApi.WebClient): Outlet {
  const outlet = spec.kind === 'response_url' ? responseUrlOutlet(respondTo(spec.url), spec.opts, spec.url) : conversationOutlet(client, spec.target);
  return spec.quiet ? { ...outlet, working: async () => {} } : outlet;
}

export interface SlackWorkerOptions {
  core: App;
  planner?: Planner;
  log: Logger;
  slowAfterMs: number;
}

export interface SlackJobRunner {
  turn: (job: SlackJob, cut: AbortSignal) => Promise<{ outcome: Outcome | null }>;
  home: (asker: SlackAsker) => Promise<void>;
}

/** On a worker: runs Slack jobs, or says why it cannot (no bot token in this environment). */
export function slackJobRunner(opts: SlackWorkerOptions): Result<SlackJobRunner> {
  const config = opts.core.config;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return fail('config', 'SLACK_BOT_TOKEN is not set in the answer worker: it cannot answer Slack turns');
  const client = new webApi.WebClient(token, webClientOptions(config));
  const deps: SlackDeps = {
    core: opts.core,
    planner: opts.planner,
    log: opts.log.child({ adapter: 'slack' }),
    slowAfterMs: opts.slowAfterMs,
    renderPng: renderChartPng,
    // Admission happened on the main thread; this gate is never asked.
    gate: createTurnGate(1, 0),
    ...createCaches(),
  };
  return ok({
    turn: async (job, cut) => {
      const outlet = outletFromSpec(job.outlet, client);
      const result = await answerNow(deps, client, { turn: job.turn, outlet, title: job.title, question: job.question, chartsOnly: job.chartsOnly }, cut);
      return { outcome: result?.outcome ?? null };
    },
    home: (asker) => publishHome(deps, client, asker),
  });
}
