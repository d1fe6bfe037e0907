// The figures in docs/scaling.md ("Read replica: what was run"): answer latency on a hot standby
// against the primary, and the standby's replay lag while `pulse import` loads revenue rows.
// Not a test; run by hand: `npx tsx test/db/replica-figures.ts [ROWS]` (default 1,000,000).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PULSE_BIN } from '../../bench/proc.ts';
import { percentile } from '../../bench/stats.ts';
import { createDb } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { openApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { answer } from '../../src/core/answer.ts';
import { readReplicaLag } from '../../src/db/replica-lag.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { caughtUp, queryOn, startStreamingPair } from '../helpers/streaming-pair.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ANSWERS = 200;
const ASKS: Array<[string, string]> = [
  ['owner@northwind.example', 'how close am I to Gold tier?'],
  ['owner@northwind.example', 'what was our revenue last quarter compared to the quarter before?'],
  ['manager@contoso.example', 'how is Fabrikam doing?'],
  ['manager@contoso.example', 'rank my partners by revenue'],
];

async function openOn(primaryUrl: string, readUrl: string | undefined): Promise<App> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: primaryUrl, ...(readUrl ? { DATABASE_READ_URL: readUrl } : {}) });
  if (!config.ok) throw new Error(config.error.message);
  const app = await openApp(config.value);
  if (!app.ok) throw new Error(app.error.message);
  return app.value;
}

/** One answer's time in milliseconds; the i-th of the four questions in turn. */
async function timeAnswer(app: App, i: number): Promise<number> {
  const [email, text] = ASKS[i % ASKS.length] ?? ['owner@northwind.example', 'how close am I to Gold tier?'];
  const t0 = performance.now();
  const r = await answer(app, { ...consoleIdentity(email), text });
  if (r.outcome !== 'ok') throw new Error(`${text}: ${r.outcome}`);
  return performance.now() - t0;
}

/**
 * `ANSWERS` answers on each app (after 20 unmeasured), taken in turn (one on the standby, the same
 * on the primary) so a busy moment of the machine weighs on both alike.
 */
async function timeAnswers(standby: App, primary: App): Promise<{ standby: number[]; primary: number[] }> {
  const ms = { standby: [] as number[], primary: [] as number[] };
  for (let i = 0; i < ANSWERS + 20; i++) {
    const s = await timeAnswer(standby, i);
    const p = await timeAnswer(primary, i);
    if (i >= 20) {
      ms.standby.push(s);
      ms.primary.push(p);
    }
  }
  return ms;
}

async function writeCsv(file: string, partners: readonly string[], rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('external_id,partner,product_line,customer,amount,booked_on\n');
  for (let i = 0; i < rows; i++) {
    const name = (partners[i % partners.length] ?? '').replace(/"/g, '""');
    const day = `2026-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    if (!out.write(`LAG-${i},"${name}",Cloud,Customer ${i % 997},${(i % 5000) + 10}.00,${day}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main(): Promise<void> {
  const pair = await startStreamingPair({ durable: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'pulse-replica-figures-'));
  try {
    const { db } = createDb(pair.primaryUrl, 2);
    await migrateToLatest(db);
    await seedDemo(db, process.env.PULSE_NOW ?? '2026-11-23');
    const names = (await db.selectFrom('partners').select('name').orderBy('id').execute()).map((r) => r.name);
    await db.destroy();
    await caughtUp(pair.primaryUrl, pair.standbyUrl);

    // Answers: the same 200 questions on an app reading the standby and on one reading the primary.
    const onStandby = await openOn(pair.primaryUrl, pair.standbyUrl);
    if (onStandby.replica?.state().kind !== 'serving') throw new Error('the standby is not serving answers');
    const onPrimary = await openOn(pair.primaryUrl, undefined);
    const { standby: standbyMs, primary: primaryMs } = await timeAnswers(onStandby, onPrimary);
    await onStandby.close();
    await onPrimary.close();
    console.log(`answers (${ANSWERS} each): standby p50 ${fmt(percentile(standbyMs, 50))} ms p95 ${fmt(percentile(standbyMs, 95))} ms; primary p50 ${fmt(percentile(primaryMs, 50))} ms p95 ${fmt(percentile(primaryMs, 95))} ms`);

    // Lag under an import: the standby's own measure (what the router uses) and the primary's view
    // of the standby (pg_stat_replication: bytes not yet replayed, and its replay_lag), every 100 ms.
    const file = path.join(dir, 'revenue.csv');
    await writeCsv(file, names, ROWS);
    const standby = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pair.standbyUrl, max: 1 }) }) });
    const primary = new pg.Pool({ connectionString: pair.primaryUrl, max: 1 });
    let maxLagMs = 0;
    let maxBytes = 0;
    let maxReplayLag = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxLagMs = Math.max(maxLagMs, await readReplicaLag(standby));
        const { rows } = await primary.query<{ bytes: number | null; replay: number | null }>(
          `select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 as bytes,
                  extract(epoch from replay_lag)::float8 * 1000 as replay from pg_stat_replication`,
        );
        maxBytes = Math.max(maxBytes, rows[0]?.bytes ?? 0);
        maxReplayLag = Math.max(maxReplayLag, rows[0]?.replay ?? 0);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const t0 = performance.now();
    const child = spawn(process.execPath, [PULSE_BIN, 'import', 'revenue', file], { env: { ...process.env, DATABASE_URL: pair.primaryUrl, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
    const [code] = (await once(child, 'exit')) as [number | null];
    const importS = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`pulse import exited ${code}`);
    const t1 = performance.now();
    await caughtUp(pair.primaryUrl, pair.standbyUrl, 300_000);
    const catchUpMs = performance.now() - t1;
    sampling = false;
    await sampler;
    const [count] = await queryOn<{ n: number }>(pair.standbyUrl, `select count(*)::int as n from revenue where external_id like 'LAG-%'`);
    console.log(
      `import ${ROWS.toLocaleString('en-US')} revenue rows: ${fmt(importS)} s; standby caught up ${fmt(catchUpMs, 0)} ms after it ended with ${count?.n ?? 0} rows; ` +
        `max lag (standby's measure) ${fmt(maxLagMs / 1000)} s, max WAL not yet replayed ${fmt(maxBytes / 2 ** 20)} MB, max replay_lag (primary's view) ${fmt(maxReplayLag, 0)} ms`,
    );
    await standby.destroy();
    await primary.end();
  } finally {
    await pair.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
