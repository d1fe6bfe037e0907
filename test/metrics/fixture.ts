import type { Db } from '../../db/connect.ts';
import { loadPrincipal, type Principal } from '../../src/access/principal.ts';

// A small hand-made program: three partners, a dozen rows per table, each placed on or next to a
// period boundary so the expected values in the tests can be worked out by hand.
// Today is 2026-11-23 (a Monday). Q3 2026 = [2026-07-01, 2026-10-01); "this month" = [2026-11-01, 2026-11-24).

export const P = { alpha: 7101, zeta: 7102, gamma: 7103 } as const;
export const U = { alphaAdmin: 8001, alphaUser: 8002, zetaAdmin: 8003, cm: 8004, idleCm: 8005, vendor: 8006 } as const;

export async function insertFixture(db: Db): Promise<void> {
  await db
    .insertInto('partners')
    .values([
      { id: P.alpha, name: 'Alpha Zeta Distribution', tier: 'Gold', type: 'distributor', region: 'EMEA', parent_id: null, channel_manager_id: null, joined_on: '2020-01-01', external_id: null },
      { id: P.zeta, name: 'Zeta', tier: 'Silver', type: 'reseller', region: 'EMEA', parent_id: P.alpha, channel_manager_id: null, joined_on: '2021-01-01', external_id: null },
      { id: P.gamma, name: 'Gamma Networks', tier: 'Silver', type: 'msp', region: 'NA', parent_id: null, channel_manager_id: null, joined_on: '2022-01-01', external_id: null },
    ])
    .execute();
  await db
    .insertInto('users')
    .values([
      { id: U.alphaAdmin, email: 'admin@alphazeta.example', name: 'Ada Admin', role: 'partner_admin', partner_id: P.alpha, external_id: null },
      { id: U.alphaUser, email: 'user@alphazeta.example', name: 'Uma User', role: 'partner_user', partner_id: P.alpha, external_id: null },
      { id: U.zetaAdmin, email: 'admin@zeta.example', name: 'Zed Admin', role: 'partner_admin', partner_id: P.zeta, external_id: null },
      { id: U.cm, email: 'cm@contoso.example', name: 'Carla Manager', role: 'channel_manager', partner_id: null, external_id: null },
      { id: U.idleCm, email: 'cm2@contoso.example', name: 'Ivan Idle', role: 'channel_manager', partner_id: null, external_id: null },
      { id: U.vendor, email: 'vendor@contoso.example', name: 'Vera Vendor', role: 'vendor_admin', partner_id: null, external_id: null },
    ])
    .execute();
  await db.updateTable('partners').set({ channel_manager_id: U.cm }).where('id', '=', P.gamma).execute();

  const rev = (partner_id: number, amount_cents: number, booked_on: string, product_line = 'Compute') => ({
    partner_id, amount_cents, booked_on, product_line, customer: 'Customer', external_id: null,
  });
  await db
    .insertInto('revenue')
    .values([
      rev(P.alpha, 100_000, '2026-07-01'), // Q3, on `from`: included
      rev(P.alpha, 250_050, '2026-09-30', 'Storage'), // Q3, last day
      rev(P.alpha, 99_999, '2026-10-01'), // on Q3's `to`: excluded
      rev(P.alpha, 500_000, '2026-06-30'), // before Q3
      rev(P.alpha, 12_345, '2026-11-23'), // today: in this month
      rev(P.alpha, 40_000, '2026-11-24'), // tomorrow: outside "this month"
      rev(P.zeta, 70_000, '2026-08-15'),
      rev(P.gamma, 30_000, '2026-08-15', 'Storage'),
    ])
    .execute();

  const deal = (
    partner_id: number,
    amount_cents: number,
    status: 'submitted' | 'approved' | 'rejected' | 'won' | 'lost' | 'expired',
    submitted_on: string,
    closed_on: string | null,
    co_sell = false,
    customer = 'Initrode',
    expires_on: string | null = null,
  ) => ({ partner_id, amount_cents, status, submitted_on, closed_on, co_sell, customer, expires_on, product: 'Compute', decided_on: null, external_id: null });
  await db
    .insertInto('deal_registrations')
    .values([
      deal(P.alpha, 1_000_000, 'won', '2026-06-10', '2026-07-01', true), // d1
      deal(P.alpha, 500_000, 'won', '2026-07-05', '2026-09-30'), // d2
      deal(P.alpha, 300_000, 'lost', '2026-07-20', '2026-08-01'), // d3
      deal(P.alpha, 200_000, 'won', '2026-08-01', '2026-10-01', true), // d4
      deal(P.alpha, 400_000, 'submitted', '2026-09-30', null), // d5
      deal(P.alpha, 600_000, 'approved', '2026-10-01', null), // d6
      deal(P.alpha, 150_000, 'approved', '2026-11-02', null, false, 'Globex Corp', '2026-12-10'), // d7
      deal(P.alpha, 90_000, 'rejected', '2026-07-01', null), // d8
      deal(P.alpha, 250_000, 'won', '2026-11-10', '2026-11-20', true), // d9
      deal(P.alpha, 100_000, 'lost', '2026-05-01', '2026-11-05'), // d10
      deal(P.gamma, 800_000, 'won', '2026-08-01', '2026-08-20', true, 'Hooli'), // d11
      deal(P.zeta, 123_400, 'approved', '2026-09-01', null, false, 'Umbrella'), // d12
    ])
    .execute();

  const lead = (partner_id: number, created_on: string, converted_on: string | null) => ({ partner_id, created_on, converted_on, external_id: null });
  await db
    .insertInto('leads')
    .values([
      lead(P.alpha, '2026-07-01', '2026-07-15'), // l1
      lead(P.alpha, '2026-08-01', null), // l2
      lead(P.alpha, '2026-09-30', '2026-10-10'), // l3
      lead(P.alpha, '2026-10-01', '2026-10-02'), // l4: excluded from Q3
      lead(P.alpha, '2026-06-30', '2026-07-01'), // l5: before Q3
      lead(P.alpha, '2026-11-05', null), // l6
      lead(P.gamma, '2026-08-01', '2026-08-02'),
    ])
    .execute();

  const cert = (partner_id: number, holder_name: string, earned_on: string, expires_on: string, holder_email: string | null = null) => ({
    partner_id, holder_name, holder_email, earned_on, expires_on, name: 'Contoso Cloud Architect', holder_user_id: null, external_id: null,
  });
  await db
    .insertInto('certifications')
    .values([
      cert(P.alpha, 'Cora One', '2025-01-10', '2027-01-10'), // c1
      cert(P.alpha, 'Cal Two', '2026-02-01', '2026-09-30'), // c2
      cert(P.alpha, 'Cid Three', '2026-09-30', '2028-09-30'), // c3
      cert(P.alpha, 'Cy Four', '2026-10-01', '2027-10-01'), // c4
      cert(P.alpha, 'Cleo Five', '2024-12-01', '2026-12-23', 'cleo@alphazeta.example'), // c5: expires today + 30
      cert(P.alpha, 'Cole Six', '2024-12-01', '2026-12-24'), // c6: expires today + 31
      cert(P.alpha, 'Cass Seven', '2024-11-23', '2026-11-23'), // c7: expires today
      cert(P.alpha, 'Cat Eight', '2024-01-01', '2026-11-22'), // c8: expired yesterday
      cert(P.gamma, 'Gus Nine', '2026-01-01', '2026-12-01'), // c9
    ])
    .execute();

  const mdf = (partner_id: number, allocated_cents: number, claimed_cents: number, allocated_on: string) => ({
    partner_id, allocated_cents, claimed_cents, allocated_on, approved_cents: claimed_cents, expires_on: '2027-06-30', external_id: null,
  });
  await db
    .insertInto('mdf')
    .values([
      mdf(P.alpha, 1_000_000, 600_000, '2026-07-01'), // m1
      mdf(P.alpha, 500_000, 0, '2026-09-30'), // m2
      mdf(P.alpha, 200_000, 200_000, '2026-10-01'), // m3: excluded from Q3
      mdf(P.alpha, 300_000, 150_000, '2026-11-10'), // m4
      mdf(P.gamma, 100_000, 100_000, '2026-08-01'),
    ])
    .execute();

  const inc = (partner_id: number, period_end: string, amount_cents: number, status: 'pending' | 'approved' | 'paid' | 'rejected') => ({
    partner_id, period_end, amount_cents, status, kind: 'rebate' as const, period_start: '2026-01-01', paid_on: null, external_id: null,
  });
  await db
    .insertInto('incentives')
    .values([
      inc(P.alpha, '2026-07-01', 100_000, 'approved'), // i1
      inc(P.alpha, '2026-09-30', 250_000, 'paid'), // i2
      inc(P.alpha, '2026-09-15', 999_900, 'pending'), // i3: not earned yet
      inc(P.alpha, '2026-08-31', 50_000, 'rejected'), // i4
      inc(P.alpha, '2026-10-01', 70_000, 'paid'), // i5: on Q3's `to`
      inc(P.alpha, '2026-11-15', 33_300, 'approved'), // i6
      inc(P.zeta, '2026-08-31', 10_000, 'paid'),
    ])
    .execute();

  const ren = (partner_id: number, due_on: string, status: 'pending' | 'renewed' | 'churned') => ({
    partner_id, due_on, status, customer: 'Customer', amount_cents: 100_000, renewed_on: null, external_id: null,
  });
  await db
    .insertInto('renewals')
    .values([
      ren(P.alpha, '2026-07-01', 'renewed'), // n1
      ren(P.alpha, '2026-08-10', 'renewed'), // n2
      ren(P.alpha, '2026-09-30', 'churned'), // n3
      ren(P.alpha, '2026-09-15', 'pending'), // n4: undecided
      ren(P.alpha, '2026-10-01', 'churned'), // n5: on Q3's `to`
      ren(P.alpha, '2026-11-20', 'churned'), // n6
      ren(P.gamma, '2026-08-10', 'renewed'),
    ])
    .execute();
}

export async function principalOf(db: Db, userId: number): Promise<Principal> {
  const r = await loadPrincipal(db, userId);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const Q3 = { from: '2026-07-01', to: '2026-10-01', label: 'Q3 2026' };
export const NOV = { from: '2026-11-01', to: '2026-11-24', label: 'this month (November 2026)' };
export const Q1 = { from: '2026-01-01', to: '2026-04-01', label: 'Q1 2026' };
export const TODAY = '2026-11-23';
