import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { runCertificationSweep } from '../alerts/cert-sweep.ts';
import { enforceAuditRetention } from '../audit/retention.ts';
import type { App } from '../app.ts';
import { isoDay, now } from '../clock.ts';
import { runDigests } from '../digest/run-digests.ts';
import { describeError, fail, ok, type Result } from '../errors.ts';
import { oneAtATime } from '../../db/one-at-a-time.ts';
import { log as rootLog } from '../log.ts';
import { countedSender } from '../ops/counted-sender.ts';
import { createOutboxWorker, type OutboxSettings, type OutboxWorker } from '../notifications/outbox-worker.ts';
import type { Sender } from '../notifications/platform-sender.ts';
import { AUDIT_RETENTION_CRON, BOSS_SCHEMA, CERT_SWEEP_CRON, DIGEST_TICK_CRON, QUEUES, RETRY_POLICY } from './queues.ts';

/** Batches sent on the way out; the rest waits for the next start. */
const DRAIN_BATCHES = 20;

export interface JobsOptions {
  /** Where notifications go; the terminal outbox when no chat platform is configured. */
  senders: readonly Sender[];
  log?: Logger;
  outbox?: Partial<OutboxSettings>;
  /** Run the sweep once at start (default true): a fresh embedded start shows its alerts at once. */
  sweepOnStart?: boolean;
  /** Tests shorten the retries; production keeps RETRY_POLICY. */
  retry?: { retryLimit?: number; retryDelay?: number; retryBackoff?: boolean };
  /** How often each worker asks for a job (pg-boss's default is 2 s). */
  pollingIntervalSeconds?: number;
}

export interface Jobs {
  boss: PgBoss;
  outbox: OutboxWorker;
  /**
   * Without a deadline: finishes the batch in hand and sends what is due, within reason (a short
   * `npm start`). With one (epoch ms, a server's shutdown grace): sends until then, releases the
   * claims it has not tried, and leaves pg-boss's running jobs to other instances past it.
   */
  stop: (opts?: { deadline?: number }) => Promise<void>;
}

/**
 * pg-boss in the application's database, the digest tick and the daily sweep on cron, and the
 * outbox worker. Safe to start in several processes: pg-boss creates one job per cron slot and
 * hands each job to one worker, and the outbox's unique keys catch whatever slips through.
 */
export async function startJobs(app: App, opts: JobsOptions): Promise<Result<Jobs>> {
  const log = opts.log ?? rootLog;
  const boss = new PgBoss({ connectionString: app.handle.url, schema: BOSS_SCHEMA, max: 3, application_name: 'pulse-jobs' });
  boss.on('error', (e) => log.error({ err: e }, 'job queue error'));
  const outbox = createOutboxWorker(app.db, opts.senders.map((s) => countedSender(s, app.metrics)), { leaseMs: app.config.PULSE_OUTBOX_LEASE, ...opts.outbox }, log);
  const retry = { ...RETRY_POLICY, ...opts.retry };
  const work = opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {};
  try {
    // pg-boss locks its own migrations but not create_queue, which its start runs too (the cron
    // queue): replicas rolled out together on a new database deadlock creating the same queue (its
    // foreign key to the queue table), and the loser would stop after it had said it was listening.
    // One process at a time starts pg-boss and sets the queues up.
    await oneAtATime(app.db, 'pulse-jobs:queues', async () => {
      await boss.start();
      await boss.createQueue(QUEUES.deadLetter);
      // createQueue keeps an existing queue's policy; updateQueue makes this start's policy the one in force.
      for (const name of [QUEUES.digests, QUEUES.certSweep, QUEUES.auditRetention]) {
        await boss.createQueue(name, { name, ...retry });
        await boss.updateQueue(name, { name, ...retry });
      }
      await boss.schedule(QUEUES.digests, DIGEST_TICK_CRON, {}, { tz: 'UTC', ...retry });
      await boss.schedule(QUEUES.certSweep, CERT_SWEEP_CRON, {}, { tz: 'UTC', ...retry });
      await boss.schedule(QUEUES.auditRetention, AUDIT_RETENTION_CRON, {}, { tz: 'UTC', ...retry });
    });

    await boss.work(QUEUES.digests, work, () =>
      app.metrics.jobRun(QUEUES.digests, async () => {
        const summary = await runDigests(app, now());
        if (summary.enqueued > 0) outbox.wake();
        log.info({ ...summary }, 'digests');
      }),
    );
    await boss.work(QUEUES.certSweep, work, () =>
      app.metrics.jobRun(QUEUES.certSweep, async () => {
        const summary = await runCertificationSweep(app, isoDay(now()));
        if (summary.created > 0) outbox.wake();
        log.info({ ...summary }, 'certification sweep');
      }),
    );
    await boss.work(QUEUES.auditRetention, work, () =>
      app.metrics.jobRun(QUEUES.auditRetention, async () => {
        const summary = await enforceAuditRetention(app.db, app.config.PULSE_AUDIT_RETENTION_DAYS, now());
        log.info({ ...summary, retentionDays: app.config.PULSE_AUDIT_RETENTION_DAYS }, 'audit retention');
      }),
    );
  } catch (e) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    return fail('internal', `jobs: cannot start the job queue (${describeError(e)})`);
  }
  // A sweep at start, not only at 06:00 UTC: a fresh embedded start shows its alerts at once. Run
  // in place rather than queued (a short `npm start` would stop before a worker polls); the
  // outbox keys make it harmless next to the day's scheduled one.
  const startup =
    (opts.sweepOnStart ?? true)
      ? runCertificationSweep(app, isoDay(now()))
          .then((summary) => {
            if (summary.created > 0) outbox.wake();
            log.info({ ...summary }, 'certification sweep at start');
          })
          .catch((e: unknown) => log.error({ err: e }, 'certification sweep at start failed'))
      : Promise.resolve();
  outbox.start();
  return ok({
    boss,
    outbox,
    stop: async ({ deadline }: { deadline?: number } = {}) => {
      await startup;
      await outbox.stop(deadline);
      // What is already due goes out before we leave (a short `npm start` included), within reason.
      const more = () => deadline === undefined || Date.now() < deadline;
      for (let i = 0; i < DRAIN_BATCHES && more() && (await outbox.runOnce()).claimed > 0; i++);
      const left = deadline === undefined ? 10_000 : Math.max(1_000, deadline - Date.now());
      await boss.stop({ graceful: true, wait: true, timeout: left });
      for (const sender of opts.senders) await sender.close?.();
    },
  });
}
