import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import type { PartnerData } from '../../src/metrics/partner-data.ts';
import type { Period } from '../../src/metrics/types.ts';
import { testDb } from '../helpers/db.ts';
import { insertFixture, principalOf, TODAY, U } from './fixture.ts';

// Definitions that do not mislead: a certification renewed as a new row is still one
// certification; a past period's pipeline is the pipeline as it stood then.

const DELTA = 7201;
let db: Db;
let data: PartnerData;

const day = (d: string): Period => ({ from: d, to: next(d), label: d });
const next = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  db = (await testDb({ demo: false })).db;
  await insertFixture(db);
  await db
    .insertInto('partners')
    .values({ id: DELTA, name: 'Delta Dupes', tier: 'Gold', type: 'reseller', region: 'NA', parent_id: null, channel_manager_id: null, joined_on: '2020-01-01', external_id: null })
    .execute();
  const cert = (holder_name: string, holder_email: string | null, name: string, earned_on: string, expires_on: string) => ({
    partner_id: DELTA, holder_name, holder_email, name, earned_on, expires_on, holder_user_id: null, external_id: null,
  });
  await db
    .insertInto('certifications')
    .values([
      // Ann holds Cloud Architect twice at once (a renewal recorded as a new row), her email once in capitals: 1.
      cert('Ann Archer', 'ann@delta.example', 'Cloud Architect', '2025-01-01', '2026-12-01'),
      cert('Ann Archer', 'ANN@delta.example', 'cloud architect', '2026-11-01', '2028-11-01'),
      // …and a second certification: another 1.
      cert('Ann Archer', 'ann@delta.example', 'Security Specialist', '2026-01-01', '2027-06-30'),
      // Bob has no email: known by name, case-insensitively; two rows, 1 pair, expiring in 10 days.
      cert('Bob Baker', null, 'Cloud Architect', '2024-12-01', '2026-12-03'),
      cert('bob baker ', null, 'Cloud Architect', '2025-06-01', '2026-11-30'),
      // Same name, different email: two people, 2.
      cert('Chris Cole', 'chris.cole@delta.example', 'Cloud Architect', '2026-01-01', '2027-01-01'),
      cert('Chris Cole', 'chris.c@delta.example', 'Cloud Architect', '2026-01-01', '2027-01-01'),
      // Expired yesterday: 0.
      cert('Dee Dunn', 'dee@delta.example', 'Cloud Architect', '2024-01-01', '2026-11-22'),
    ])
    .execute();

  const deal = (amount: number, status: 'submitted' | 'approved' | 'rejected' | 'won' | 'lost' | 'expired', submitted_on: string, decided_on: string | null, closed_on: string | null, expires_on: string | null) => ({
    partner_id: DELTA, amount_cents: amount * 100, status, submitted_on, decided_on, closed_on, expires_on, co_sell: false, customer: 'Acme', product: 'Compute', external_id: null,
  });
  await db
    .insertInto('deal_registrations')
    .values([
      deal(1, 'won', '2026-08-01', '2026-08-03', '2026-10-15', '2026-11-01'), // open through Oct 14
      deal(2, 'lost', '2026-06-01', '2026-06-02', '2026-09-30', '2026-08-31'), // closed on Sep 30: gone by the end of Q3
      deal(4, 'rejected', '2026-09-20', '2026-10-02', null, null), // open (awaiting a decision) through Oct 1
      deal(8, 'expired', '2026-05-01', '2026-05-02', null, '2026-10-10'), // lapsed on Oct 10
      deal(16, 'approved', '2026-09-25', '2026-09-26', null, '2026-12-25'), // still open
      deal(32, 'submitted', '2026-10-05', null, null, null), // registered after Q3
      deal(64, 'won', '2026-07-01', '2026-07-02', null, null), // won, day unknown: not counted in the past
    ])
    .execute();
  data = createPartnerData(db, await principalOf(db, U.vendor), TODAY);
});

const value = async (metric: 'active_certifications' | 'expiring_certifications' | 'pipeline_value', period: Period, filters = {}) =>
  (await data.metric(metric, DELTA, period, filters)).value;

describe('active certifications: each person–certification pair once', () => {
  it('counts a certification held on two rows once, the person by email (else name), case-insensitively', async () => {
    // Ann × Cloud Architect, Ann × Security Specialist, Bob × Cloud Architect, two Chris Coles.
    expect(await value('active_certifications', day(TODAY))).toBe(5);
    // The rows themselves are all still listed.
    expect((await data.certifications({ partnerIds: [DELTA] })).length).toBe(7);
  });

  it('on a past day, what was held then', async () => {
    // 2026-10-15: Ann's first Cloud Architect row, her Security Specialist, Bob (both rows), both Chrises, Dee.
    expect(await value('active_certifications', { from: '2026-10-01', to: '2026-10-16', label: '' })).toBe(6);
  });

  it('expiring: a pair is expiring only when its last row is; a renewal already recorded is not', async () => {
    // Within 30 days: Ann's old row (Dec 1) is renewed to 2028, so not expiring; Bob's last row ends Dec 3.
    expect(await value('expiring_certifications', day(TODAY))).toBe(1);
    expect(await value('expiring_certifications', day(TODAY), { withinDays: 5 })).toBe(0);
    expect(await value('expiring_certifications', day(TODAY), { withinDays: 10 })).toBe(1);
  });

  it('a group counts each partner\u2019s pairs', async () => {
    expect(await data.metricTotal('active_certifications', [DELTA], day(TODAY))).toBe(5);
  });
});

describe('pipeline: as it stood at the end of the period', () => {
  it("a past quarter: registered by its last day and not yet won, lost, rejected or expired by then", async () => {
    // On 2026-09-30: the deal won on Oct 15 ($1), the rejection of Oct 2 ($4), the expiry of Oct 10 ($8),
    // the approved deal ($16). Not the deal lost on Sep 30 itself, nor the one registered in October,
    // nor the won deal without a closing day.
    expect(await value('pipeline_value', { from: '2026-07-01', to: '2026-10-01', label: 'Q3 2026' })).toBe(29);
    // On 2026-10-10: $1 (won later) + $16 + $32; the rejection (Oct 2) and the expiry (Oct 10 itself) are gone.
    expect(await value('pipeline_value', { from: '2026-10-01', to: '2026-10-11', label: '' })).toBe(49);
  });

  it("a period running to today gives today's open deals", async () => {
    // This quarter so far: the approved ($16) and submitted ($32) deals.
    expect(await value('pipeline_value', { from: '2026-10-01', to: next(TODAY), label: 'this quarter' })).toBe(48);
    // A whole period still running past today reads today as well.
    expect(await value('pipeline_value', { from: '2026-10-01', to: '2027-01-01', label: 'Q4 2026' })).toBe(48);
  });
});
