import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedScale } from '../db/seed/scale.ts';
import type { Config } from '../src/config.ts';
import { importData } from '../src/import/run-import.ts';
import type { Program } from '../src/program/schema.ts';

export interface ImportBenchResult {
  rows: number;
  seconds: number;
  fileMb: number;
  rssStartMb: number;
  rssMaxMb: number;
  ok: boolean;
  detail: string;
}

const DB = 'pulse_bench_import';

/** A revenue CSV of `rows` lines for the given partner names, written as a stream. */
async function writeCsv(file: string, partners: readonly string[], rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('external_id,partner,product_line,customer,amount,booked_on\n');
  const lines = ['Cloud', 'Security', 'Data', 'Networking'];
  for (let i = 0; i < rows; i++) {
    const name = (partners[i % partners.length] ?? '').replace(/"/g, '""');
    const day = `2026-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const line = `BENCH-${i},"${name}",${lines[i % 4]},Customer ${i % 997},${(i % 5000) + 10}.${String(i % 100).padStart(2, '0')},${day}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * `pulse import revenue FILE`'s code path on `rows` new revenue lines, in a scratch database of its
 * own (so the cached scale set is never changed), watching this process's RSS while it runs.
 */
export async function importBench(config: Config, program: Program, adminUrl: string, rows: number, say: (m: string) => void): Promise<ImportBenchResult> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const url = new URL(adminUrl);
  url.pathname = `/${DB}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'pulse-bench-'));
  try {
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.query(`create database ${DB}`);
    const h = await connect({ databaseUrl: url.toString(), dataDir: config.PULSE_DATA_DIR, embeddedPort: config.PULSE_PG_PORT, poolSize: 2 });
    try {
      await migrateToLatest(h.db);
      await seedScale(h, { partners: 200, today: '2026-11-23' });
      const names = (await h.pool.query<{ name: string }>('select name from partners order by id')).rows.map((r) => r.name);
      const file = path.join(dir, 'revenue.csv');
      await writeCsv(file, names, rows);
      const fileMb = (await stat(file)).size / 2 ** 20;
      say(`importing ${rows.toLocaleString('en-US')} revenue rows (${fileMb.toFixed(0)} MB)`);
      global.gc?.();
      const rssStart = process.memoryUsage().rss;
      let rssMax = rssStart;
      const timer = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
      const t0 = performance.now();
      try {
        const outcome = await importData(
          { pool: h.pool, program },
          { entity: 'revenue', format: 'csv', input: createReadStream(file, { highWaterMark: 1 << 18 }), fileName: file, source: 'import' },
        );
        const seconds = (performance.now() - t0) / 1000;
        const detail = outcome.ok
          ? `${outcome.summary.inserted.toLocaleString('en-US')} inserted`
          : `failed: ${outcome.problems[0]?.message ?? 'unknown problem'}`;
        return { rows, seconds, fileMb, rssStartMb: rssStart / 2 ** 20, rssMaxMb: rssMax / 2 ** 20, ok: outcome.ok && outcome.summary.inserted === rows, detail };
      } finally {
        clearInterval(timer);
      }
    } finally {
      await h.close();
    }
  } finally {
    await admin.query(`drop database if exists ${DB} with (force)`).catch(() => {});
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}
