import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { importData } from '../../src/import/run-import.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, importFile, testProgram, type Deps } from './helpers.ts';

// A partner's tier comes from the vendor's CRM; every change of it is recorded (by a trigger on
// partners.tier) so the weekly digest can say who moved, dated by the application's clock.
describe('tier history', () => {
  let handle: DbHandle;
  let deps: Deps;
  const at = new Date('2026-11-20T09:30:00Z');

  const changes = () =>
    handle.db.selectFrom('tier_changes').innerJoin('partners', 'partners.id', 'tier_changes.partner_id')
      .select(['partners.external_id', 'tier_changes.from_tier', 'tier_changes.to_tier', 'tier_changes.changed_at'])
      .orderBy('tier_changes.id').execute();

  const partnersWith = async (tier: string) => {
    const csv = (await import('node:fs/promises')).readFile(join(EXAMPLES, 'partners.csv'), 'utf8');
    // P-1001 is Silver in the sample file.
    return (await csv).replace('P-1001,Northwind Traders,Silver,', `P-1001,Northwind Traders,${tier},`);
  };
  const importPartners = async (text: string, dryRun = false) =>
    importData({ ...deps, now: () => at }, { entity: 'partners', format: 'csv', input: [Buffer.from(text)], fileName: 'partners.csv', source: 'import', dryRun });

  beforeAll(async () => {
    handle = await testDb({ demo: false });
    deps = { pool: handle.pool, program: testProgram() };
    expectOk(await importFile(deps, 'users', join(EXAMPLES, 'users-vendor-staff.csv')));
    expectOk(await importFile(deps, 'partners', join(EXAMPLES, 'partners.csv')));
  });
  afterAll(async () => handle?.close());

  it('records nothing when partners are first loaded or re-imported unchanged', async () => {
    expectOk(await importPartners(await partnersWith('Silver')));
    expect(await changes()).toEqual([]);
  });

  it('records a tier an import changes, once, at the import time', async () => {
    expect(expectOk(await importPartners(await partnersWith('Gold'))).updated).toBe(1);
    expect(await changes()).toEqual([{ external_id: 'P-1001', from_tier: 'Silver', to_tier: 'Gold', changed_at: at }]);
    expect(expectOk(await importPartners(await partnersWith('Gold'))).updated).toBe(0);
    expect(await changes()).toHaveLength(1);
  });

  it('records nothing for a dry run or a rejected file', async () => {
    expectOk(await importPartners(await partnersWith('Platinum'), true));
    const bad = await importPartners(`${await partnersWith('Platinum')}P-9999,Broken,Diamond,reseller,EMEA,2021-01-01,,\n`);
    expect(bad.ok).toBe(false);
    expect(await changes()).toHaveLength(1);
    const stored = await handle.db.selectFrom('partners').select('tier').where('external_id', '=', 'P-1001').executeTakeFirstOrThrow();
    expect(stored.tier).toBe('Gold');
  });
});
