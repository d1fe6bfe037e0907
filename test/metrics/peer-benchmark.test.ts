import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { peerBenchmark, type PeerBenchmark } from '../../src/metrics/peers/benchmark.ts';
import { peerRank } from '../../src/metrics/peers/peer-rank.ts';
import { BUILT_IN_METRICS } from '../../src/metrics/metric-set.ts';
import { Forbidden } from '../../src/errors.ts';
import { testDb } from '../helpers/db.ts';
import { principalOf, Q3, TODAY } from '../metrics/fixture.ts';

// Six Silver partners (three in EMEA, three in NA) and four Gold ones, with Q3 revenue chosen so
// that no statistic can equal any single partner's figure by accident.
const SILVER = [
  { id: 9101, name: 'Silverline One', region: 'EMEA', cents: 100_011 },
  { id: 9102, name: 'Silverline Two', region: 'EMEA', cents: 200_022 },
  { id: 9103, name: 'Silverline Three', region: 'EMEA', cents: 300_033 },
  { id: 9104, name: 'Silverline Four', region: 'NA', cents: 400_044 },
  { id: 9105, name: 'Silverline Five', region: 'NA', cents: 500_055 },
  { id: 9106, name: 'Silverline Six', region: 'NA', cents: 600_066 },
];
const GOLD = [
  { id: 9201, name: 'Goldcrest A', region: 'EMEA', cents: 1_234_567 },
  { id: 9202, name: 'Goldcrest B', region: 'EMEA', cents: 2_345_678 },
  { id: 9203, name: 'Goldcrest C', region: 'NA', cents: 3_456_789 },
  { id: 9204, name: 'Goldcrest D', region: 'NA', cents: 4_567_891 },
];
const ASKER = 9903; // partner_user of Silverline Three
const GOLD_ASKER = 9901; // partner_user of Goldcrest A

let db: Db;

beforeAll(async () => {
  db = (await testDb({ demo: false })).db;
  const all = [...SILVER.map((p) => ({ ...p, tier: 'Silver' })), ...GOLD.map((p) => ({ ...p, tier: 'Gold' }))];
  await db
    .insertInto('partners')
    .values(all.map((p) => ({ id: p.id, name: p.name, tier: p.tier, type: 'reseller' as const, region: p.region, parent_id: null, channel_manager_id: null, joined_on: '2020-01-01', external_id: null })))
    .execute();
  await db
    .insertInto('users')
    .values([
      { id: ASKER, email: 'u@silverline3.example', name: 'Sam', role: 'partner_user', partner_id: 9103, external_id: null },
      { id: GOLD_ASKER, email: 'u@goldcrest-a.example', name: 'Gail', role: 'partner_user', partner_id: 9201, external_id: null },
    ])
    .execute();
  await db
    .insertInto('revenue')
    .values(all.map((p) => ({ partner_id: p.id, amount_cents: p.cents, booked_on: '2026-08-01', product_line: 'Compute', customer: 'C', external_id: null })))
    .execute();
  // Closed deals for three Silver partners only: a win-rate cohort of three.
  await db
    .insertInto('deal_registrations')
    .values(
      [9101, 9102, 9103].map((id) => ({ partner_id: id, customer: 'C', product: 'P', amount_cents: 1, status: 'won' as const, submitted_on: '2026-07-01', closed_on: '2026-08-01', decided_on: null, expires_on: null, external_id: null })),
    )
    .execute();
});

const bench = async (userId: number, partnerId: number, cohort: { tier: string; region?: string }, metric: 'revenue' | 'win_rate' = 'revenue'): Promise<PeerBenchmark> => {
  const r = await peerBenchmark(db, await principalOf(db, userId), { metric, partnerId, period: Q3, cohort, today: TODAY });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function expectNothingAboutOthers(result: PeerBenchmark, ownId: number): void {
  const json = JSON.stringify(result);
  for (const p of [...SILVER, ...GOLD].filter((x) => x.id !== ownId)) {
    expect(json).not.toContain(String(p.id));
    expect(json).not.toContain(p.name);
    expect(json).not.toContain(String(p.cents / 100));
  }
}

describe('peerBenchmark', () => {
  it('compares with a cohort of at least five, showing only aggregates', async () => {
    const r = await bench(ASKER, 9103, { tier: 'silver' });
    // Six values $1,000.11 … $6,000.66; ours $3,000.33 is above two of the five others → 2/5 = 40.
    // Quartiles interpolate the sorted six: p25 at 1.25 → 2,000.22 + 0.25 × 1,000.11 = 2,250.25 → 2,250;
    // median at 2.5 → 3,500.385 → 3,500; p75 at 3.75 → 4,750.52 → 4,750 (3 significant figures).
    expect(r).toEqual({
      withheld: false,
      metric: 'revenue',
      unit: 'currency',
      period: Q3,
      cohortSize: 6,
      percentile: 40,
      p25: 2250,
      median: 3500,
      p75: 4750,
      yourValue: 3000.33,
      // Range 5,000.55 / 5 → a step of 2,000 from 0.
      buckets: [
        { from: 0, to: 2000, count: 1 },
        { from: 2000, to: 4000, count: 2 },
        { from: 4000, to: 6000, count: 2 },
        { from: 6000, to: 8000, count: 1 },
      ],
    });
    expectNothingAboutOthers(r, 9103);
  });

  it('withholds a cohort of four', async () => {
    const r = await bench(GOLD_ASKER, 9201, { tier: 'Gold' });
    expect(r.withheld).toBe(true);
    expect(r).not.toHaveProperty('median');
    expectNothingAboutOthers(r, 9201);
  });

  it('does not let an outsider make a small cohort big enough', async () => {
    // Four Gold partners plus a Silver asker would be five; the asker is not one of them.
    expect((await bench(ASKER, 9103, { tier: 'Gold' })).withheld).toBe(true);
  });

  it('withholds when a region narrows the cohort below five', async () => {
    expect((await bench(ASKER, 9103, { tier: 'Silver', region: 'emea' })).withheld).toBe(true);
  });

  it('counts only partners that have a value', async () => {
    // Only three Silver partners closed a deal in Q3: no win rate for the other three.
    expect((await bench(ASKER, 9103, { tier: 'Silver' }, 'win_rate')).withheld).toBe(true);
  });

  it("refuses to benchmark a partner outside the asker's scope", async () => {
    const p = await principalOf(db, ASKER);
    await expect(peerBenchmark(db, p, { metric: 'revenue', partnerId: 9104, period: Q3, cohort: { tier: 'Silver' } })).rejects.toBeInstanceOf(
      Forbidden,
    );
  });

  it('follows the data: a cohort kept from an earlier question is not reused once a peer’s figures or tier change', async () => {
    const before = await bench(ASKER, 9103, { tier: 'Silver' });
    expect(before).toMatchObject({ withheld: false, cohortSize: 6, median: 3500 });
    const again = await bench(ASKER, 9103, { tier: 'Silver' });
    expect(again).toEqual(before);

    // A peer's revenue grows, in a committed transaction: the median moves.
    await db.insertInto('revenue').values({ partner_id: 9101, amount_cents: 1_000_000, booked_on: '2026-08-02', product_line: 'Compute', customer: 'C', external_id: null }).execute();
    const grown = await bench(ASKER, 9103, { tier: 'Silver' });
    expect(grown).toMatchObject({ withheld: false, cohortSize: 6 });
    if (grown.withheld) throw new Error('withheld');
    expect(grown.p75).toBeGreaterThan(before.withheld ? 0 : before.p75);

    // A Gold partner moves down to Silver: the cohort grows by one.
    await db.updateTable('partners').set({ tier: 'Silver' }).where('id', '=', 9204).execute();
    expect(await bench(ASKER, 9103, { tier: 'Silver' })).toMatchObject({ withheld: false, cohortSize: 7 });

    // Put back, for the other tests.
    await db.deleteFrom('revenue').where('partner_id', '=', 9101).where('booked_on', '=', '2026-08-02').execute();
    await db.updateTable('partners').set({ tier: 'Gold' }).where('id', '=', 9204).execute();
    expect(await bench(ASKER, 9103, { tier: 'Silver' })).toEqual(before);
  });
});

// Issue 16, B5: a distributor's admin sees its four sub-partners' figures. In a group of its four
// sub-partners and two other partners, each sub-partner's percentile (0, 20, 60, 100 …) would
// place the two hidden partners' revenue between figures the admin already knows; only partners
// the asker cannot see count toward the five a group needs.
describe('peerBenchmark counts only partners the asker cannot see', () => {
  const DIST = 9300;
  const SUBS = [
    { id: 9301, cents: 10_011 },
    { id: 9302, cents: 20_022 },
    { id: 9303, cents: 40_044 },
    { id: 9304, cents: 50_055 },
  ];
  const OTHER = { id: 9305, cents: 30_033 }; // EMEA, like the four sub-partners
  const FAR = { id: 9306, cents: 60_066 }; // NA
  const DIST_ADMIN = 9910;
  const OTHER_USER = 9911;
  const VENDOR = 9912;

  beforeAll(async () => {
    const partner = (id: number, tier: string, region: string, parent: number | null, type: 'reseller' | 'distributor' = 'reseller') =>
      ({ id, name: `Bronzeline ${id}`, tier, type, region, parent_id: parent, channel_manager_id: null, joined_on: '2020-01-01', external_id: null });
    await db
      .insertInto('partners')
      .values([
        partner(DIST, 'Platinum', 'EMEA', null, 'distributor'),
        ...SUBS.map((s) => partner(s.id, 'Bronze', 'EMEA', DIST)),
        partner(OTHER.id, 'Bronze', 'EMEA', null),
        partner(FAR.id, 'Bronze', 'NA', null),
      ])
      .execute();
    await db
      .insertInto('users')
      .values([
        { id: DIST_ADMIN, email: 'admin@bronze-dist.example', name: 'Dana', role: 'partner_admin', partner_id: DIST, external_id: null },
        { id: OTHER_USER, email: 'u@bronze-other.example', name: 'Otto', role: 'partner_user', partner_id: OTHER.id, external_id: null },
        { id: VENDOR, email: 'vendor@bronze.example', name: 'Vic', role: 'vendor_admin', partner_id: null, external_id: null },
      ])
      .execute();
    await db
      .insertInto('revenue')
      .values([...SUBS, OTHER, FAR].map((p) => ({ partner_id: p.id, amount_cents: p.cents, booked_on: '2026-08-01', product_line: 'Compute', customer: 'C', external_id: null })))
      .execute();
  });

  it("gives a distributor's admin no percentile and no rank for its sub-partners, in the tier or the region", async () => {
    const p = await principalOf(db, DIST_ADMIN);
    for (const s of SUBS) {
      for (const cohort of [{ tier: 'Bronze' }, { tier: 'Bronze', region: 'EMEA' }]) {
        const r = await bench(DIST_ADMIN, s.id, cohort);
        expect(r, `${s.id} among ${JSON.stringify(cohort)}`).toMatchObject({ withheld: true, minCohort: 5 });
        expect(r).not.toHaveProperty('percentile');
        if (r.withheld) expect(r.reason).toMatch(/besides the ones you can already see/);
        const rank = await peerRank(db, p, TODAY, { metric: 'revenue', partnerId: s.id, period: Q3, cohort }, BUILT_IN_METRICS.def('revenue'));
        expect(rank).toEqual({ withheld: true, minCohort: 5, because: 'seen' });
      }
    }
  });

  it('still compares a partner with itself where at least five partners are outside its scope', async () => {
    // Six Bronze partners: the asker's own and five it cannot see.
    const r = await bench(OTHER_USER, OTHER.id, { tier: 'Bronze' });
    expect(r).toMatchObject({ withheld: false, cohortSize: 6, percentile: 40, yourValue: 300.33 });
    const rank = await peerRank(db, await principalOf(db, OTHER_USER), TODAY, { metric: 'revenue', partnerId: OTHER.id, period: Q3, cohort: { tier: 'Bronze' } }, BUILT_IN_METRICS.def('revenue'));
    expect(rank).toEqual({ withheld: false, rank: 4, of: 6, member: true });
    // In EMEA only four others: five partners in all, but one short of five the asker cannot see.
    expect(await bench(OTHER_USER, OTHER.id, { tier: 'Bronze', region: 'EMEA' })).toMatchObject({ withheld: true });
  });

  it('shows the group to an asker who sees every member (nobody hidden to bracket)', async () => {
    expect(await bench(VENDOR, 9301, { tier: 'Bronze', region: 'EMEA' })).toMatchObject({ withheld: false, cohortSize: 5, percentile: 0 });
  });
});
