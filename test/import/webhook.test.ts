import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connect.ts';
import { REPLAY_KEEP_SECONDS } from '../../src/import/replays.ts';
import { signBody } from '../../src/import/signature.ts';
import { handleIngest, ingestVerified, INGEST_BODY_LIMIT, type IngestDeps, type IngestRequest } from '../../src/import/webhook.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, importFile, snapshot, testProgram } from './helpers.ts';

// POST /ingest/<entity>, called the way the HTTP server will: raw body bytes and Node's lower-cased
// headers in, status and JSON body out.

const SECRET = 'whsec_test_3f9a';
const NOW = 1_790_000_000;
const CSV = 'external_id,partner,product_line,customer,amount,booked_on\nW-1,P-1001,Cloud,Fabrikam,"$1,500.00",2026-11-02\nW-2,Northwind Traders,Security,Coho,250,11/03/2026\n';

function signed(entity: string, body: string | Buffer, opts: { ts?: number; secret?: string; type?: string } = {}): IngestRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const ts = opts.ts ?? NOW;
  return {
    entity,
    rawBody,
    headers: {
      'content-type': opts.type ?? 'text/csv',
      'x-pulse-timestamp': String(ts),
      'x-pulse-signature': signBody(opts.secret ?? SECRET, ts, rawBody),
    },
  };
}

describe('handleIngest', () => {
  let deps: IngestDeps;
  let url = '';

  beforeAll(async () => {
    const h = await testDb({ demo: false });
    url = h.url;
    deps = { pool: h.pool, program: testProgram(), secret: SECRET, nowSeconds: () => NOW };
    expectOk(await importFile(deps, 'users', join(EXAMPLES, 'users-vendor-staff.csv')));
    expectOk(await importFile(deps, 'partners', join(EXAMPLES, 'partners.csv')));
  });

  async function rejected(req: IngestRequest, status: number, error: RegExp): Promise<void> {
    const before = await snapshot(deps.pool);
    const res = await handleIngest(deps, req);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ ok: false, error: expect.stringMatching(error) });
    expect(await snapshot(deps.pool)).toEqual(before);
  }

  it('refuses an unsigned request with 401, nothing written', async () => {
    await rejected({ entity: 'revenue', rawBody: Buffer.from(CSV), headers: { 'content-type': 'text/csv' } }, 401, /^unsigned request/);
  });

  it('refuses a wrong signature with 401: another secret, a changed body, a malformed value', async () => {
    await rejected(signed('revenue', CSV, { secret: 'not-the-secret' }), 401, /^signature does not match$/);
    const tampered = signed('revenue', CSV);
    await rejected({ ...tampered, rawBody: Buffer.from(CSV.replace('1,500.00', '9,500.00')) }, 401, /^signature does not match$/);
    await rejected({ ...tampered, headers: { ...tampered.headers, 'x-pulse-signature': 'v1=zz' } }, 401, /^x-pulse-signature has no v1=<64 hex digits> value/);
    await rejected({ ...tampered, headers: { ...tampered.headers, 'x-pulse-signature': 'sha256=abc' } }, 401, /^x-pulse-signature has no v1=/);
    // A signature made for another timestamp does not carry over.
    await rejected({ ...tampered, headers: { ...tampered.headers, 'x-pulse-timestamp': String(NOW - 1) } }, 401, /^signature does not match$/);
  });

  it('refuses a stale or a future timestamp (more than 5 minutes either way) with 401, even when correctly signed', async () => {
    await rejected(signed('revenue', CSV, { ts: NOW - 301 }), 401, /^stale request: x-pulse-timestamp is more than 5 minutes old/);
    await rejected(signed('revenue', CSV, { ts: NOW + 301 }), 401, /^future request: x-pulse-timestamp is more than 5 minutes ahead/);
    await rejected(signed('revenue', CSV, { ts: NOW + 10 * 60 }), 401, /^future request/);
    await rejected(signed('revenue', CSV, { ts: 0 }), 401, /^stale request/);
  });

  it('accepts a good signature: 200 with the summary; the same request again is a replay (409), a new signature is not', async () => {
    const first = signed('revenue', CSV, { ts: NOW - 299 });
    const res = await handleIngest(deps, first);
    expect(res).toEqual({ status: 200, body: { ok: true, entity: 'revenue', rows: 2, inserted: 2, updated: 0, unchanged: 0, stale: 0 } });
    const { rows } = await deps.pool.query(`select external_id, amount_cents, booked_on from revenue order by 1`);
    expect(rows).toEqual([
      { external_id: 'W-1', amount_cents: 150000, booked_on: '2026-11-02' },
      { external_id: 'W-2', amount_cents: 25000, booked_on: '2026-11-03' },
    ]);
    const ds = await deps.pool.query(`select entity, source, file_name, rows from data_sources where source = 'webhook'`);
    expect(ds.rows).toEqual([{ entity: 'revenue', source: 'webhook', file_name: null, rows: 2 }]);
    await rejected(first, 409, /^replayed request: this signature was used before; sign each request, retries too, with a new x-pulse-timestamp$/);
    const again = await handleIngest(deps, signed('revenue', CSV, { ts: NOW - 298 }));
    expect(again.body).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2 });
  });

  it('accepts JSON lines by content type, and one of several signatures (secret rotation)', async () => {
    const body = '{"external_id":"L-W1","partner":"P-1002","created_on":"2026-11-01","converted_on":null}\n';
    const req = signed('leads', body, { type: 'application/x-ndjson; charset=utf-8' });
    req.headers = { ...req.headers, 'x-pulse-signature': `${signBody('old-secret', NOW, body)}, ${String(req.headers['x-pulse-signature'])}` };
    const res = await handleIngest(deps, req);
    expect(res).toEqual({ status: 200, body: { ok: true, entity: 'leads', rows: 1, inserted: 1, updated: 0, unchanged: 0, stale: 0 } });
  });

  it('answers bad rows with 422 and every problem, nothing written', async () => {
    const before = await snapshot(deps.pool);
    const body = `${CSV}W-3,P-0000,Cloud,X,12x,2026-11-04\n`;
    const res = await handleIngest(deps, signed('revenue', body));
    expect(res).toEqual({
      status: 422,
      body: {
        ok: false,
        error: '2 problems; nothing was written',
        entity: 'revenue',
        rows: 3,
        errors: [
          { line: 4, column: 'amount', value: '12x', message: 'not an amount' },
          { line: 4, column: 'partner', value: 'P-0000', message: 'no partner with that external_id or name' },
        ],
      },
    });
    expect(await snapshot(deps.pool)).toEqual(before);
  });

  it('404 for an unknown entity, 413 past 10 MB, 415 for another content type, 503 without a secret', async () => {
    await rejected(signed('widgets', CSV), 404, /^unknown entity "widgets"/);
    const big = Buffer.alloc(INGEST_BODY_LIMIT + 1, 0x61);
    await rejected(signed('revenue', big), 413, /^body larger than 10 MB; send the rows in several requests$/);
    await rejected(signed('revenue', CSV, { type: 'application/xml' }), 415, /^content-type must be/);
    const before = await snapshot(deps.pool);
    const res = await handleIngest({ ...deps, secret: undefined }, signed('revenue', CSV));
    expect(res.status).toBe(503);
    expect(await snapshot(deps.pool)).toEqual(before);
  });

  describe('replays', () => {
    const RT = (amount: string) => `external_id,partner,product_line,customer,amount,booked_on\nRT-2,P-1001,Cloud,Fabrikam,${amount},2026-11-05\n`;
    const amountOf = async (id: string) =>
      (await deps.pool.query<{ amount_cents: number }>('select amount_cents from revenue where external_id = $1', [id])).rows[0]?.amount_cents;

    it('A, B, then A again with its original headers: 409, and the amount stays B', async () => {
      const a = signed('revenue', RT('100.00'), { ts: NOW - 20 });
      const b = signed('revenue', RT('200.00'), { ts: NOW - 10 });
      expect(await handleIngest(deps, a)).toMatchObject({ status: 200, body: { inserted: 1 } });
      expect(await handleIngest(deps, b)).toMatchObject({ status: 200, body: { updated: 1 } });
      expect(await amountOf('RT-2')).toBe(20000);
      await rejected(a, 409, /^replayed request/);
      expect(await amountOf('RT-2')).toBe(20000);
    });

    it('several instances agree: a request accepted by one is a replay at another', async () => {
      const other = createDb(url, 2);
      try {
        const req = signed('revenue', RT('300.00').replace(/RT-2/g, 'RT-3'), { ts: NOW - 5 });
        expect((await handleIngest(deps, req)).status).toBe(200);
        const there = await handleIngest({ ...deps, pool: other.pool }, req);
        expect(there.status).toBe(409);
        // Two at once: one is imported, the other refused.
        const both = signed('revenue', RT('400.00').replace(/RT-2/g, 'RT-4'), { ts: NOW - 4 });
        const answers = await Promise.all([handleIngest(deps, both), handleIngest({ ...deps, pool: other.pool }, both)]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      } finally {
        await other.db.destroy();
      }
    });

    it('keeps a signature twice the timestamp window, then prunes it as new ones come in', async () => {
      const req = signed('revenue', RT('500.00').replace(/RT-2/g, 'RT-5'), { ts: NOW - 1 });
      expect((await handleIngest(deps, req)).status).toBe(200);
      const { rows } = await deps.pool.query<{ left: number }>(
        `select extract(epoch from expires_at)::int - $1::int as left from ingest_replays where signature = $2`,
        [NOW - 1, signBody(SECRET, NOW - 1, req.rawBody).slice(3)],
      );
      expect(rows).toEqual([{ left: REPLAY_KEEP_SECONDS }]);
      const later = { ...deps, nowSeconds: () => NOW + REPLAY_KEEP_SECONDS + 5 };
      const next = signed('revenue', RT('600.00').replace(/RT-2/g, 'RT-6'), { ts: NOW + REPLAY_KEEP_SECONDS });
      expect((await handleIngest(later, next)).status).toBe(200);
      const left = await deps.pool.query<{ n: number }>(`select count(*)::int as n from ingest_replays where expires_at < to_timestamp($1)`, [NOW + REPLAY_KEEP_SECONDS + 5]);
      expect(left.rows[0]).toEqual({ n: 0 });
    });

    it('a request that failed on our side (500) may be sent again as it was', async () => {
      const mac = Buffer.alloc(32, 7);
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('external_id,partner,product_line,customer,amount,booked_on\n');
        throw new Error('EIO: the spool file went away');
      }
      const body = { entity: 'revenue' as const, format: 'csv' as const, mac, timestamp: String(NOW) };
      expect(await ingestVerified(deps, { ...body, input: broken() })).toEqual({ status: 500, body: { ok: false, error: 'import failed; see the server log' } });
      const retried = await ingestVerified(deps, { ...body, input: [Buffer.from(RT('700.00').replace(/RT-2/g, 'RT-7'))] });
      expect(retried.status).toBe(200);
      expect((await ingestVerified(deps, { ...body, input: [Buffer.from(RT('700.00').replace(/RT-2/g, 'RT-7'))] })).status).toBe(409);
    });
  });
});
