import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { startJobs, type Jobs } from '../../src/jobs/runtime.ts';
import { deadJobs } from '../../src/notifications/admin.ts';
import { consoleSender } from '../../src/notifications/console-sender.ts';
import { runCli } from '../cli/run-cli.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { pause } from './outbox-helpers.ts';

// The job queue itself (pg-boss in the app's database): a queued sweep runs the real sweep; a job
// that keeps failing is retried, then shows up, with its error, in `pulse notifications --failed`.
let handle: DbHandle;
let app: App;
let jobs: Jobs;

async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

beforeAll(async () => {
  handle = await testDb({ demo: true });
  app = await appFor(handle);
  const started = await startJobs(app, {
    senders: [consoleSender()],
    sweepOnStart: false,
    pollingIntervalSeconds: 0.5,
    retry: { retryLimit: 1, retryDelay: 1, retryBackoff: false },
    outbox: { pollMs: 50 },
  });
  if (!started.ok) throw new Error(started.error.message);
  jobs = started.value;
});
afterAll(async () => {
  await jobs?.stop();
  await handle?.close();
});

describe('jobs', () => {
  it('runs a queued certification sweep and delivers its alerts through the outbox', async () => {
    expect(await handle.db.selectFrom('notifications').select('id').execute()).toEqual([]);
    await jobs.boss.send(QUEUES.certSweep, {});
    await waitFor('the sweep to send its alerts', async () => {
      const rows = await handle.db.selectFrom('notifications').select(['kind', 'status']).execute();
      return rows.length > 0 && rows.every((r) => r.kind === 'cert_expiry' && r.status === 'sent');
    });
  });

  it('retries a failing job, then lists it with its error in pulse notifications --failed', async () => {
    // A real failure inside the real handler: the table the sweep reads is gone.
    await sql`alter table certifications rename to certifications_away`.execute(handle.db);
    try {
      const id = await jobs.boss.send(QUEUES.certSweep, {});
      await waitFor('the job to use up its retries', async () => (await deadJobs(handle.db)).some((d) => d.id === id));
      const dead = (await deadJobs(handle.db)).find((d) => d.id === id);
      expect(dead).toMatchObject({ queue: QUEUES.certSweep, attempts: 2 });
      expect(dead?.error).toMatch(/certifications/);
      const copies = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${QUEUES.deadLetter}`.execute(handle.db);
      expect(copies.rows[0]?.n).toBe(1);
    } finally {
      await sql`alter table certifications_away rename to certifications`.execute(handle.db);
    }
    const cli = await runCli(['notifications', '--failed'], { DATABASE_URL: handle.url });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/Dead-letter jobs \(1\):\n {2}pulse-cert-sweep {2}failed \S+ after 2 attempts/);
    expect(cli.stdout).toMatch(/last error: .*certifications/);
  });
});
