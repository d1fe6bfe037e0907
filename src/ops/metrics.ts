import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/connect.ts';
import { readOutboxBacklog, type OutboxBacklog } from './outbox-backlog.ts';

// What `GET /metrics` shows, in one place: each App gets a registry of its own (never prom-client's
// global one), so several apps in one process (tests, tools) do not clash. Code that does the work
// records through the small methods below; gauges that read state (the turn gate, the pool, the
// outbox table) are filled in when Prometheus scrapes.

/** A delivery failure, as the outbox sender reported it (`DeliveryError['kind']`). */
export type DeliveryFailure = 'rate_limited' | 'unavailable' | 'deferred' | 'rejected' | 'unreachable';

export interface AnswerLabels {
  intent: string | null;
  planner: string | null;
  outcome: string;
}

export interface TurnCounts {
  readonly active: number;
  readonly waiting: number;
}

export interface ImportRowCounts {
  entity: string;
  /** data_sources.source: 'import' (CLI) or 'webhook'. */
  source: string;
  inserted: number;
  updated: number;
  unchanged: number;
  stale: number;
}

export interface PulseMetrics {
  readonly registry: Registry;
  answered(labels: AnswerLabels, seconds: number): void;
  /** A chat platform's request answered (the ack): its HTTP status and how long it took. */
  acked(platform: string, status: number, seconds: number): void;
  delivered(channel: string): void;
  deliveryFailed(channel: string, reason: DeliveryFailure): void;
  /** Runs `fn` as one run of the queue's job: counted, and counted as failed when it throws (rethrown). */
  jobRun<T>(queue: string, fn: () => Promise<T>): Promise<T>;
  imported(rows: ImportRowCounts): void;
  /** Rows of an import that was refused as a whole (every row rolled back). */
  importRejected(entity: string, source: string, rows: number): void;
  /** The process's turn gate, read on scrape (turns in flight and waiting). */
  watchTurns(gate: TurnCounts): void;
  /** Node's process metrics (CPU, memory, event loop, GC); added once, when /metrics is served. */
  withProcessMetrics(): void;
  /** The read replica (DATABASE_READ_URL), read on scrape; its gauges exist only once watched. */
  watchReplica(source: () => ReplicaReading): void;
  /** An answer's reads (or one read) went to the primary instead of the replica, and why. */
  replicaFallback(reason: string): void;
}

export interface ReplicaReading {
  /** Replay lag last measured; null when the replica did not answer. */
  lagSeconds: number | null;
  /** Whether answers read from the replica now. */
  serving: boolean;
}

export interface MetricsSources {
  db: Db;
  pool: pg.Pool;
  /** Told when a gauge could not be read (the database is down); the scrape still answers. */
  onCollectError?: (e: unknown) => void;
}

const ANSWER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60];
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3];
const CHANNELS = ['slack', 'teams', 'email', 'console'] as const;

export function createMetrics(sources: MetricsSources): PulseMetrics {
  const registry = new Registry();
  const registers = [registry];

  const answers = new Counter({
    name: 'pulse_answers_total',
    help: 'Questions answered, by intent, planner and outcome',
    labelNames: ['intent', 'planner', 'outcome'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: 'pulse_answer_duration_seconds',
    help: 'Time from question to answer (planning, reading, writing the audit row)',
    labelNames: ['intent', 'planner', 'outcome'] as const,
    buckets: ANSWER_BUCKETS,
    registers,
  });
  let turns: TurnCounts | undefined;
  new Gauge({
    name: 'pulse_turns_in_flight',
    help: 'Chat turns being worked now',
    registers,
    collect() {
      this.set(turns?.active ?? 0);
    },
  });
  new Gauge({
    name: 'pulse_turns_waiting',
    help: 'Chat turns waiting for a place (PULSE_MAX_CONCURRENT_TURNS)',
    registers,
    collect() {
      this.set(turns?.waiting ?? 0);
    },
  });
  const acks = new Counter({
    name: 'pulse_chat_acks_total',
    help: 'Requests from Slack (HTTP mode) and Teams answered, by platform and HTTP status',
    labelNames: ['platform', 'status'] as const,
    registers,
  });
  const ackSeconds = new Histogram({
    name: 'pulse_chat_ack_duration_seconds',
    help: 'Time to answer a Slack or Teams request (Slack retries after 3 s)',
    labelNames: ['platform'] as const,
    buckets: ACK_BUCKETS,
    registers,
  });

  // One read of the outbox per scrape, shared by its two gauges (a scrape collects every metric
  // at once, so the second joins the read the first started).
  let backlog: Promise<OutboxBacklog[]> | undefined;
  const readBacklog = (): Promise<OutboxBacklog[]> => {
    backlog ??= readOutboxBacklog(sources.db)
      .catch((e: unknown) => {
        sources.onCollectError?.(e);
        return [];
      })
      .finally(() => {
        backlog = undefined;
      });
    return backlog;
  };
  // Every channel appears, at 0 when it has nothing waiting, so an alert never sees a gap.
  const backlogGauge = (name: string, help: string, pick: (r: OutboxBacklog) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['channel'] as const,
      registers,
      async collect() {
        const rows = await readBacklog();
        this.reset();
        for (const c of CHANNELS) this.set({ channel: c }, 0);
        for (const r of rows) this.set({ channel: r.channel }, pick(r));
      },
    });
  };
  backlogGauge('pulse_outbox_pending', 'Notifications not yet delivered (pending or being sent), by channel; "unrouted" until a first attempt chose one', (r) => r.pending);
  backlogGauge('pulse_outbox_oldest_pending_age_seconds', 'Age of the oldest notification not yet delivered, by channel (0 when none)', (r) => r.oldestAgeSeconds);
  const deliveries = new Counter({
    name: 'pulse_outbox_deliveries_total',
    help: 'Notifications delivered by this process, by channel',
    labelNames: ['channel'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'pulse_outbox_delivery_failures_total',
    help: 'Delivery attempts that failed, by channel and reason (rate_limited, unavailable and deferred are retried)',
    labelNames: ['channel', 'reason'] as const,
    registers,
  });
  const jobRuns = new Counter({
    name: 'pulse_job_runs_total',
    help: 'Background job runs started by this process, by queue',
    labelNames: ['queue'] as const,
    registers,
  });
  const jobFailures = new Counter({
    name: 'pulse_job_failures_total',
    help: 'Background job runs that threw (pg-boss retries them), by queue',
    labelNames: ['queue'] as const,
    registers,
  });
  const importRows = new Counter({
    name: 'pulse_import_rows_total',
    help: 'Rows imported (pulse import, POST /ingest), by entity, source and result',
    labelNames: ['entity', 'source', 'result'] as const,
    registers,
  });
  const { pool } = sources;
  new Gauge({
    name: 'pulse_db_pool_connections',
    help: 'Database connections of this process, by state (in_use, idle)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'pulse_db_pool_waiting',
    help: 'Queries waiting for a database connection',
    registers,
    collect() {
      this.set(pool.waitingCount);
    },
  });

  const replicaFallbacks = new Counter({
    name: 'pulse_replica_fallbacks_total',
    help: 'Answers (and read-ahead runs, or single reads) sent to the primary instead of the read replica, by reason: lag (past PULSE_MAX_REPLICA_LAG), down, conflict (a read cancelled by replay)',
    labelNames: ['reason'] as const,
    registers,
  });
  let replica: (() => ReplicaReading) | undefined;
  const watchReplica = (source: () => ReplicaReading): void => {
    if (!replica) {
      new Gauge({
        name: 'pulse_replica_lag_seconds',
        help: 'Replay lag of the read replica as last measured (every second); NaN when it does not answer',
        registers,
        collect() {
          this.set(replica?.().lagSeconds ?? Number.NaN);
        },
      });
      new Gauge({
        name: 'pulse_replica_serving',
        help: '1 while answers read from the replica, 0 while they read from the primary (lag past the limit, or the replica down)',
        registers,
        collect() {
          this.set(replica?.().serving ? 1 : 0);
        },
      });
    }
    replica = source;
  };

  let processMetrics = false;
  return {
    registry,
    answered(l, seconds) {
      const labels = { intent: l.intent ?? 'none', planner: l.planner ?? 'none', outcome: l.outcome };
      answers.inc(labels);
      answerSeconds.observe(labels, seconds);
    },
    acked(platform, status, seconds) {
      acks.inc({ platform, status: String(status) });
      ackSeconds.observe({ platform }, seconds);
    },
    delivered(channel) {
      deliveries.inc({ channel });
    },
    deliveryFailed(channel, reason) {
      failures.inc({ channel, reason });
    },
    async jobRun(queue, fn) {
      jobRuns.inc({ queue });
      try {
        return await fn();
      } catch (e) {
        jobFailures.inc({ queue });
        throw e;
      }
    },
    imported(r) {
      const add = (result: string, n: number) => {
        if (n > 0) importRows.inc({ entity: r.entity, source: r.source, result }, n);
      };
      add('inserted', r.inserted);
      add('updated', r.updated);
      add('unchanged', r.unchanged);
      add('stale', r.stale);
    },
    importRejected(entity, source, rows) {
      if (rows > 0) importRows.inc({ entity, source, result: 'rejected' }, rows);
    },
    watchTurns(gate) {
      turns = gate;
    },
    watchReplica,
    replicaFallback(reason) {
      replicaFallbacks.inc({ reason });
    },
    withProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
  };
}
