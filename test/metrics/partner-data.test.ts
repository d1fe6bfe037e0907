import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import type { PartnerData } from '../../src/metrics/partner-data.ts';
import { testDb } from '../helpers/db.ts';
import { insertFixture, P, principalOf, TODAY, U } from './fixture.ts';

let db: Db;
let vendor: PartnerData;

beforeAll(async () => {
  db = (await testDb({ demo: false })).db;
  await insertFixture(db);
  vendor = createPartnerData(db, await principalOf(db, U.vendor), TODAY);
});

describe('partners', () => {
  it('describes a partner', async () => {
    expect(await vendor.partner(P.zeta)).toEqual({
      id: P.zeta,
      name: 'Zeta',
      tier: 'Silver',
      type: 'reseller',
      region: 'EMEA',
      parentId: P.alpha,
      channelManager: null,
    });
  });

  it('finds by every word, in any order and case, exact name first', async () => {
    // "Zeta" is an exact match, so it comes before "Alpha Zeta Distribution" (which sorts first alphabetically).
    expect((await vendor.findPartners('ZETA')).map((p) => p.name)).toEqual(['Zeta', 'Alpha Zeta Distribution']);
    expect((await vendor.findPartners('distribution alpha')).map((p) => p.id)).toEqual([P.alpha]);
    expect(await vendor.findPartners('alpha gamma')).toEqual([]);
    expect(await vendor.findPartners('   ')).toEqual([]);
    // LIKE wildcards are matched literally.
    expect(await vendor.findPartners('%')).toEqual([]);
    expect(await vendor.findPartners('_')).toEqual([]);
  });
});

describe('deals', () => {
  it('lists deals newest first, in dollars, with the partner name', async () => {
    const deals = await vendor.deals({ partnerIds: [P.alpha], limit: 3 });
    expect(deals.map((d) => [d.submittedOn, d.amount, d.status, d.partner])).toEqual([
      ['2026-11-10', 2500, 'won', 'Alpha Zeta Distribution'],
      ['2026-11-02', 1500, 'approved', 'Alpha Zeta Distribution'],
      ['2026-10-01', 6000, 'approved', 'Alpha Zeta Distribution'],
    ]);
  });

  it('filters by status, customer and expiry', async () => {
    expect((await vendor.deals({ partnerIds: [P.alpha], statuses: ['lost'] })).length).toBe(2);
    expect((await vendor.deals({ partnerIds: [P.alpha], statuses: [] })).length).toBe(0);
    const globex = await vendor.deals({ partnerIds: [P.alpha, P.gamma], customer: 'globex' });
    expect(globex.map((d) => d.customer)).toEqual(['Globex Corp']);
    // d7 expires 2026-12-10 = today + 17
    expect((await vendor.deals({ partnerIds: [P.alpha], expiringWithinDays: 17 })).map((d) => d.expiresOn)).toEqual(['2026-12-10']);
    expect(await vendor.deals({ partnerIds: [P.alpha], expiringWithinDays: 16 })).toEqual([]);
    expect(await vendor.deals({ partnerIds: [] })).toEqual([]);
  });

  it('only returns rows of the partners asked for', async () => {
    const deals = await vendor.deals({ partnerIds: [P.gamma] });
    expect(deals.map((d) => [d.partnerId, d.customer, d.coSell])).toEqual([[P.gamma, 'Hooli', true]]);
  });
});

describe('certifications', () => {
  it('lists active ones by default, soonest expiry first, with days left', async () => {
    const certs = await vendor.certifications({ partnerIds: [P.alpha] });
    // c1, c3, c4, c5, c6, c7 are active today; c2 and c8 have expired
    expect(certs.map((c) => [c.holder, c.daysLeft])).toEqual([
      ['Cass Seven', 0],
      ['Cleo Five', 30],
      ['Cole Six', 31],
      ['Cora One', 48],
      ['Cy Four', 312],
      ['Cid Three', 677],
    ]);
  });

  it('filters by expiry horizon, holder, and can include expired ones', async () => {
    const soon = await vendor.certifications({ partnerIds: [P.alpha, P.gamma], expiringWithinDays: 30 });
    expect(soon.map((c) => c.holder)).toEqual(['Cass Seven', 'Gus Nine', 'Cleo Five']);
    expect((await vendor.certifications({ partnerIds: [P.alpha], holder: 'CLEO@' })).map((c) => c.holderEmail)).toEqual([
      'cleo@alphazeta.example',
    ]);
    const all = await vendor.certifications({ partnerIds: [P.alpha], includeExpired: true });
    expect(all.length).toBe(8);
    expect(all[0]).toMatchObject({ holder: 'Cal Two', daysLeft: -54 });
  });
});

describe('asOf', () => {
  it('is the latest import, or now when nothing was imported, read once per turn', async () => {
    expect(await vendor.asOf()).toBe('2026-11-23T12:00:00.000Z'); // PULSE_NOW, no data_sources rows
    await db
      .insertInto('data_sources')
      .values([
        { entity: 'revenue', source: 'csv', file_name: 'a.csv', rows: 8, as_of: '2026-11-20T06:00:00Z' },
        { entity: 'deals', source: 'csv', file_name: 'b.csv', rows: 12, as_of: '2026-11-22T06:30:00Z' },
      ])
      .execute();
    // The turn that asked first keeps what it read (a turn's answers agree); the next turn sees the import.
    expect(await vendor.asOf()).toBe('2026-11-23T12:00:00.000Z');
    const nextTurn = createPartnerData(db, await principalOf(db, U.vendor), TODAY);
    expect(await nextTurn.asOf()).toBe('2026-11-22T06:30:00.000Z');
  });
});
