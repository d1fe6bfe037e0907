import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/commands/import.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { signBody } from '../../src/import/signature.ts';
import { parseInstant } from '../../src/import/values.ts';
import { handleIngest, type IngestDeps } from '../../src/import/webhook.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, expectProblems, importBytes, importFile, snapshot, testProgram } from './helpers.ts';

// A payload carries each row's modification time at the source (`updated_at`); a row older than
// the one stored is skipped and counted, never applied, whichever way it comes: a file through
// `pulse import`, a webhook body, CSV or JSON lines.

const HEADER = 'external_id,partner,product_line,customer,amount,booked_on,updated_at';
const line = (id: string, amount: string, at: string) => `${id},P-1001,Cloud,Fabrikam,${amount},2026-11-05,${at}`;
const csv = (...lines: string[]) => `${HEADER}\n${lines.join('\n')}\n`;

describe('parseInstant', () => {
  it('reads ISO 8601 with or without a zone, and a date alone; refuses the rest with the format to use', () => {
    expect(parseInstant('2026-11-23T10:15:00Z')).toEqual({ ok: true, value: '2026-11-23T10:15:00+00:00' });
    expect(parseInstant('2026-11-23 11:15:00.123456789+01:00')).toEqual({ ok: true, value: '2026-11-23T11:15:00.123456+01:00' });
    expect(parseInstant('2026-11-23T10:15-0530')).toEqual({ ok: true, value: '2026-11-23T10:15:00-05:30' });
    expect(parseInstant('2026-11-23T10:15:00')).toEqual({ ok: true, value: '2026-11-23T10:15:00+00:00' });
    expect(parseInstant('2026-11-23')).toEqual({ ok: true, value: '2026-11-23T00:00:00+00:00' });
    expect(parseInstant('2026-02-30T10:00:00Z')).toEqual({ ok: false, reason: 'day 30 does not exist in 2026-02' });
    expect(parseInstant('2026-11-23T24:00:00Z')).toEqual({ ok: false, reason: '24:00:00 is not a time of day' });
    expect(parseInstant('2026-11-23T10:00:00+15:00')).toEqual({ ok: false, reason: '+15:00 is not a UTC offset' });
    expect(parseInstant('1790000000')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a time \(use ISO 8601/) });
    expect(parseInstant('11/23/2026 10:15')).toMatchObject({ ok: false });
  });
});

describe('rows never go back in time', () => {
  let deps: IngestDeps;
  let dir = '';
  let env: NodeJS.ProcessEnv;

  const amountOf = async (id: string) =>
    (await deps.pool.query<{ amount_cents: number; at: string | null }>(`select amount_cents, to_char(source_updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at from revenue where external_id = $1`, [id])).rows[0];

  const cli = async (...argv: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env };
    const code = await runImport(argv, io);
    return { code, out, err };
  };

  beforeAll(async () => {
    const h = await testDb({ demo: false });
    deps = { pool: h.pool, program: testProgram(), secret: 'whsec_versions', nowSeconds: () => 1_790_000_000 };
    env = { ...process.env, DATABASE_URL: h.url, PULSE_PROGRAM: 'program.yml', LOG_LEVEL: 'silent' };
    dir = await mkdtemp(join(tmpdir(), 'pulse-updated-at-'));
    expectOk(await importFile(deps, 'users', join(EXAMPLES, 'users-vendor-staff.csv')));
    expectOk(await importFile(deps, 'partners', join(EXAMPLES, 'partners.csv')));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pulse import: an older row is skipped and counted in the summary; a newer one applies', async () => {
    const file = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };
    const first = await cli('revenue', await file('v1.csv', csv(line('V-1', '100.00', '2026-11-20T10:00:00Z'), line('V-2', '10.00', '2026-11-20T10:00:00Z'))));
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/: 2 inserted, 0 updated, 0 unchanged\n$/);
    const newer = await cli('revenue', await file('v2.csv', csv(line('V-1', '200.00', '2026-11-21T10:00:00Z'))));
    expect(newer.out).toMatch(/: 0 inserted, 1 updated, 0 unchanged\n$/);

    // The export of the day before, imported late: V-1 is older than stored, V-2 the same age.
    const before = await snapshot(deps.pool);
    const late = await cli('revenue', await file('v1-again.csv', csv(line('V-1', '100.00', '2026-11-20T10:00:00Z'), line('V-2', '10.00', '2026-11-20T10:00:00Z'))));
    expect(late).toMatchObject({ code: 0, err: '' });
    expect(late.out).toMatch(/revenue: 2 rows from .*v1-again\.csv: 0 inserted, 0 updated, 1 unchanged, 1 skipped as older than stored \(updated_at\)\n$/);
    expect(await amountOf('V-1')).toEqual({ amount_cents: 20000, at: '2026-11-21T10:00:00' });
    // No revenue row moved (nor its monthly rollup).
    const after = await snapshot(deps.pool);
    expect([after.revenue, after.revenue_months]).toEqual([before.revenue, before.revenue_months]);
  });

  it('the same time applies (and changes nothing when the values are equal); no updated_at applies and keeps the stored time', async () => {
    expectOk(await importBytes(deps, 'revenue', csv(line('S-1', '50.00', '2026-11-20T10:00:00+01:00'))));
    // 09:00 UTC is the same moment as 10:00+01:00: not older.
    const same = expectOk(await importBytes(deps, 'revenue', csv(line('S-1', '55.00', '2026-11-20T09:00:00Z'))));
    expect(same).toMatchObject({ updated: 1, stale: 0 });
    const equal = expectOk(await importBytes(deps, 'revenue', csv(line('S-1', '55.00', '2026-11-20T09:00:00Z'))));
    expect(equal).toMatchObject({ updated: 0, unchanged: 1, stale: 0 });
    // An empty cell, then a file without the column: applied as before updated_at existed.
    const empty = expectOk(await importBytes(deps, 'revenue', csv(line('S-1', '56.00', ''))));
    expect(empty).toMatchObject({ updated: 1, stale: 0 });
    const without = expectOk(
      await importBytes(deps, 'revenue', 'external_id,partner,product_line,customer,amount,booked_on\nS-1,P-1001,Cloud,Fabrikam,57.00,2026-11-05\n'),
    );
    expect(without).toMatchObject({ updated: 1, stale: 0 });
    expect(await amountOf('S-1')).toEqual({ amount_cents: 5700, at: '2026-11-20T09:00:00' });
    // The stored time still guards: an older row is skipped.
    const older = expectOk(await importBytes(deps, 'revenue', csv(line('S-1', '1.00', '2026-11-19T00:00:00Z'))));
    expect(older).toMatchObject({ updated: 0, unchanged: 0, stale: 1 });
    expect((await amountOf('S-1'))?.amount_cents).toBe(5700);
  });

  it('JSON lines, and a dry run, count the skipped rows the same way', async () => {
    const row = (id: string, amount: number, at: string) =>
      JSON.stringify({ external_id: id, partner: 'P-1001', product_line: 'Cloud', customer: 'Coho', amount, booked_on: '2026-11-06', updated_at: at });
    expectOk(await importBytes(deps, 'revenue', `${row('J-1', 300, '2026-11-22T08:00:00Z')}\n${row('J-2', 30, '2026-11-22T08:00:00Z')}\n`, { format: 'jsonl' }));
    const body = `${row('J-1', 100, '2026-11-21T08:00:00Z')}\n${row('J-2', 40, '2026-11-23T08:00:00Z')}\n${row('J-3', 1, '2026-11-23T08:00:00Z')}\n`;
    const dry = expectOk(await importBytes(deps, 'revenue', body, { format: 'jsonl', dryRun: true }));
    expect(dry).toEqual({ entity: 'revenue', rows: 3, inserted: 1, updated: 1, unchanged: 0, stale: 1, dryRun: true });
    const real = expectOk(await importBytes(deps, 'revenue', body, { format: 'jsonl' }));
    expect(real).toEqual({ ...dry, dryRun: false });
    expect((await amountOf('J-1'))?.amount_cents).toBe(30000);
    expect((await amountOf('J-2'))?.amount_cents).toBe(4000);
    // A number is not a time: refused with its line, nothing written.
    const bad = expectProblems(await importBytes(deps, 'revenue', `${row('J-4', 1, '2026-11-23')}\n${JSON.stringify({ external_id: 'J-5', partner: 'P-1001', product_line: 'Cloud', customer: 'Coho', amount: 1, booked_on: '2026-11-06', updated_at: 1790000000 })}\n`, { format: 'jsonl' }));
    expect(bad).toEqual([{ line: 2, column: 'updated_at', value: '1790000000', message: 'not a time (use ISO 8601 text: "2026-11-23T10:15:00Z")' }]);
  });

  it('a partner row older than stored keeps its parent too (the reference pass skips it)', async () => {
    const head = 'external_id,name,tier,type,region,joined_on,parent,updated_at';
    expectOk(await importBytes(deps, 'partners', `${head}\nD-9,Versioned Distribution,Gold,distributor,EMEA,2026-01-01,,2026-11-22T00:00:00Z\nR-9,Versioned Reseller,Silver,reseller,EMEA,2026-01-01,D-9,2026-11-22T00:00:00Z\n`));
    const late = expectOk(
      await importBytes(deps, 'partners', `${head}\nR-9,Versioned Reseller,Registered,reseller,EMEA,2026-01-01,P-1001,2026-11-21T00:00:00Z\nD-9,Versioned Distribution,Gold,distributor,EMEA,2026-01-01,,2026-11-23T00:00:00Z\n`),
    );
    expect(late).toMatchObject({ rows: 2, inserted: 0, updated: 1, unchanged: 0, stale: 1 });
    const { rows } = await deps.pool.query(
      `select p.tier, parent.external_id as parent from partners p left join partners parent on parent.id = p.parent_id where p.external_id = 'R-9'`,
    );
    expect(rows).toEqual([{ tier: 'Silver', parent: 'D-9' }]);
  });

  it('webhook: A, B, then A re-signed with a fresh timestamp: 200 with stale 1, and the amount stays B', async () => {
    const NOW = 1_790_000_000;
    const post = (body: string, ts: number) =>
      handleIngest(deps, { entity: 'revenue', rawBody: Buffer.from(body), headers: { 'content-type': 'text/csv', 'x-pulse-timestamp': String(ts), 'x-pulse-signature': signBody('whsec_versions', ts, body) } });
    const a = csv(line('RT-2', '100.00', '2026-11-23T09:00:00Z'));
    const b = csv(line('RT-2', '200.00', '2026-11-23T09:05:00Z'));
    expect((await post(a, NOW - 30)).body).toMatchObject({ ok: true, inserted: 1 });
    expect((await post(b, NOW - 20)).body).toMatchObject({ ok: true, updated: 1 });
    // The replay table refuses A's original headers (409); signed anew, A is still older than B.
    expect((await post(a, NOW - 30)).status).toBe(409);
    const again = await post(a, NOW - 10);
    expect(again).toEqual({ status: 200, body: { ok: true, entity: 'revenue', rows: 1, inserted: 0, updated: 0, unchanged: 0, stale: 1 } });
    expect(await amountOf('RT-2')).toEqual({ amount_cents: 20000, at: '2026-11-23T09:05:00' });
  });
});
