import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { Forbidden, isPulseError } from '../../src/errors.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { METRIC_NAMES } from '../../src/metrics/names.ts';
import type { PartnerData } from '../../src/metrics/partner-data.ts';
import { testDb } from '../helpers/db.ts';
import { insertFixture, P, principalOf, Q3, TODAY, U } from '../metrics/fixture.ts';

// Every rule of the access table, attacked: each asker tries to read partners outside its scope
// through every door PartnerData has.

let db: Db;
const as = async (userId: number): Promise<PartnerData> => createPartnerData(db, await principalOf(db, userId), TODAY);
const names = (ps: { name: string }[]) => ps.map((p) => p.name).sort();

beforeAll(async () => {
  db = (await testDb({ demo: false })).db;
  await insertFixture(db);
});

/** Every read of `partnerId` must throw Forbidden. */
async function expectLockedOut(data: PartnerData, partnerId: number): Promise<void> {
  await expect(data.partner(partnerId)).rejects.toBeInstanceOf(Forbidden);
  for (const m of METRIC_NAMES) await expect(data.metric(m, partnerId, Q3)).rejects.toBeInstanceOf(Forbidden);
  await expect(data.metricByPartner('revenue', [partnerId], Q3)).rejects.toBeInstanceOf(Forbidden);
  await expect(data.deals({ partnerIds: [partnerId] })).rejects.toBeInstanceOf(Forbidden);
  await expect(data.certifications({ partnerIds: [partnerId], includeExpired: true })).rejects.toBeInstanceOf(Forbidden);
}

describe('partner_user', () => {
  it('reads its own partner', async () => {
    const data = await as(U.alphaUser);
    expect((await data.partner(P.alpha)).name).toBe('Alpha Zeta Distribution');
    expect((await data.metric('revenue', P.alpha, Q3)).value).toBe(3500.5);
  });

  it("cannot read another partner's data, not even its distributor's sub-partner", async () => {
    const data = await as(U.alphaUser);
    await expectLockedOut(data, P.gamma);
    // Only a distributor's *admin* sees the sub-partners.
    await expectLockedOut(data, P.zeta);
  });

  it('cannot smuggle a foreign id in among its own', async () => {
    const data = await as(U.alphaUser);
    await expect(data.metricByPartner('revenue', [P.alpha, P.gamma], Q3)).rejects.toBeInstanceOf(Forbidden);
    await expect(data.deals({ partnerIds: [P.alpha, P.gamma] })).rejects.toBeInstanceOf(Forbidden);
    await expect(data.certifications({ partnerIds: [P.alpha, P.gamma] })).rejects.toBeInstanceOf(Forbidden);
  });

  it('finds only itself by name', async () => {
    const data = await as(U.alphaUser);
    // Every partner's name holds an "a"; only its own comes back.
    expect(names(await data.findPartners('a'))).toEqual(['Alpha Zeta Distribution']);
    expect(await data.findPartners('gamma')).toEqual([]);
    expect(await data.findPartners('zeta')).toEqual([expect.objectContaining({ id: P.alpha })]);
    expect(names(await data.visiblePartners())).toEqual(['Alpha Zeta Distribution']);
  });

  it('gets the same refusal for a hidden partner and one that does not exist', async () => {
    const data = await as(U.alphaUser);
    const hidden = await data.partner(P.gamma).catch((e: unknown) => e);
    const missing = await data.partner(999_999).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(Forbidden);
    expect(missing).toBeInstanceOf(Forbidden);
  });
});

describe('partner_admin of a distributor', () => {
  it('sees its sub-partners', async () => {
    const data = await as(U.alphaAdmin);
    expect(names(await data.visiblePartners())).toEqual(['Alpha Zeta Distribution', 'Zeta']);
    expect(await data.metricByPartner('revenue', [P.alpha, P.zeta], Q3)).toEqual(new Map([[P.alpha, 3500.5], [P.zeta, 700]]));
    expect((await data.deals({ partnerIds: [P.zeta] })).map((d) => d.customer)).toEqual(['Umbrella']);
    expect(names(await data.findPartners('a'))).toEqual(['Alpha Zeta Distribution', 'Zeta']);
    await expectLockedOut(data, P.gamma);
  });

  it("but the sub-partner's admin cannot see the parent", async () => {
    const data = await as(U.zetaAdmin);
    expect(names(await data.visiblePartners())).toEqual(['Zeta']);
    expect(names(await data.findPartners('zeta'))).toEqual(['Zeta']);
    await expectLockedOut(data, P.alpha);
    await expectLockedOut(data, P.gamma);
  });
});

describe('channel_manager', () => {
  it('reads the partners assigned to it and nothing else', async () => {
    const data = await as(U.cm);
    expect(names(await data.visiblePartners())).toEqual(['Gamma Networks']);
    expect((await data.metric('won_deals', P.gamma, Q3)).value).toBe(1);
    expect((await data.partner(P.gamma)).channelManager).toBe('Carla Manager');
    await expectLockedOut(data, P.alpha);
    await expectLockedOut(data, P.zeta);
    await expect(data.metricByPartner('revenue', [P.gamma, P.alpha], Q3)).rejects.toBeInstanceOf(Forbidden);
  });

  it('with no partners assigned sees none', async () => {
    const data = await as(U.idleCm);
    expect(await data.visiblePartners()).toEqual([]);
    expect(await data.findPartners('a')).toEqual([]);
    for (const id of [P.alpha, P.zeta, P.gamma]) await expectLockedOut(data, id);
  });
});

describe('vendor_admin', () => {
  it('sees every partner', async () => {
    const data = await as(U.vendor);
    expect(names(await data.visiblePartners())).toEqual(['Alpha Zeta Distribution', 'Gamma Networks', 'Zeta']);
    expect((await data.metricByPartner('revenue', [P.alpha, P.zeta, P.gamma], Q3)).size).toBe(3);
  });

  it('gets not_found, worded like the refusal, for a partner that does not exist', async () => {
    const data = await as(U.vendor);
    const e = await data.partner(999_999).catch((x: unknown) => x);
    expect(isPulseError(e) && e.code).toBe('not_found');
    expect(isPulseError(e) && e.message).toBe("I can't find that partner.");
  });
});
