import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { startServe, type ServeHandle } from '../../src/cli/commands/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { ingestRoute } from '../../src/import/ingest-route.ts';
import { signBody } from '../../src/import/signature.ts';
import { INGEST_BODY_LIMIT, ingestDeps } from '../../src/import/webhook.ts';
import { startHttpServer } from '../../src/server/http-server.ts';
import { createLogger } from '../../src/log.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, importFile, snapshot } from './helpers.ts';
import { slowUpload } from './slow-upload.ts';

// POST /ingest/<entity> through `pulse serve`'s own HTTP server: real sockets, real headers.

const SECRET = 'whsec_http_7c1d';
const CSV = 'external_id,partner,product_line,customer,amount,booked_on\nH-1,P-1001,Cloud,Fabrikam,"$2,500.00",2026-11-02\nH-2,Northwind Traders,Security,Coho,250,11/03/2026\n';

let app: App;
let serve: ServeHandle;
let url = '';

beforeAll(async () => {
  const handle = await testDb({ demo: false });
  const config = loadConfig({ ...process.env, DATABASE_URL: handle.url, PULSE_INGEST_SECRET: SECRET, SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '' });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  app = opened.value;
  const deps = { pool: app.handle.pool, program: app.program };
  expectOk(await importFile(deps, 'users', `${EXAMPLES}users-vendor-staff.csv`));
  expectOk(await importFile(deps, 'partners', `${EXAMPLES}partners.csv`));
  const served = await startServe(app, { port: 0, host: '127.0.0.1', log: createLogger('silent') });
  if (!served.ok) throw new Error(served.error.message);
  serve = served.value;
  url = `${serve.url}/ingest`;
});

afterAll(async () => {
  await serve?.close();
  await app?.close();
});

const now = () => Math.floor(Date.now() / 1000);

function post(entity: string, body: string | Buffer, opts: { ts?: number; secret?: string | null; type?: string } = {}): Promise<Response> {
  const ts = opts.ts ?? now();
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'text/csv' };
  if (opts.secret !== null) {
    headers['x-pulse-timestamp'] = String(ts);
    headers['x-pulse-signature'] = signBody(opts.secret ?? SECRET, ts, body);
  }
  return fetch(`${url}/${entity}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

async function refused(res: Promise<Response>, status: number, error: RegExp): Promise<void> {
  const before = await snapshot(app.handle.pool);
  const r = await res;
  expect(r.status).toBe(status);
  expect(await r.json()).toEqual({ ok: false, error: expect.stringMatching(error) });
  expect(await snapshot(app.handle.pool)).toEqual(before);
}

describe('POST /ingest/<entity> on pulse serve', () => {
  it('401 for an unsigned, a wrongly signed and a stale request; nothing written', async () => {
    await refused(post('revenue', CSV, { secret: null }), 401, /^unsigned request/);
    await refused(post('revenue', CSV, { secret: 'someone-else' }), 401, /^signature does not match$/);
    await refused(post('revenue', CSV, { ts: now() - 6 * 60 }), 401, /^stale request/);
  });

  it('imports a signed body and answers with the summary; the same body again changes nothing', async () => {
    const ts = now();
    const res = await post('revenue', CSV, { ts });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true, entity: 'revenue', rows: 2, inserted: 2, updated: 0, unchanged: 0, stale: 0 });
    const { rows } = await app.handle.pool.query(`select external_id, amount_cents from revenue where external_id like 'H-%' order by 1`);
    expect(rows).toEqual([
      { external_id: 'H-1', amount_cents: 250000 },
      { external_id: 'H-2', amount_cents: 25000 },
    ]);
    const again = await post('revenue', CSV, { ts: ts - 1 });
    expect(await again.json()).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2 });
  });

  it('A, B, then A again with its original headers: 409, and the amount stays 200.00', async () => {
    const row = (amount: string) => `external_id,partner,product_line,customer,amount,booked_on\nRT-2,P-1001,Cloud,Fabrikam,${amount},2026-11-05\n`;
    const ts = now();
    const a = { ts: ts - 2, body: row('100.00') };
    expect(await (await post('revenue', a.body, { ts: a.ts })).json()).toMatchObject({ ok: true, inserted: 1 });
    expect(await (await post('revenue', row('200.00'), { ts: ts - 1 })).json()).toMatchObject({ ok: true, updated: 1 });
    await refused(post('revenue', a.body, { ts: a.ts }), 409, /^replayed request/);
    const { rows } = await app.handle.pool.query(`select amount_cents from revenue where external_id = 'RT-2'`);
    expect(rows).toEqual([{ amount_cents: 20000 }]);
  });

  it('an unsigned upload announcing 10 MB is refused (401) from its headers, before its body is read', async () => {
    const up = slowUpload(serve.url, '/ingest/revenue', {
      headers: { 'content-type': 'text/csv', 'content-length': String(INGEST_BODY_LIMIT) },
      send: INGEST_BODY_LIMIT - 1,
      chunk: Buffer.alloc(64 * 1024, 0x61),
      everyMs: 20,
    });
    const answer = await up.answer;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: expect.stringMatching(/^unsigned request/) });
    expect(answer.ms).toBeLessThan(2_000);
    expect(up.sent).toBeLessThan(INGEST_BODY_LIMIT / 2);
    up.close();
  });

  it('422 with every bad row, nothing written', async () => {
    const before = await snapshot(app.handle.pool);
    const res = await post('revenue', `${CSV}H-3,P-0000,Cloud,X,12x,2026-13-40\n`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { ok: boolean; errors: { line: number; column: string }[] };
    expect(body.ok).toBe(false);
    expect(body.errors.map((e) => `${e.line}:${e.column}`).sort()).toEqual(['4:amount', '4:booked_on', '4:partner']);
    expect(await snapshot(app.handle.pool)).toEqual(before);
  });

  it('413 past 10 MB (signed or not), 404 for an unknown entity, 405 for GET', async () => {
    const big = Buffer.alloc(INGEST_BODY_LIMIT + 1, 0x61);
    await refused(post('revenue', big), 413, /^body larger than 10 MB; send the rows in several requests$/);
    await refused(post('widgets', CSV), 404, /^unknown entity "widgets"/);
    const get = await fetch(`${url}/revenue`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('413 for a body that is sent chunked (no content-length) and grows past 10 MB', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > INGEST_BODY_LIMIT) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const before = await snapshot(app.handle.pool);
    // Signed in form (a body's signature is only known at its end), so the body is read: and cut off.
    const headers = { 'content-type': 'text/csv', 'x-pulse-timestamp': String(now()), 'x-pulse-signature': `v1=${'0'.repeat(64)}` };
    const res = await fetch(`${url}/revenue`, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await snapshot(app.handle.pool)).toEqual(before);
  });
});

describe('bodies are read to a file, a few at a time, and the file is always removed', () => {
  const CHUNK = Buffer.alloc(64 * 1024, 0x61);
  let spool = '';
  let small: Awaited<ReturnType<typeof startHttpServer>>;

  beforeAll(async () => {
    spool = await mkdtemp(join(tmpdir(), 'pulse-spool-test-'));
    const log = createLogger('silent');
    small = await startHttpServer({ port: 0, host: '127.0.0.1', log, routes: [ingestRoute(ingestDeps(app), log, { maxUnverifiedBodies: 2, spoolDir: spool })] });
  });

  afterAll(async () => {
    await small?.close();
    await rm(spool, { recursive: true, force: true });
  });

  const spooled = () => readdir(spool);
  const until = async (ok: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 10));
  };
  /** Signed in form, with a signature that will not match: only the body's end tells. */
  const forged = (length: number) => ({
    'content-type': 'text/csv',
    'content-length': String(length),
    'x-pulse-timestamp': String(now()),
    'x-pulse-signature': `v1=${'0'.repeat(64)}`,
  });

  it('past the slots, a sender gets 503 with Retry-After at once; slots free up when senders go', async () => {
    const held = [1, 2].map(() => slowUpload(small.url, '/ingest/revenue', { headers: forged(INGEST_BODY_LIMIT), send: 256 * 1024, chunk: CHUNK, everyMs: 5 }));
    await until(async () => (await spooled()).length === 2);
    expect(await spooled()).toHaveLength(2);
    const third = slowUpload(small.url, '/ingest/revenue', { headers: forged(INGEST_BODY_LIMIT), send: INGEST_BODY_LIMIT - 1, chunk: CHUNK, everyMs: 5 });
    const busy = await third.answer;
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('5');
    expect(JSON.parse(busy.body)).toEqual({ ok: false, error: 'too many requests arriving at once; send again in 5 seconds' });
    third.close();
    for (const h of held) h.close();
    await until(async () => (await spooled()).length === 0);
    expect(await spooled()).toEqual([]);
    const ts = now();
    const res = await fetch(`${small.url}/ingest/revenue`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-pulse-timestamp': String(ts), 'x-pulse-signature': signBody(SECRET, ts, `${CSV}\n`) },
      body: `${CSV}\n`,
    });
    expect(res.status).toBe(200);
    expect(await spooled()).toEqual([]);
  });

  it('a forged signature is found at the body\'s end: 401, and the file is gone', async () => {
    const body = 'x'.repeat(300_000);
    const up = slowUpload(small.url, '/ingest/revenue', { headers: forged(body.length), send: body.length, chunk: CHUNK, everyMs: 1 });
    expect((await up.answer).status).toBe(401);
    expect(JSON.parse((await up.answer).body)).toEqual({ ok: false, error: 'signature does not match' });
    up.close();
    expect(await spooled()).toEqual([]);
  });

  it('past 10 MB sent chunked: 413, and the file is gone', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > INGEST_BODY_LIMIT) return controller.close();
        sent += CHUNK.length;
        controller.enqueue(CHUNK);
      },
    });
    const headers = { 'content-type': 'text/csv', 'x-pulse-timestamp': String(now()), 'x-pulse-signature': `v1=${'0'.repeat(64)}` };
    const res = await fetch(`${small.url}/ingest/revenue`, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await spooled()).toEqual([]);
  });
});
