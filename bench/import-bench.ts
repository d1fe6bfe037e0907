import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { withClient, withDatabase } from '../db/admin.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedScale } from '../db/seed/scale.ts';
import type { Config } from '../src/config.ts';
import { PULSE_BIN, rssMb } from './proc.ts';

export interface ImportBenchResult {
  rows: number;
  seconds: number;
  fileMb: number;
  /** Peak RSS of the process importing a tenth of the rows. */
  rssSmallMb: number;
  /** Peak RSS of the process importing all of them. */
  rssMaxMb: number;
  ok: boolean;
  detail: string;
}

const DB = 'pulse_bench_import';

/** A revenue CSV of `rows` lines for the given partner names, written as a stream. */
async function writeCsv(file: string, partners: readonly string[], rows: number, prefix: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('external_id,partner,product_line,customer,amount,booked_on\n');
  const lines = ['Cloud', 'Security', 'Data', 'Networking'];
  for (let i = 0; i < rows; i++) {
    const name = (partners[i % partners.length] ?? '').replace(/"/g, '""');
    const day = `2026-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const line = `${prefix}-${i},"${name}",${lines[i % 4]},Customer ${i % 997},${(i % 5000) + 10}.${String(i % 100).padStart(2, '0')},${day}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** One `pulse import revenue FILE` as its own process, as a vendor runs it; its peak RSS sampled. */
async function importProcess(url: string, file: string): Promise<{ seconds: number; rssMaxMb: number; code: number | null; out: string }> {
  const child = spawn(process.execPath, [PULSE_BIN, 'import', 'revenue', file], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  let rssMax = 0;
  const timer = setInterval(() => {
    const r = rssMb(child.pid);
    if (Number.isFinite(r)) rssMax = Math.max(rssMax, r);
  }, 50);
  const t0 = performance.now();
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(timer);
  return { seconds: (performance.now() - t0) / 1000, rssMaxMb: rssMax, code, out: out.trim() };
}

/**
 * `pulse import revenue FILE` run as a child process on `rows` new revenue lines, and on a tenth
 * of them first, in a scratch database of its own (the cached scale set is never changed). Memory
 * is flat when the big file's peak RSS is about the small one's.
 */
export async function importBench(config: Config, adminUrl: string, rows: number, say: (m: string) => void): Promise<ImportBenchResult> {
  const url = withDatabase(adminUrl, DB);
  const dir = await mkdtemp(path.join(tmpdir(), 'pulse-bench-'));
  try {
    await withClient(adminUrl, async (c) => {
      await c.query(`drop database if exists ${DB} with (force)`);
      await c.query(`create database ${DB}`);
    });
    const h = await connect({ databaseUrl: url, dataDir: config.PULSE_DATA_DIR, embeddedPort: config.PULSE_PG_PORT, poolSize: 2 });
    let names: string[];
    try {
      await migrateToLatest(h.db);
      await seedScale(h, { partners: 200, today: '2026-11-23' });
      names = (await h.pool.query<{ name: string }>('select name from partners order by id')).rows.map((r) => r.name);
    } finally {
      await h.close();
    }
    const small = path.join(dir, 'revenue-small.csv');
    const file = path.join(dir, 'revenue.csv');
    const smallRows = Math.max(1, Math.floor(rows / 10));
    await writeCsv(small, names, smallRows, 'SMALL');
    await writeCsv(file, names, rows, 'BENCH');
    const fileMb = (await stat(file)).size / 2 ** 20;
    say(`importing ${smallRows.toLocaleString('en-US')}, then ${rows.toLocaleString('en-US')} revenue rows (${fileMb.toFixed(0)} MB) with pulse import`);
    const first = await importProcess(url, small);
    if (first.code !== 0) return { rows, seconds: first.seconds, fileMb, rssSmallMb: first.rssMaxMb, rssMaxMb: first.rssMaxMb, ok: false, detail: `failed: ${first.out.split('\n').pop() ?? ''}` };
    const big = await importProcess(url, file);
    const last = big.out.split('\n').filter(Boolean).pop() ?? '';
    return { rows, seconds: big.seconds, fileMb, rssSmallMb: first.rssMaxMb, rssMaxMb: big.rssMaxMb, ok: big.code === 0, detail: big.code === 0 ? last : `failed: ${last}` };
  } finally {
    await withClient(adminUrl, (c) => c.query(`drop database if exists ${DB} with (force)`)).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
