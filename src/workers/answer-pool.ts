import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { PulseMetrics } from '../ops/metrics.ts';
import type { JobKind, JobTypes } from './jobs.ts';
import { replayMetric } from './metrics-forward.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';

// Answers are worked on threads of their own, so the thread that verifies and acknowledges chat
// requests never waits behind planning, SQL result handling, rendering or their garbage: Slack
// gives up on a request not acknowledged within 3 seconds. The main thread keeps the turn gate
// (one line for the process) and hands each admitted turn to the least busy worker.

export interface AnswerPoolOptions {
  /** Worker threads; each works several turns at once (they mostly wait on the database). */
  size: number;
  config: Config;
  databaseUrl: string;
  /** The process's registry: workers' per-turn counts are made here. */
  metrics: PulseMetrics;
  log: Logger;
  slowAfterMs?: number;
  /** Tests only: a module exporting `planner`, used instead of the default planner. */
  plannerModule?: string;
  /** Nice value of the workers' threads on Linux (default 5); 0 leaves it. */
  nice?: number;
  /** Per-worker heap limits (default: old space 160 MB, young 16 MB). */
  resourceLimits?: ResourceLimits;
}

export type PoolFailure = { code: 'worker_lost' | 'closed' | 'failed'; message: string };
export type PoolResult<T> = { ok: true; value: T } | { ok: false; error: PoolFailure };

export interface AnswerPool {
  /** Runs a job on the least busy worker. Aborting `signal` tells the worker to send nothing more. */
  run<K extends JobKind>(kind: K, payload: JobTypes[K]['payload'], signal?: AbortSignal): Promise<PoolResult<JobTypes[K]['result']>>;
  readonly size: number;
  /** Workers started so far, replacements included. */
  readonly started: number;
  /** Resolves once every current worker has opened its database and program. */
  ready(): Promise<void>;
  /**
   * Whether every worker has done its warm-up (src/jobs/warm-up.ts). Until then answers queue
   * behind seconds of reading (12 s at 5,000 partners) or run cold: /readyz says so, and a load
   * balancer waits.
   */
  readonly warm: boolean;
  /** Stops every worker; jobs still running end with 'closed'. */
  close(): Promise<void>;
}

/** Set by bin/bundle.mjs when it builds the bundle; absent when the sources run as TypeScript. */
declare const PULSE_BUNDLED: boolean | undefined;

/**
 * In the bundle, the worker's own entry sits next to this code; from the sources, worker-entry.mjs
 * loads TypeScript first.
 */
const WORKER_SCRIPT =
  typeof PULSE_BUNDLED !== 'undefined' && PULSE_BUNDLED ? new URL('./worker-main.js', import.meta.url) : new URL('./worker-entry.mjs', import.meta.url);

const DEFAULT_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 };
/** A worker that dies before it is ready is started again after this, doubling up to the cap. */
const RESTART_MS = 500;
const RESTART_CAP_MS = 30_000;
/** ready() waits at most this long. */
const READY_WAIT_MS = 60_000;

interface Slot {
  worker: Worker;
  pending: Map<number, (r: PoolResult<unknown>) => void>;
  ready: boolean;
  warm: boolean;
  whenReady: Promise<void>;
}

export function createAnswerPool(opts: AnswerPoolOptions): AnswerPool {
  const size = Math.max(1, opts.size);
  const init: WorkerInit = {
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    slowAfterMs: opts.slowAfterMs ?? 1_500,
    nice: opts.nice ?? 5,
    ...(opts.plannerModule ? { plannerModule: opts.plannerModule } : {}),
  };
  const slots: (Slot | undefined)[] = new Array<Slot | undefined>(size).fill(undefined);
  const restartDelay = new Array<number>(size).fill(RESTART_MS);
  let nextId = 1;
  let started = 0;
  let closing = false;

  const spawn = (index: number): void => {
    started++;
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: init,
      resourceLimits: opts.resourceLimits ?? DEFAULT_LIMITS,
      // Logs go straight to fd 2 from the worker; its stdout would be relayed through this thread.
      stdout: false,
      stderr: false,
    });
    let markReady = () => {};
    const slot: Slot = { worker, pending: new Map(), ready: false, warm: false, whenReady: new Promise<void>((r) => (markReady = r)) };
    slots[index] = slot;
    let lost = 'it exited';
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        slot.ready = true;
        restartDelay[index] = RESTART_MS;
        markReady();
      } else if (m.type === 'warm') {
        slot.warm = true;
      } else if (m.type === 'init_failed') {
        lost = `it could not start: ${m.message}`;
        opts.log.error({ worker: index }, `answer worker could not start: ${m.message}`);
      } else if (m.type === 'metric') {
        replayMetric(opts.metrics, m.name, m.args);
      } else {
        const settle = slot.pending.get(m.id);
        slot.pending.delete(m.id);
        settle?.(m.type === 'done' ? { ok: true, value: m.value } : { ok: false, error: { code: 'failed', message: m.message } });
      }
    });
    worker.on('error', (e) => {
      lost = `it crashed: ${e.message}`;
      opts.log.error({ err: e, worker: index }, 'answer worker crashed');
    });
    worker.on('exit', (code) => {
      const failure: PoolFailure = closing
        ? { code: 'closed', message: 'the server is shutting down' }
        : { code: 'worker_lost', message: `the answer worker stopped while answering (${lost}, exit code ${code})` };
      for (const settle of slot.pending.values()) settle({ ok: false, error: failure });
      slot.pending.clear();
      markReady();
      if (closing || slots[index] !== slot) return;
      // One that never got ready (the database is down, say) is retried ever more slowly.
      const wait = slot.ready ? 0 : (restartDelay[index] ?? RESTART_MS);
      if (!slot.ready) restartDelay[index] = Math.min(RESTART_CAP_MS, wait * 2);
      opts.log.warn({ worker: index, code, inMs: wait }, 'answer worker stopped; starting another');
      setTimeout(() => {
        if (!closing && slots[index] === slot) spawn(index);
      }, wait).unref();
    });
  };

  for (let i = 0; i < size; i++) spawn(i);

  /** The ready worker with the fewest jobs; one still starting when none is ready. */
  const pick = (): Slot | undefined => {
    let best: Slot | undefined;
    for (const s of slots) {
      if (!s) continue;
      if (!best || (s.ready && !best.ready) || (s.ready === best.ready && s.pending.size < best.pending.size)) best = s;
    }
    return best;
  };

  return {
    size,
    get started() {
      return started;
    },
    get warm() {
      return slots.every((s) => s?.warm === true);
    },
    run<K extends JobKind>(kind: K, payload: JobTypes[K]['payload'], signal?: AbortSignal): Promise<PoolResult<JobTypes[K]['result']>> {
      const slot = closing ? undefined : pick();
      if (!slot) return Promise.resolve({ ok: false, error: { code: 'closed', message: 'the server is shutting down' } });
      const id = nextId++;
      return new Promise((resolve) => {
        const onCut = () => slot.worker.postMessage({ type: 'cut', id } satisfies ToWorker);
        slot.pending.set(id, (r) => {
          signal?.removeEventListener('abort', onCut);
          // The worker ran this job's kind, so its value is that kind's result.
          resolve(r as PoolResult<JobTypes[K]['result']>);
        });
        signal?.addEventListener('abort', onCut, { once: true });
        try {
          slot.worker.postMessage({ type: 'job', id, kind, payload } satisfies ToWorker);
        } catch (e) {
          // Not cloneable: a bug in what the adapter handed over, answered like any failure.
          slot.pending.delete(id);
          resolve({ ok: false, error: { code: 'failed', message: `the turn could not be handed to a worker (${e instanceof Error ? e.message : String(e)})` } });
        }
      });
    },
    async ready() {
      // A worker that cannot start is started again later; waiting for it must not hang start-up.
      const giveUp = new Promise<void>((r) => setTimeout(r, READY_WAIT_MS).unref());
      await Promise.race([Promise.all(slots.map((s) => s?.whenReady)), giveUp]);
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}
