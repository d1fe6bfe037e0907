import { parentPort, workerData } from 'node:worker_threads';
import { slackJobRunner, type SlackJobRunner } from '../../adapters/slack/remote-turn.ts';
import { openApp, type App } from '../app.ts';
import { answer } from '../core/answer.ts';
import { describeError } from '../errors.ts';
import { startWarmUp } from '../jobs/warm-up.ts';
import { log as rootLog } from '../log.ts';
import type { Planner } from '../planner/types.ts';
import type { JobKind, JobTypes } from './jobs.ts';
import { forwardingMetrics } from './metrics-forward.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';
import { niceThisThread } from './thread-priority.ts';

// One answer worker: its own database pool and program, its own peer cohorts (read at start and
// after each data change, as the main thread's are), and the jobs the pool hands it.

type Handlers = { [K in JobKind]: (payload: JobTypes[K]['payload'], signal: AbortSignal) => Promise<JobTypes[K]['result']> };

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs as a worker thread (src/workers/answer-pool.ts starts it)');
const init = workerData as WorkerInit;
const send = (m: FromWorker) => port.postMessage(m);
const log = rootLog.child({ answerWorker: true });
niceThisThread(init.nice);

async function plannerFrom(module: string | undefined): Promise<Planner | undefined> {
  if (!module) return undefined;
  const loaded = (await import(module)) as { planner?: Planner };
  if (!loaded.planner) throw new Error(`${module} has no "planner" export`);
  return loaded.planner;
}

async function start(): Promise<Handlers> {
  const opened = await openApp({ ...init.config, DATABASE_URL: init.databaseUrl }, { seedWhenEmpty: false });
  if (!opened.ok) throw new Error(opened.error.message);
  const app: App = { ...opened.value, metrics: forwardingMetrics(opened.value.metrics, (name, args) => send({ type: 'metric', name, args })) };
  const planner = await plannerFrom(init.plannerModule);
  // What pulse serve's main thread does ahead when it answers itself; with workers, they do.
  void startWarmUp(app, log).ready.then(() => send({ type: 'warm' }));
  const slack = slackJobRunner({ core: app, planner, log, slowAfterMs: init.slowAfterMs });
  const slackOnly = <T>(run: (s: SlackJobRunner) => Promise<T>): Promise<T> => (slack.ok ? run(slack.value) : Promise.reject(new Error(slack.error.message)));
  return {
    answer: ({ turn }) => answer(app, turn, planner ? { planner } : {}),
    slack: (job, signal) => slackOnly((s) => s.turn(job, signal)),
    slackHome: ({ asker }) => slackOnly(async (s) => (await s.home(asker), null)),
  };
}

const handlers = start();
handlers.then(
  () => send({ type: 'ready' }),
  (e: unknown) => {
    send({ type: 'init_failed', message: describeError(e) });
    // The pool sees the exit, fails what waited for this worker and starts another later.
    process.exit(1);
  },
);

const cuts = new Map<number, AbortController>();

async function work<K extends JobKind>(id: number, kind: K, payload: JobTypes[K]['payload']): Promise<void> {
  const cut = new AbortController();
  cuts.set(id, cut);
  try {
    const run = (await handlers)[kind] as Handlers[K];
    send({ type: 'done', id, value: await run(payload, cut.signal) });
  } catch (e) {
    send({ type: 'failed', id, message: describeError(e) });
  } finally {
    cuts.delete(id);
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'cut') cuts.get(m.id)?.abort();
  else void work(m.id, m.kind, m.payload);
});
