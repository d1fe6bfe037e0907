import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/import/signature.ts';
import { handleIngest, INGEST_BODY_LIMIT, type IngestDeps, type IngestRequest } from '../../src/import/webhook.ts';
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

  beforeAll(async () => {
    const h = await testDb({ demo: false });
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
    await rejected({ ...tampered, headers: { ...tampered.headers, 'x-pulse-signature': 'v1=zz' } }, 401, /^signature does not match$/);
    await rejected({ ...tampered, headers: { ...tampered.headers, 'x-pulse-signature': 'sha256=abc' } }, 401, /^signature does not match$/);
    // A signature made for another timestamp does not carry over.
    await rejected({ ...tampered, headers: { ...tampered.headers, 'x-pulse-timestamp': String(NOW - 1) } }, 401, /^signature does not match$/);
  });

  it('refuses a stale (or far-future) timestamp with 401, even when correctly signed', async () => {
    await rejected(signed('revenue', CSV, { ts: NOW - 301 }), 401, /^stale request/);
    await rejected(signed('revenue', CSV, { ts: NOW + 301 }), 401, /^stale request/);
    await rejected(signed('revenue', CSV, { ts: 0 }), 401, /^stale request/);
  });

  it('accepts a good signature: 200 with the summary, then all unchanged on a replay within 5 minutes', async () => {
    const res = await handleIngest(deps, signed('revenue', CSV, { ts: NOW - 299 }));
    expect(res).toEqual({ status: 200, body: { ok: true, entity: 'revenue', rows: 2, inserted: 2, updated: 0, unchanged: 0 } });
    const { rows } = await deps.pool.query(`select external_id, amount_cents, booked_on from revenue order by 1`);
    expect(rows).toEqual([
      { external_id: 'W-1', amount_cents: 150000, booked_on: '2026-11-02' },
      { external_id: 'W-2', amount_cents: 25000, booked_on: '2026-11-03' },
    ]);
    const ds = await deps.pool.query(`select entity, source, file_name, rows from data_sources where source = 'webhook'`);
    expect(ds.rows).toEqual([{ entity: 'revenue', source: 'webhook', file_name: null, rows: 2 }]);
    const again = await handleIngest(deps, signed('revenue', CSV));
    expect(again.body).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2 });
  });

  it('accepts JSON lines by content type, and one of several signatures (secret rotation)', async () => {
    const body = '{"external_id":"L-W1","partner":"P-1002","created_on":"2026-11-01","converted_on":null}\n';
    const req = signed('leads', body, { type: 'application/x-ndjson; charset=utf-8' });
    req.headers = { ...req.headers, 'x-pulse-signature': `${signBody('old-secret', NOW, body)}, ${String(req.headers['x-pulse-signature'])}` };
    const res = await handleIngest(deps, req);
    expect(res).toEqual({ status: 200, body: { ok: true, entity: 'leads', rows: 1, inserted: 1, updated: 0, unchanged: 0 } });
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
    await rejected(signed('revenue', big), 413, /^body larger than 10 MB$/);
    await rejected(signed('revenue', CSV, { type: 'application/xml' }), 415, /^content-type must be/);
    const before = await snapshot(deps.pool);
    const res = await handleIngest({ ...deps, secret: undefined }, signed('revenue', CSV));
    expect(res.status).toBe(503);
    expect(await snapshot(deps.pool)).toEqual(before);
  });
});
