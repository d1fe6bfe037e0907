import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntityName } from '../../src/import/entity-spec.ts';
import { formatProblem, type ImportProblem } from '../../src/import/problems.ts';
import { importData } from '../../src/import/run-import.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, importBytes, importFile, SAMPLES, snapshot, testProgram, type Deps } from './helpers.ts';

// Each bad input must be refused with every problem named (line, column, value, reason), and must
// leave every table exactly as it was: counts and a checksum of all contents, before and after.

const REVENUE_HEADER = 'external_id,partner,product_line,customer,amount,booked_on';

describe('bad input is named and writes nothing', () => {
  let deps: Deps;

  beforeAll(async () => {
    const h = await testDb({ demo: false });
    deps = { pool: h.pool, program: testProgram() };
    for (const [entity, file] of SAMPLES) expectOk(await importFile(deps, entity, join(EXAMPLES, file)));
  });

  async function refused(entity: EntityName, body: string | Buffer, format: 'csv' | 'jsonl' = 'csv'): Promise<string[]> {
    const before = await snapshot(deps.pool);
    const outcome = await importBytes(deps, entity, body, { format });
    expect(outcome.ok).toBe(false);
    expect(await snapshot(deps.pool)).toEqual(before);
    return outcome.ok ? [] : outcome.problems.map((p: ImportProblem) => formatProblem(p));
  }

  it('a wrong header (a revenue file imported as partners)', async () => {
    const lines = await refused('partners', `${REVENUE_HEADER}\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01\n`);
    expect(lines).toEqual([
      'line 1, column partner: unknown column for partners (columns: external_id, name, tier, type, region, joined_on, parent, channel_manager, updated_at); rename or ignore it with --map',
      expect.stringMatching(/^line 1, column product_line: unknown column for partners/),
      expect.stringMatching(/^line 1, column customer: unknown column/),
      expect.stringMatching(/^line 1, column amount: unknown column/),
      expect.stringMatching(/^line 1, column booked_on: unknown column/),
      'line 1, column name: required column is missing from the header',
      'line 1, column tier: required column is missing from the header',
      'line 1, column type: required column is missing from the header',
      'line 1, column region: required column is missing from the header',
      'line 1, column joined_on: required column is missing from the header',
    ]);
  });

  it('a file without a header line', async () => {
    const lines = await refused('revenue', 'X-1,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-2,P-1001,Cloud,Fabrikam,10,2026-01-01\n');
    expect(lines).toEqual([expect.stringMatching(/^line 1: the first line is not a revenue header: none of its fields names a column we know \(expected: external_id, partner/)]);
  });

  it('a missing column', async () => {
    const lines = await refused('revenue', 'external_id,partner,product_line,customer,amount\nX-1,P-1001,Cloud,Fabrikam,10\n');
    expect(lines).toEqual(['line 1, column booked_on: required column is missing from the header']);
  });

  it('an extra column', async () => {
    const lines = await refused('revenue', `${REVENUE_HEADER},discount\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01,5\n`);
    expect(lines).toEqual([
      'line 1, column discount: unknown column for revenue (columns: external_id, partner, product_line, customer, amount, booked_on, updated_at); rename or ignore it with --map',
    ]);
  });

  it('a column given twice', async () => {
    const lines = await refused('revenue', `${REVENUE_HEADER},Amount\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01,5\n`);
    expect(lines).toEqual(['line 1, column amount: header has "amount" and "Amount", both for column amount']);
  });

  it('a row with too many fields, and one with too few', async () => {
    const lines = await refused(
      'revenue',
      `${REVENUE_HEADER}\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-2,P-1001,Cloud,Fabrikam,$1,234.50,2026-01-01\nX-3,P-1001,Cloud\n`,
    );
    expect(lines).toEqual([
      'line 3: too many fields: 7, the header has 6 (a value with a delimiter in it needs "quotes")',
      'line 4: too few fields: 3, the header has 6',
    ]);
  });

  it('unparseable dates and amounts: every bad cell of every row', async () => {
    const lines = await refused(
      'revenue',
      [
        REVENUE_HEADER,
        'X-1,P-1001,Cloud,Fabrikam,10,2026-01-01',
        'X-2,P-1001,Cloud,Fabrikam,10,2026-02-30',
        'X-3,P-1001,Cloud,Fabrikam,10,31/03/2026',
        'X-4,P-1001,Cloud,Fabrikam,10,soon',
        'X-5,P-1001,Cloud,Fabrikam,,2026-01-01',
        'X-6,P-1001,Cloud,Fabrikam,"12,x",2026-01-01',
        'X-7,P-1001,Cloud,Fabrikam,ten,someday',
        'X-8,P-1001,Cloud,Fabrikam,EUR 10,2026-01-01',
      ].join('\n'),
    );
    expect(lines).toEqual([
      'line 3, column booked_on, value "2026-02-30": day 30 does not exist in 2026-02',
      'line 4, column booked_on, value "31/03/2026": month 31 does not exist (dates with slashes are read as MM/DD/YYYY)',
      'line 5, column booked_on, value "soon": not a date (use 2026-03-31, 03/31/2026, 31.03.2026 or Mar 31, 2026)',
      'line 6, column amount, value "": required, but empty',
      'line 7, column amount, value "12,x": not an amount',
      'line 8, column amount, value "ten": not an amount',
      'line 8, column booked_on, value "someday": not a date (use 2026-03-31, 03/31/2026, 31.03.2026 or Mar 31, 2026)',
      "line 9, column amount, value \"EUR 10\": amount is in EUR, but the program's currency is USD",
    ]);
  });

  it('enums, emails, time zones and rules across columns', async () => {
    const deals = await refused(
      'deal_registrations',
      [
        'external_id,partner,customer,product,amount,status,submitted_on,closed_on,co_sell',
        'X-1,P-1001,Fabrikam,Cloud,10,pending,2026-01-01,,no',
        'X-2,P-1001,Fabrikam,Cloud,10,Closed Won,2026-01-01,,maybe',
        'X-3,P-1001,Fabrikam,Cloud,-5,lost,2026-02-01,2026-01-15,yes',
      ].join('\n'),
    );
    expect(deals).toEqual([
      'line 2, column status, value "pending": must be one of submitted, approved, rejected, won, lost, expired',
      'line 3, column co_sell, value "maybe": not a yes/no value (use true/false, yes/no or 1/0)',
      'line 4, column amount, value "-5": must be 0 or more',
    ]);
    const users = await refused(
      'users',
      [
        'external_id,email,name,role,partner,time_zone',
        'U-X1,not-an-email,A,partner_user,P-1001,UTC',
        'U-X2,b@x.example,B,partner_user,,Mars/Olympus',
        'U-X3,c@x.example,C,channel_manager,P-1001,',
      ].join('\n'),
    );
    expect(users).toEqual([
      'line 2, column email, value "not-an-email": not an email address',
      'line 3, column time_zone, value "Mars/Olympus": not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)',
      'line 4, column partner, value "P-1001": must be empty for role channel_manager (vendor staff belong to no partner)',
    ]);
    const partners = await refused(
      'partners',
      'external_id,name,tier,type,region,joined_on\nP-9,Nine,Diamond,reseller,EMEA,2026-01-01\nP-10,Ten,Gold,wholesaler,EMEA,2026-01-01\n',
    );
    expect(partners).toEqual([
      'line 2, column tier, value "Diamond": must be one of Registered, Silver, Gold, Platinum',
      'line 3, column type, value "wholesaler": must be one of reseller, distributor, msp, supplier',
    ]);
    const certs = await refused(
      'certifications',
      'external_id,partner,holder_name,name,earned_on,expires_on\nC-X,P-1001,Ann,Cloud,2026-05-01,2026-04-01\n',
    );
    expect(certs).toEqual(['line 2, column expires_on, value "2026-04-01": 2026-04-01 is before earned_on 2026-05-01']);
  });

  it('an unknown partner reference, and an unknown or unfit user reference', async () => {
    const lines = await refused(
      'revenue',
      `${REVENUE_HEADER}\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-2,P-9999,Cloud,Fabrikam,10,2026-01-01\nX-3,Northwind Trader,Cloud,Fabrikam,10,2026-01-01\nX-4,northwind traders,Cloud,Fabrikam,10,2026-01-01\n`,
    );
    expect(lines).toEqual([
      'line 3, column partner, value "P-9999": no partner with that external_id or name',
      'line 4, column partner, value "Northwind Trader": no partner with that external_id or name',
    ]);
    const partners = await refused(
      'partners',
      'external_id,name,tier,type,region,joined_on,parent,channel_manager\nP-1001,Northwind Traders,Silver,reseller,EMEA,2021-06-15,P-7777,owner@northwind.example\nP-1002,Adventure Works Cloud,Gold,msp,NA,2020-01-10,,nobody@contoso.example\n',
    );
    expect(partners).toEqual([
      'line 2, column parent, value "P-7777": no partner with that external_id or name (in the database or this file)',
      'line 2, column channel_manager, value "owner@northwind.example": that user is a partner_admin; channel_manager must be a channel_manager or vendor_admin',
      'line 3, column channel_manager, value "nobody@contoso.example": no user with that email or external_id',
    ]);
  });

  it('duplicate external ids within the file, named with both lines', async () => {
    const lines = await refused(
      'revenue',
      `${REVENUE_HEADER}\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-2,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-1,P-1001,Cloud,Fabrikam,11,2026-01-02\nX-2,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01\n`,
    );
    expect(lines).toEqual([
      'line 4, column external_id, value "X-1": duplicate: the same external_id as line 2',
      'line 5, column external_id, value "X-2": duplicate: the same external_id as line 3',
      'line 6, column external_id, value "X-1": duplicate: the same external_id as line 2',
    ]);
  });

  it('names and emails owned by another row, or repeated in the file', async () => {
    const partners = await refused(
      'partners',
      'external_id,name,tier,type,region,joined_on\nP-5000,NORTHWIND TRADERS,Silver,reseller,EMEA,2021-06-15\nP-5001,Fresh Co,Silver,reseller,EMEA,2021-06-15\nP-5002,fresh co,Silver,reseller,EMEA,2021-06-15\n',
    );
    expect(partners).toEqual([
      'line 2, column name, value "NORTHWIND TRADERS": already used by the partners row with external_id P-1001',
      'line 4, column name, value "fresh co": duplicate: the same name (names are compared without case) as line 3',
    ]);
    const users = await refused('users', 'external_id,email,name,role\nU-5000,Admin@Contoso.example,X,vendor_admin\n');
    expect(users).toEqual(['line 2, column email, value "Admin@Contoso.example": already used by the users row with external_id U-V00']);
  });

  it('invalid UTF-8 (a Latin-1 export), named by line', async () => {
    const body = Buffer.concat([
      Buffer.from(`${REVENUE_HEADER}\nX-1,P-1001,Cloud,Fabrikam,10,2026-01-01\nX-2,P-1001,Cloud,M`),
      Buffer.from([0xfc]),
      Buffer.from('ller GmbH,10,2026-01-01\n'),
    ]);
    const lines = await refused('revenue', body);
    expect(lines).toEqual([expect.stringMatching(/^line 3: not valid UTF-8 \(byte 0xfc at offset 117\); save the file as UTF-8$/)]);
    // The same, found in a large chunk far from its start.
    const big = Buffer.concat([Buffer.from(`${REVENUE_HEADER}\n${'X-1,P-1001,Cloud,Fabrikam,10,2026-01-01\n'.repeat(3)}`), Buffer.from([0xc3, 0x28])]);
    const outcome = await importBytes(deps, 'revenue', big, { chunk: 1 << 20 });
    expect(outcome.ok ? [] : outcome.problems.map(formatProblem)).toEqual([expect.stringMatching(/^line 5: not valid UTF-8 \(byte 0xc3 at offset /)]);
  });

  it('a header and no rows', async () => {
    expect(await refused('revenue', `${REVENUE_HEADER}\n\n`)).toEqual(['no rows: the file has a header but no data']);
  });

  it('a 0-byte file, and a blank one', async () => {
    expect(await refused('revenue', '')).toEqual(['the file is empty (0 bytes)']);
    expect(await refused('revenue', '', 'jsonl')).toEqual(['the file is empty (0 bytes)']);
    expect(await refused('revenue', '\n \n')).toEqual(['the file has no header line (it is empty or blank)']);
  });

  it('a quote that never closes', async () => {
    const lines = await refused(
      'revenue',
      `\n${REVENUE_HEADER}\nX-0,P-1001,Cloud,Fabrikam,x,2026-01-01\nX-1,P-1001,Cloud,"Fabrikam,10,2026-01-01\nX-2,P-1001,Cloud,Fabrikam,10,2026-01-01\n`,
    );
    // The rows before the broken one are still checked and reported.
    expect(lines).toEqual(['line 3, column amount, value "x": not an amount', 'line 4: a quoted field opens here and is never closed']);
    const header = await refused('revenue', `\n\nexternal_id,partner\nX-1,P-1001\n`);
    expect(header[0]).toMatch(/^line 3, column product_line: required column is missing/);
  });

  it('JSON lines: bad JSON, not an object, missing and unknown keys, nested values', async () => {
    const lines = await refused(
      'revenue',
      [
        '{"external_id":"J-1","partner":"P-1001","product_line":"Cloud","customer":"F","amount":10,"booked_on":"2026-01-01"}',
        '{"external_id":"J-2", oops}',
        '[1,2]',
        '',
        '{"external_id":"J-3","partner":"P-1001","product_line":"Cloud","customer":"F","amount":10}',
        '{"external_id":"J-4","partner":"P-1001","product_line":"Cloud","customer":"F","amount":{"value":10},"booked_on":"2026-01-01","note":"x"}',
      ].join('\n'),
      'jsonl',
    );
    expect(lines).toEqual([
      expect.stringMatching(/^line 2: not valid JSON \(/),
      'line 3: expected a JSON object ({"column": value, …})',
      'line 5, column booked_on: required, but missing',
      'line 6, column note: unknown column for revenue (columns: external_id, partner, product_line, customer, amount, booked_on, updated_at); rename or ignore it with --map',
      'line 6, column amount, value "{\\"value\\":10}": expected text, a number or true/false',
    ]);
  });

  it('JSON lines: a key given twice in one object is refused with its line, not last-one-wins', async () => {
    const row = (id: string, tail: string) =>
      `{"external_id":"${id}","partner":"P-1001","product_line":"Cloud","customer":"F","amount":10,"booked_on":"2026-01-01"${tail}}`;
    const lines = await refused(
      'revenue',
      [
        row('K-1', ''),
        // The second partner would silently win: the row would land in another partner.
        row('K-2', ',"partner":"P-1002"'),
        row('K-3', ',"meta":{"partner":1,"partner":2}'),
        // The same key written with an escape is still the same key.
        row('K-4', ',"\\u0070artner":"P-1002"'),
        // Keys inside strings and nested values do not count.
        row('K-5', ',"notes":"\\"partner\\":\\"P-1002\\""'),
      ].join('\n'),
      'jsonl',
    );
    expect(lines).toEqual([
      'line 2, column partner: the same key twice in one object; give each key once',
      'line 3, column meta: unknown column for revenue (columns: external_id, partner, product_line, customer, amount, booked_on, updated_at); rename or ignore it with --map',
      'line 4, column partner: the same key twice in one object; give each key once',
      'line 5, column notes: unknown column for revenue (columns: external_id, partner, product_line, customer, amount, booked_on, updated_at); rename or ignore it with --map',
    ]);
    const { rows } = await deps.pool.query(`select count(*)::int as n from revenue where external_id like 'K-%'`);
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('one bad row among good ones: the good ones are not written either', async () => {
    const before = (await deps.pool.query(`select count(*)::int as n from revenue`)).rows[0];
    const lines = await refused(
      'revenue',
      `${REVENUE_HEADER}\nG-1,P-1001,Cloud,Fabrikam,10,2026-01-01\nG-2,P-1001,Cloud,Fabrikam,10,2026-01-01\nG-3,P-1001,Cloud,Fabrikam,oops,2026-01-01\n`,
    );
    expect(lines).toEqual(['line 4, column amount, value "oops": not an amount']);
    expect((await deps.pool.query(`select count(*)::int as n from revenue`)).rows[0]).toEqual(before);
  });

  it('a read error midway (not bad data) rolls back, and the pool stays usable', async () => {
    const before = await snapshot(deps.pool);
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${REVENUE_HEADER}\n${'E-1,P-1001,Cloud,F,10,2026-01-01\n'.repeat(5000).replace(/E-1/g, () => `E-${Math.random()}`)}`);
      throw new Error('EIO: the disk went away');
    }
    await expect(importData(deps, { entity: 'revenue', format: 'csv', input: failing(), fileName: 'x.csv', source: 'import' })).rejects.toThrow(
      'EIO: the disk went away',
    );
    expect(await snapshot(deps.pool)).toEqual(before);
  });
});
