import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { openApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { answer } from '../../src/core/answer.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { caughtUp, queryOn, startStreamingPair, type StreamingPair } from '../helpers/streaming-pair.ts';

// Answers on a real streaming replica: a primary and a hot standby made here with the machine's
// PostgreSQL binaries (never skipped: without them beforeAll fails with one line saying what is
// missing). Each check moves the data on the primary and watches where the answer read it.

const OWNER = 'owner@northwind.example';
const QUESTION = 'what was our revenue last quarter?';
const ask = (app: App) => answer(app, { ...consoleIdentity(OWNER), text: QUESTION });

let pair: StreamingPair;
const apps: App[] = [];
/** How many imports this file has written (each one a new data_sources row and revenue line). */
let writes = 0;

async function appOn(maxLagSeconds: string): Promise<App> {
  const config = loadConfig({ ...process.env, DATABASE_URL: pair.primaryUrl, DATABASE_READ_URL: pair.standbyUrl, PULSE_MAX_REPLICA_LAG: maxLagSeconds });
  if (!config.ok) throw new Error(config.error.message);
  const app = await openApp(config.value);
  if (!app.ok) throw new Error(app.error.message);
  apps.push(app.value);
  return app.value;
}

/** An "import" on the primary: a large revenue line last quarter and a newer asOf. Returns that asOf. */
async function importOnPrimary(): Promise<string> {
  writes += 1;
  const [row] = await queryOn<{ as_of: Date }>(
    pair.primaryUrl,
    `with nw as (select id from partners where name = 'Northwind Traders'),
          r as (insert into revenue (partner_id, product_line, customer, amount_cents, booked_on)
                select id, 'Cloud', 'Replica Test ' || $1::int, 123456700, '2026-08-14' from nw)
     insert into data_sources (entity, source, rows, as_of)
     select 'revenue', 'import', 1, max(as_of) + interval '1 hour' from data_sources
     returning as_of`,
    [writes],
  );
  if (!row) throw new Error('no data_sources row written');
  return row.as_of.toISOString();
}

const pauseReplay = async () => {
  await queryOn(pair.standbyUrl, 'select pg_wal_replay_pause()');
  await until(async () => (await queryOn<{ s: string }>(pair.standbyUrl, 'select pg_get_wal_replay_pause_state() as s'))[0]?.s === 'paused', 'replay paused');
};
const resumeReplay = () => queryOn(pair.standbyUrl, 'select pg_wal_replay_resume()');

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const detail = async (app: App): Promise<string> => {
  const [check] = app.readinessChecks;
  const ready = check ? await check() : { ok: false as const, reason: 'no replica check' };
  return ready.ok ? (ready.detail ?? '') : `not ready: ${ready.reason}`;
};

beforeAll(async () => {
  pair = await startStreamingPair();
  // Migrated and seeded on the primary only: the standby receives all of it by streaming.
  const { db } = createDb(pair.primaryUrl, 2);
  try {
    await migrateToLatest(db);
    await seedDemo(db, '2026-11-23');
  } finally {
    await db.destroy();
  }
  await caughtUp(pair.primaryUrl, pair.standbyUrl);
}, 90_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await pair?.destroy();
});

describe('answers on a streaming replica (a real primary and hot standby on loopback)', () => {
  it('read from the standby: with replay paused, a write on the primary is not in the answer; once replay resumes, it is', async () => {
    const app = await appOn('60');
    expect(app.replica?.state().kind).toBe('serving');
    expect(await detail(app)).toMatch(/^replica lag \d+\.\d s$/);
    const before = await ask(app);
    expect(before.outcome).toBe('ok');

    await pauseReplay();
    const newer = await importOnPrimary();
    const during = await ask(app);
    expect(during.outcome).toBe('ok');
    // The standby's own data_sources and figures: the older asOf and the same revenue.
    expect(during.reply.asOf).toBe(before.reply.asOf);
    expect(during.reply.summary).toBe(before.reply.summary);
    expect(newer > before.reply.asOf).toBe(true);

    await resumeReplay();
    await caughtUp(pair.primaryUrl, pair.standbyUrl);
    const after = await ask(app);
    expect(after.outcome).toBe('ok');
    expect(after.reply.asOf).toBe(newer);
    expect(after.reply.summary).not.toBe(before.reply.summary);
    // Every answer was audited on the primary (the standby is read-only: a write there would have failed).
    const [audited] = await queryOn<{ n: number }>(pair.primaryUrl, `select count(*)::int as n from audit_log where text = $1`, [QUESTION]);
    expect(audited?.n).toBe(3);
  });

  it('replay paused past PULSE_MAX_REPLICA_LAG: answers read from the primary, /readyz and the metric say so; back on the standby once it catches up', async () => {
    const app = await appOn('1');
    expect(app.replica?.state().kind).toBe('serving');
    await pauseReplay();
    const newer = await importOnPrimary();
    await until(() => app.replica?.state().kind === 'lagging', 'the router to see the lag', 8000);
    expect(await detail(app)).toMatch(/^replica lag \d+\.\d s, past 1\.0 s: answers read from the primary$/);

    const lagging = await ask(app);
    expect(lagging.outcome).toBe('ok');
    expect(lagging.reply.asOf).toBe(newer);
    const metrics = await app.metrics.registry.metrics();
    expect(metrics).toMatch(/pulse_replica_fallbacks_total\{reason="lag"\} [1-9]/);
    expect(metrics).toMatch(/pulse_replica_serving 0/);

    await resumeReplay();
    await caughtUp(pair.primaryUrl, pair.standbyUrl);
    await until(() => app.replica?.state().kind === 'serving', 'the router to see the standby caught up', 5000);
    const back = await ask(app);
    expect(back.reply.asOf).toBe(newer);
    expect(await app.metrics.registry.metrics()).toMatch(/pulse_replica_serving 1/);
  });

  it('the standby stopped mid-run (immediate shutdown) costs no failed answer; /readyz stays ready and says the primary serves', async () => {
    const app = await appOn('60');
    const asOf = (await ask(app)).reply.asOf;
    expect(app.replica?.state().kind).toBe('serving');
    await pair.stopStandby();
    // Asked at once, before the next lag probe: these reads find the standby gone and move to the primary.
    const answers = await Promise.all(Array.from({ length: 6 }, () => ask(app)));
    for (const r of answers) {
      expect(r.outcome).toBe('ok');
      expect(r.reply.asOf).toBe(asOf);
    }
    await until(() => app.replica?.state().kind === 'down', 'the router to mark the standby down', 5000);
    expect(await app.metrics.registry.metrics()).toMatch(/pulse_replica_fallbacks_total\{reason="down"\} [1-9]/);
    expect(await detail(app)).toMatch(/^replica down \(.+\): answers read from the primary$/);
    const later = await ask(app);
    expect(later.outcome).toBe('ok');
  });
});
