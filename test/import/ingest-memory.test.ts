import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNVERIFIED_BODIES } from '../../src/import/ingest-route.ts';
import { signBody } from '../../src/import/signature.ts';
import { INGEST_BODY_LIMIT } from '../../src/import/webhook.ts';
import { testDb } from '../helpers/db.ts';
import { slowUpload, type SlowUpload } from './slow-upload.ts';

// The attack on `pulse serve` that took it from 165 MB to 561 MB: forty connections each
// announcing a 10 MB body and holding back its last bytes. The server runs in a process of its
// own, started as an operator would (`pulse serve`), so its resident memory is its alone.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'whsec_memory_51e0';
const SENDERS = 40;
const BUDGET = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
/**
 * What each forged sender sends of its announced 10 MB. Bodies being read pass through node's
 * 64 KiB read buffers, garbage until the next collection: 8 × 5 MB keeps that part of the peak
 * well inside the budget, while 40 bodies held in memory (the old server) would be 200 MB.
 */
const FORGED_SENT = 5 * 1024 * 1024;

let server: ChildProcess | undefined;
let url = '';
let spool = '';

/** Resident set size of a process, in bytes. */
function rss(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) throw new Error('this test reads /proc/<pid>/status (Linux)');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(status, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
/** Bodies being spooled (tsx keeps its cache in the same temporary directory). */
const spooled = async () => (await readdir(spool)).filter((f) => f.startsWith('pulse-ingest-'));

/** Samples the server's RSS every 20 ms until `stop` resolves; the highest seen. */
async function peakWhile(pid: number, stop: Promise<unknown>): Promise<number> {
  let peak = rss(pid);
  let done = false;
  void stop.finally(() => (done = true));
  while (!done) {
    peak = Math.max(peak, rss(pid));
    await pause(20);
  }
  return Math.max(peak, rss(pid));
}

async function idleRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    samples.push(rss(pid));
    await pause(50);
  }
  return median(samples);
}

async function signedPost(body: string, ts = Math.floor(Date.now() / 1000)): Promise<number> {
  const res = await fetch(`${url}/ingest/partners`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-pulse-timestamp': String(ts), 'x-pulse-signature': signBody(SECRET, ts, body) },
    body,
  });
  await res.text();
  return res.status;
}

beforeAll(async () => {
  const db = await testDb({ demo: false });
  spool = await mkdtemp(join(tmpdir(), 'pulse-memory-test-'));
  const child = spawn(process.execPath, ['--max-old-space-size=288', '--max-semi-space-size=32', join(ROOT, 'bin/pulse.mjs'), 'serve', '--port', '0', '--host', '127.0.0.1', '--no-jobs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PULSE_INGEST_SECRET: SECRET,
      // Bodies are spooled here: the test can see them come and go.
      TMPDIR: spool,
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
      MICROSOFT_APP_ID: '',
      MICROSOFT_APP_PASSWORD: '',
      LOG_LEVEL: 'silent',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server = child;
  url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`pulse serve exited (${code}): ${err}`)));
  });
  // Warm up every path the attack takes, and one real import, so lazy loading is not counted.
  const partners = 'external_id,name,tier,type,region,joined_on\nM-1,Memory Test Co,Silver,reseller,EMEA,2026-01-05\n';
  expect(await signedPost(partners)).toBe(200);
  const warm = slowUpload(url, '/ingest/partners', { headers: { 'content-type': 'text/csv', 'content-length': '10' }, send: 0, chunk: CHUNK, everyMs: 1 });
  expect((await warm.answer).status).toBe(401);
  warm.close();
  await pause(1_000);
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, pause(15_000)]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (spool) await rm(spool, { recursive: true, force: true });
});

describe('pulse serve under slow 10 MB uploads', () => {
  it(`${SENDERS} unsigned uploads each announcing 10 MB and holding back bytes: each 401 at once, RSS within 50 MB of idle`, async () => {
    const pid = server!.pid!;
    const idle = await idleRss(pid);
    const uploads: SlowUpload[] = [];
    for (let i = 0; i < SENDERS; i++) {
      uploads.push(
        slowUpload(url, '/ingest/revenue', {
          headers: { 'content-type': 'text/csv', 'content-length': String(INGEST_BODY_LIMIT) },
          send: INGEST_BODY_LIMIT - 1024,
          chunk: CHUNK,
          everyMs: 2,
        }),
      );
    }
    const answers = Promise.all(uploads.map((u) => u.answer));
    // Keep watching a while after the last answer: the server grew further after its 401s.
    const peak = await peakWhile(pid, answers.then(() => pause(1_000)));
    const got = await answers;
    for (const u of uploads) u.close();
    expect(got.map((a) => a.status)).toEqual(new Array(SENDERS).fill(401));
    expect(Math.max(...got.map((a) => a.ms)), 'slowest 401 (ms)').toBeLessThan(3_000);
    expect(peak - idle, `idle ${mb(idle)}, peak ${mb(peak)}`).toBeLessThan(BUDGET);
  }, 90_000);

  it(`${SENDERS} uploads signed in form but forged: ${MAX_UNVERIFIED_BODIES} are read to disk, not memory; the rest get 503 at once`, async () => {
    const pid = server!.pid!;
    const idle = await idleRss(pid);
    const ts = String(Math.floor(Date.now() / 1000));
    const uploads: SlowUpload[] = [];
    for (let i = 0; i < SENDERS; i++) {
      uploads.push(
        slowUpload(url, '/ingest/revenue', {
          headers: { 'content-type': 'text/csv', 'content-length': String(INGEST_BODY_LIMIT), 'x-pulse-timestamp': ts, 'x-pulse-signature': `v1=${'0'.repeat(64)}` },
          send: FORGED_SENT,
          chunk: CHUNK,
          everyMs: 2,
        }),
      );
    }
    const spooledBytes = async () => {
      let n = 0;
      for (const f of await spooled()) n += (await stat(join(spool, f)).catch(() => ({ size: 0 }))).size;
      return n;
    };
    // Until the bodies being read are all but complete (or 30 s).
    const allButComplete = (async () => {
      const want = MAX_UNVERIFIED_BODIES * FORGED_SENT;
      for (let i = 0; i < 1_500 && (await spooledBytes()) < want; i++) await pause(20);
    })();
    const peak = await peakWhile(pid, allButComplete.then(() => pause(500)));
    const refusedAtOnce = uploads.filter((u) => u.sent < FORGED_SENT);
    const busy = await Promise.all(refusedAtOnce.map((u) => u.answer));
    expect(busy.map((a) => a.status)).toEqual(new Array(SENDERS - MAX_UNVERIFIED_BODIES).fill(503));
    expect(Math.max(...busy.map((a) => a.ms)), 'slowest 503 (ms)').toBeLessThan(3_000);
    expect(await spooled()).toHaveLength(MAX_UNVERIFIED_BODIES);
    expect(await spooledBytes()).toBe(MAX_UNVERIFIED_BODIES * FORGED_SENT);
    expect(peak - idle, `idle ${mb(idle)}, peak ${mb(peak)}`).toBeLessThan(BUDGET);
    // The senders give up: their files go with them, and the server takes requests again.
    for (const u of uploads) u.close();
    for (let i = 0; i < 200 && (await spooled()).length > 0; i++) await pause(20);
    expect(await spooled()).toEqual([]);
    expect(await signedPost('external_id,name,tier,type,region,joined_on\nM-1,Memory Test Co,Gold,reseller,EMEA,2026-01-05\n')).toBe(200);
  }, 90_000);
});
