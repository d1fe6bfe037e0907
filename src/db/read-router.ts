import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { Readiness } from '../server/ready-route.ts';
import { fallbackDb } from './fallback-db.ts';
import type { ReplicaFailure } from './replica-errors.ts';
import { readReplicaLag } from './replica-lag.ts';

// Where answers read: the one decision between the primary and a streaming replica. A timer
// measures the replica's lag; every question then asks `readDb()` (no query of its own), and a
// read the replica fails to answer runs again on the primary.

export type ReplicaState =
  | { kind: 'starting' }
  | { kind: 'serving'; lagMs: number }
  | { kind: 'lagging'; lagMs: number }
  | { kind: 'down'; reason: string };

/** Why an answer's read went to the primary: the lag limit, the replica down, or one read it failed. */
export type FallbackReason = 'lag' | 'down' | ReplicaFailure;

export interface ReadRouter {
  /** Answers' reads: the replica while it answers within the lag limit, otherwise the primary. */
  readDb(): Db;
  state(): ReplicaState;
  /** Always ready (the primary serves when the replica cannot); the detail says which and the lag. */
  readiness(): Readiness;
  /** Measures the lag now (the timer's tick); resolves to the new state, never rejects. */
  probe(): Promise<ReplicaState>;
  /** Measures every `probeEveryMs` until `close()`; the timer does not keep the process alive. */
  start(): void;
  /** Stops measuring and closes the replica's pool. */
  close(): Promise<void>;
}

export interface ReadRouterOptions {
  primary: Db;
  replicaPool: pg.Pool;
  /** host:port/database, for log lines (never the password). */
  replicaName: string;
  maxLagMs: number;
  probeEveryMs?: number;
  log: Pick<Logger, 'info' | 'warn'>;
  onFallback?: (reason: FallbackReason) => void;
  readLag?: (db: Db) => Promise<number>;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function reasonOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : (e.message.split('\n')[0] ?? 'unknown error');
}

/** A probe that has not answered in this long counts as the replica not answering. */
const probeTimeout = (everyMs: number): number => Math.max(2000, 2 * everyMs);

export function createReadRouter(opts: ReadRouterOptions): ReadRouter {
  const everyMs = opts.probeEveryMs ?? 1000;
  const readLag = opts.readLag ?? readReplicaLag;
  // The probe's own Kysely on the same pool: it must measure the replica, never fall back.
  const raw = new Kysely<Database>({ dialect: new PostgresDialect({ pool: opts.replicaPool }) });
  let current: ReplicaState = { kind: 'starting' };
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<ReplicaState> | undefined;
  let closed = false;

  // One log line per change of where answers read, not per question or per probe.
  const moveTo = (next: ReplicaState): void => {
    const was = current;
    current = next;
    if (was.kind === next.kind) return;
    const at = opts.replicaName;
    if (next.kind === 'serving') {
      opts.log.info(
        { lagMs: Math.round(next.lagMs) },
        was.kind === 'starting' ? `answers read from the replica at ${at}` : `replica at ${at} is back (lag ${seconds(next.lagMs)}); answers read from it again`,
      );
    } else if (next.kind === 'lagging') {
      opts.log.warn(
        { lagMs: Math.round(next.lagMs) },
        `replica at ${at} is ${seconds(next.lagMs)} behind, past PULSE_MAX_REPLICA_LAG (${seconds(opts.maxLagMs)}); answers read from the primary until it catches up`,
      );
    } else if (next.kind === 'down') {
      opts.log.warn({ reason: next.reason }, `replica at ${at} does not answer (${next.reason}); answers read from the primary`);
    }
  };

  const replica = fallbackDb(
    opts.replicaPool,
    opts.primary,
    (why, e) => {
      opts.onFallback?.(why);
      if (why === 'down') moveTo({ kind: 'down', reason: reasonOf(e) });
    },
    () => current.kind === 'down',
  );

  const measure = async (): Promise<ReplicaState> => {
    let timeout: NodeJS.Timeout | undefined;
    try {
      const lagMs = await Promise.race([
        readLag(raw),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`no answer within ${seconds(probeTimeout(everyMs))}`)), probeTimeout(everyMs));
        }),
      ]);
      if (!closed) moveTo(lagMs > opts.maxLagMs ? { kind: 'lagging', lagMs } : { kind: 'serving', lagMs });
    } catch (e) {
      if (!closed) moveTo({ kind: 'down', reason: reasonOf(e) });
    } finally {
      clearTimeout(timeout);
    }
    return current;
  };

  const probe = (): Promise<ReplicaState> => {
    // A slow probe is not stacked on: the next tick waits for it.
    inFlight ??= measure().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    readDb() {
      if (current.kind === 'serving') return replica;
      if (current.kind === 'lagging' || current.kind === 'down') opts.onFallback?.(current.kind === 'lagging' ? 'lag' : 'down');
      return opts.primary;
    },
    state: () => current,
    readiness() {
      switch (current.kind) {
        case 'serving':
          return { ok: true, detail: `replica lag ${seconds(current.lagMs)}` };
        case 'lagging':
          return { ok: true, detail: `replica lag ${seconds(current.lagMs)}, past ${seconds(opts.maxLagMs)}: answers read from the primary` };
        case 'down':
          return { ok: true, detail: `replica down (${current.reason}): answers read from the primary` };
        case 'starting':
          return { ok: true, detail: 'replica not measured yet: answers read from the primary' };
      }
    },
    probe,
    start() {
      if (timer || closed) return;
      timer = setInterval(() => void probe(), everyMs);
      timer.unref();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      timer = undefined;
      await inFlight?.catch(() => undefined);
      await opts.replicaPool.end().catch(() => undefined);
    },
  };
}
