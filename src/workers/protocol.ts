import type { Config } from '../config.ts';
import type { JobKind, JobTypes } from './jobs.ts';

// The messages between the pool (main thread) and an answer worker.

export interface WorkerInit {
  /** The main thread's configuration (tests build theirs without touching process.env). */
  config: Config;
  /** The database the main thread opened (an embedded server is started once, by it). */
  databaseUrl: string;
  slowAfterMs: number;
  /** Tests only: a module whose `planner` export answers instead of the default planner. */
  plannerModule?: string;
  /** Nice value for the worker's thread (Linux): answers yield the CPU to acknowledgements. */
  nice: number;
}

export type ToWorker =
  | { type: 'job'; id: number; kind: JobKind; payload: JobTypes[JobKind]['payload'] }
  /** Shutdown's grace ran out for this job: it must send nothing more. */
  | { type: 'cut'; id: number };

export type FromWorker =
  | { type: 'ready' }
  /** Its warm-up (cohorts, portfolios, rehearsed answers) is done: answers no longer wait behind it. */
  | { type: 'warm' }
  | { type: 'init_failed'; message: string }
  | { type: 'done'; id: number; value: JobTypes[JobKind]['result'] }
  | { type: 'failed'; id: number; message: string }
  /** A call on the worker's metrics that belongs in the process's /metrics. */
  | { type: 'metric'; name: string; args: unknown[] };
