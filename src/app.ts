import { connect, describeUrl, type Db, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { isoDay, now } from './clock.ts';
import type { Config } from './config.ts';
import { openReadRouter } from './db/open-replica.ts';
import type { ReadRouter } from './db/read-router.ts';
import { describeError, fail, ok, type Result } from './errors.ts';
import { log } from './log.ts';
import { createMetrics, type PulseMetrics } from './ops/metrics.ts';
import { loadProgram } from './program/load.ts';
import type { Program } from './program/schema.ts';
import type { ReadinessCheck } from './server/ready-route.ts';

/** What every entry point (CLI, Slack, Teams, jobs) runs on: one database, one program. */
export interface App {
  handle: DbHandle;
  db: Db;
  /**
   * Where answers read partner data, partners, users and cohorts: the replica (DATABASE_READ_URL)
   * while it answers within PULSE_MAX_REPLICA_LAG, otherwise `db`. Asked once per question, so one
   * answer's figures and its data_version come from one server. Writes, and reads that must see
   * this process's own writes, use `db`. Without a replica it is `this.db`, so an App copied with
   * another `db` (a recording one, in tests and the bench) reads through that one.
   */
  readDb(): Db;
  /** The replica's router, when DATABASE_READ_URL is set. */
  replica?: ReadRouter;
  program: Program;
  config: Config;
  /** What `GET /metrics` shows; this app's own registry. */
  metrics: PulseMetrics;
  /** Conditions `/readyz` checks besides the database's own (a read replica's lag, say). */
  readinessChecks: ReadinessCheck[];
  /** Closes the pool and stops the embedded server this process started (not a handle passed in). */
  close: () => Promise<void>;
}

export interface OpenAppOptions {
  /** An already open database (tests, tools); left open by `close()`, its owner closes it. */
  handle?: DbHandle;
  /** Fill an empty embedded database with the demo program (default true): `npm start` needs no other step. */
  seedWhenEmpty?: boolean;
}

/**
 * `DATABASE_URL` when set, else the embedded server in `PULSE_DATA_DIR/pg`. An unreachable
 * `DATABASE_URL` is an error, never a reason to fall back to the embedded server.
 */
export async function openDb(config: Config): Promise<Result<DbHandle>> {
  try {
    return ok(
      await connect({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.PULSE_DATA_DIR,
        embeddedPort: config.PULSE_PG_PORT,
      }),
    );
  } catch (e) {
    if (!config.DATABASE_URL) return fail('db_unreachable', describeError(e));
    const reason = /\(([^()]*)\)\s*$/.exec(describeError(e))?.[1] ?? describeError(e);
    return fail('db_unreachable', `DATABASE_URL: cannot connect to ${describeUrl(config.DATABASE_URL)} (${reason})`);
  }
}

export async function openApp(config: Config, opts: OpenAppOptions = {}): Promise<Result<App>> {
  // The program first: a broken program.yml should not cost a database start.
  const program = loadProgram(config.PULSE_PROGRAM);
  if (!program.ok) return program;

  let handle = opts.handle;
  if (!handle) {
    const opened = await openDb(config);
    if (!opened.ok) return opened;
    handle = opened.value;
  }
  const owned = !opts.handle;
  const h = handle;
  try {
    await migrateToLatest(h.db);
    if (h.embedded && (opts.seedWhenEmpty ?? true) && (await isEmpty(h.db))) {
      await seedDemo(h.db, isoDay(now()));
      log.info('first start: demo data created');
    }
  } catch (e) {
    if (owned) await h.close().catch(() => {});
    return fail('internal', describeError(e));
  }
  const metrics = createMetrics({ db: h.db, pool: h.pool, onCollectError: (e) => log.warn({ err: e }, 'metrics: the outbox could not be read') });
  const replica = await openReadRouter(config, h.db, metrics);
  return ok({
    handle: h,
    db: h.db,
    readDb(this: App) {
      return replica ? replica.readDb() : this.db;
    },
    ...(replica ? { replica } : {}),
    program: program.value,
    config,
    metrics,
    readinessChecks: replica ? [() => replica.readiness()] : [],
    close: async () => {
      await replica?.close();
      if (owned) await h.close();
    },
  });
}

async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('partners').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
