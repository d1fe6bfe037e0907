import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { rollupDrift } from '../helpers/rollup-drift.ts';
import { EXAMPLES, expectOk, importBytes, importFile, testProgram, type Deps } from './helpers.ts';

// Imports write through INSERT … ON CONFLICT DO UPDATE: inserted and updated rows reach the
// rollup triggers through different transition tables. The monthly rollups must still equal the
// raw rows after a file that moves amounts, months, partners and statuses.
describe('monthly rollups after imports', () => {
  let handle: DbHandle;
  let deps: Deps;

  beforeAll(async () => {
    handle = await testDb({ demo: false });
    deps = { pool: handle.pool, program: testProgram() };
    for (const [entity, file] of [
      ['users', 'users-vendor-staff.csv'],
      ['partners', 'partners.csv'],
      ['deal_registrations', 'deal_registrations.csv'],
      ['revenue', 'revenue.csv'],
    ] as const) {
      expectOk(await importFile(deps, entity, join(EXAMPLES, file)));
    }
  });
  afterAll(async () => handle?.close());

  it('equal the raw rows after the first import', async () => {
    expect(await rollupDrift(handle.db)).toBe(0);
  });

  it('equal the raw rows after a re-import that changes amounts, months, partners and statuses', async () => {
    const revenue = (await readFile(join(EXAMPLES, 'revenue.csv'), 'utf8'))
      .replace('INV-00001,P-1001,Cloud,Fabrikam Ltd,"$41,250.00",2025-12-03', 'INV-00001,P-1001,Cloud,Fabrikam Ltd,"$1,250.00",2025-12-03')
      .replace('INV-00002,P-1001,Security,Contoso Pharma,"$22,500.00",2025-12-28', 'INV-00002,P-1002,Security,Contoso Pharma,"$22,500.00",2026-03-02');
    const r = expectOk(await importBytes(deps, 'revenue', revenue, { chunk: 1 << 16 }));
    expect(r.updated).toBe(2);
    const deals = (await readFile(join(EXAMPLES, 'deal_registrations.csv'), 'utf8')).replace(
      'D-0001,P-1001,Fabrikam Ltd,Contoso Cloud,18000.00,won,2025-12-01,2025-12-06,2026-01-10',
      'D-0001,P-1002,Fabrikam Ltd,Contoso Cloud,18000.00,lost,2025-12-01,2025-12-06,2026-04-10',
    );
    expect(expectOk(await importBytes(deps, 'deal_registrations', deals, { chunk: 1 << 16 })).updated).toBe(1);
    expect(await rollupDrift(handle.db)).toBe(0);
  });
});
