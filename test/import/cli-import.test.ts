import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/commands/import.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, snapshot } from './helpers.ts';

// `pulse import` end to end: arguments, files on disk, the app's own database connection, output
// and exit codes. CSV quirks (BOM, semicolons, quoted line breaks, CRLF) and --map live here.

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('pulse import', () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let pool: import('pg').Pool;

  const run = async (...argv: string[]): Promise<Run> => {
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

  const file = async (name: string, content: string | Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  beforeAll(async () => {
    const h = await testDb({ demo: false });
    pool = h.pool;
    env = { ...process.env, DATABASE_URL: h.url, PULSE_PROGRAM: 'program.yml', LOG_LEVEL: 'silent' };
    dir = await mkdtemp(join(tmpdir(), 'pulse-import-'));
    for (const [entity, name] of [['users', 'users-vendor-staff.csv'], ['partners', 'partners.csv']] as const) {
      const r = await run(entity, join(EXAMPLES, name));
      expect(r, name).toMatchObject({ code: 0, err: '' });
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a summary and exits 0', async () => {
    const path = join(EXAMPLES, 'users.csv');
    const r = await run('users', path);
    expect(r).toEqual({ code: 0, out: `users: 7 rows from ${path}: 7 inserted, 0 updated, 0 unchanged\n`, err: '' });
    const again = await run('users', path);
    expect(again.out).toBe(`users: 7 rows from ${path}: 0 inserted, 0 updated, 7 unchanged\n`);
  });

  it('reads a BOM, semicolons, CRLF, quoted line breaks and quotes, European amounts and dates', async () => {
    const text =
      '\uFEFFexternal_id;partner;product_line;customer;amount;booked_on\r\n' +
      'EU-1;Northwind Traders;Cloud;"Müller; Söhne ""Bau"" GmbH";1.234,50;31.03.2026\r\n' +
      'EU-2;P-1001;Cloud;"Zweite\r\nZeile AG";"2.000,00";"Mar 31, 2026"\r\n' +
      '\r\n' +
      'EU-3;P-1002;Security;Coho;USD 99;2026-04-01T10:00:00Z\r\n';
    const path = await file('eu.csv', text);
    const r = await run('revenue', path);
    expect(r).toEqual({ code: 0, out: `revenue: 3 rows from ${path}: 3 inserted, 0 updated, 0 unchanged\n`, err: '' });
    const { rows } = await pool.query(
      `select r.external_id, p.external_id as partner, r.customer, r.amount_cents, r.booked_on
         from revenue r join partners p on p.id = r.partner_id where r.external_id like 'EU-%' order by 1`,
    );
    expect(rows).toEqual([
      { external_id: 'EU-1', partner: 'P-1001', customer: 'Müller; Söhne "Bau" GmbH', amount_cents: 123450, booked_on: '2026-03-31' },
      { external_id: 'EU-2', partner: 'P-1001', customer: 'Zweite\nZeile AG', amount_cents: 200000, booked_on: '2026-03-31' },
      { external_id: 'EU-3', partner: 'P-1002', customer: 'Coho', amount_cents: 9900, booked_on: '2026-04-01' },
    ]);
  });

  it('names lines correctly after a quoted line break', async () => {
    const path = await file('lines.csv', 'external_id,partner,product_line,customer,amount,booked_on\nL-1,P-1001,Cloud,"two\nlines",1,2026-01-01\nL-2,P-1001,Cloud,x,1,never\n');
    const r = await run('revenue', path);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `${path}: 1 problem, nothing was imported\n` +
        '  line 4, column booked_on, value "never": not a date (use 2026-03-31, 03/31/2026, 31.03.2026 or Mar 31, 2026)\n',
    );
  });

  it('maps their column names to ours with --map, ignoring a column mapped to ~', async () => {
    const csv = 'Invoice No,Account,Line,Client,Net Amount,Posting Date,Memo\nM-1,P-1004,Cloud,Fabrikam,"$1,000.00",03/15/2026,"free text, ignored"\n';
    const map = '"Invoice No": external_id\nAccount: partner\nLine: product_line\nclient: customer\n"Net Amount": amount\n"Posting Date": booked_on\nMemo: ~\n';
    const r = await run('revenue', await file('erp.csv', csv), '--map', await file('erp.map.yml', map));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/1 inserted/);
    const { rows } = await pool.query(`select amount_cents, booked_on from revenue where external_id = 'M-1'`);
    expect(rows).toEqual([{ amount_cents: 100000, booked_on: '2026-03-15' }]);
    // Without the map, the same header is refused, every unknown column named.
    const bare = await run('revenue', join(dir, 'erp.csv'));
    expect(bare.code).toBe(1);
    expect(bare.err).toMatch(/line 1: the first line is not a revenue header/);
  });

  it('refuses a map that points at a column we do not have', async () => {
    const r = await run('revenue', join(EXAMPLES, 'revenue.csv'), '--map', await file('bad.map.yml', 'Amount: amout\n'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/"Amount" maps to "amout", which is not a revenue column \(external_id, partner, product_line, customer, amount, booked_on, updated_at\)/);
  });

  it('--dry-run counts and writes nothing', async () => {
    const before = await snapshot(pool);
    const path = join(EXAMPLES, 'revenue.csv');
    const r = await run('revenue', path, '--dry-run');
    expect(r).toEqual({ code: 0, out: `dry run, nothing written: 62 rows of revenue from ${path} would be 62 inserted, 0 updated, 0 unchanged\n`, err: '' });
    expect(await snapshot(pool)).toEqual(before);
  });

  it('exits 1 with every problem, nothing written', async () => {
    const before = await snapshot(pool);
    const path = await file('bad.csv', 'external_id,partner,product_line,customer,amount,booked_on\nB-1,P-1001,Cloud,x,"12,x",2026-01-01\nB-2,P-4040,Cloud,x,1,2026-01-01\nB-1,P-1001,Cloud,x,1,2026-13-01\n');
    const r = await run('revenue', path);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      `${path}: 4 problems, nothing was imported`,
      '  line 2, column amount, value "12,x": not an amount',
      '  line 3, column partner, value "P-4040": no partner with that external_id or name',
      '  line 4, column booked_on, value "2026-13-01": month 13 does not exist',
      '  line 4, column external_id, value "B-1": duplicate: the same external_id as line 2',
      '',
    ]);
    expect(await snapshot(pool)).toEqual(before);
  });

  it('reports usage mistakes (exit 2 through the dispatcher) and unreadable files (exit 1)', async () => {
    await expect(run('widgets', 'x.csv')).rejects.toThrow(UsageError);
    await expect(run('revenue')).rejects.toThrow(UsageError);
    await expect(run('revenue', 'notes.xlsx')).rejects.toThrow(/expected a .csv or .jsonl file/);
    const missing = await run('revenue', join(dir, 'nope.csv'));
    expect(missing).toEqual({ code: 1, out: '', err: `${join(dir, 'nope.csv')}: cannot read (no such file)\n` });
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^pulse import <entity> FILE \[--dry-run\] \[--map FILE.yml\]/);
  });
});
