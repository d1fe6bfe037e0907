import type { DealStatus } from '../schema.ts';
import type { Calendar } from './calendar.ts';
import { NORTHWIND_FACTS } from './demo-constants.ts';
import { incentiveRows, leadRows, MDF_DAYS } from './gen-activity.ts';
import { REGISTRATION_DAYS } from './gen-deals.ts';
import type { PartnerPlan, Targets } from './plan.ts';
import { hashSeed, Rng } from './random.ts';
import type { Bundle, CertificationRow, DealRow, RevenueRow } from './rows.ts';

// Northwind is the demo's protagonist: a Silver reseller 84% of the way to Gold on revenue, with
// exactly Gold's five certifications (one about to lapse) and enough approved deals open to close
// the gap. Its rows are written by hand rather than drawn, so every fact the walkthrough shows
// holds for any "today".

export const NORTHWIND_CUSTOMERS = [
  'Alpine Ski House',
  'Bellows College',
  'Blue Yonder Airlines',
  'City Power & Light',
  'Coho Winery',
  'Fourth Coffee',
  'Graphic Design Institute',
  'Humongous Insurance',
  'Margie’s Travel',
  'Trey Research',
  'Woodgrove Bank',
] as const;

const PRODUCTS = ['Cloud Platform', 'Security Suite', 'Modern Workplace', 'Data & Analytics', 'Support & Maintenance'] as const;

export const NORTHWIND_TARGETS: Targets = {
  revenueCents: NORTHWIND_FACTS.revenueT12m * 100,
  activeCerts: NORTHWIND_FACTS.activeCertifications,
  won: NORTHWIND_FACTS.wonDealsT12m,
  coSell: 1,
  renewed: 9,
  churned: 1,
};

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

function revenue(p: PartnerPlan, cal: Calendar, rng: Rng): RevenueRow[] {
  const lost = NORTHWIND_FACTS.lostCustomerLastMonth;
  const rows: RevenueRow[] = [];
  // Month by month from the start of the history: a steady business growing ~2% a month, a big
  // Alpine Ski House order the month before last, and a quiet last month without Alpine.
  for (let m = cal.historyStart, k = 0; m <= 0; k++) {
    const month = cal.monthOf(m);
    let next = m;
    while (next <= 0 && cal.monthOf(next) === month) next++;
    const days = next - m;
    const isLast = m === cal.lastMonthStart;
    const isPrev = m === cal.prevMonthStart;
    const monthTotal = (1 + 0.02 * k) * (isLast ? 0.72 : 1) * rng.range(0.94, 1.06) * (days / 30);
    const lines = Math.max(2, Math.round(days / 4));
    const weights = Array.from({ length: lines }, () => rng.range(0.5, 1.5));
    const sum = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, i) => {
      let customer = pick(NORTHWIND_CUSTOMERS, rng.skewed(NORTHWIND_CUSTOMERS.length, 1.5) + i);
      if (isLast && customer === lost) customer = pick(NORTHWIND_CUSTOMERS.slice(1), i);
      rows.push({
        partner_id: p.row.id,
        product_line: pick(PRODUCTS, k + i),
        customer,
        amount_cents: Math.round((w / sum) * monthTotal * 1_000_000),
        booked_on: cal.day(m + Math.floor(((i + 0.5) * days) / lines)),
      });
    });
    if (isPrev) {
      rows.push({
        partner_id: p.row.id,
        product_line: 'Cloud Platform',
        customer: lost,
        amount_cents: Math.round(0.3 * monthTotal * 1_000_000),
        booked_on: cal.day(m + 17),
      });
    }
    m = next;
  }
  // Scale so the trailing 12 months come to the target to the cent; the biggest line takes the
  // rounding. Scaling every line keeps the shape (last month below the one before).
  const inWindow = (r: RevenueRow) => r.booked_on >= cal.day(cal.t12Start);
  const current = rows.filter(inWindow).reduce((s, r) => s + r.amount_cents, 0);
  const factor = p.targets.revenueCents / current;
  for (const r of rows) r.amount_cents = Math.round(r.amount_cents * factor);
  const windowRows = rows.filter(inWindow);
  const drift = p.targets.revenueCents - windowRows.reduce((s, r) => s + r.amount_cents, 0);
  const biggest = windowRows.reduce((a, b) => (b.amount_cents > a.amount_cents ? b : a));
  biggest.amount_cents += drift;
  return rows;
}

function deals(p: PartnerPlan, cal: Calendar, rng: Rng): DealRow[] {
  const rows: DealRow[] = [];
  let n = 0;
  const add = (status: DealStatus, amount: number, submitted: number, decided: number | null, closed: number | null, coSell = false) => {
    rows.push({
      partner_id: p.row.id,
      customer: pick(NORTHWIND_CUSTOMERS, n * 3 + 1),
      product: pick(PRODUCTS, n),
      amount_cents: amount * 100,
      status,
      co_sell: coSell,
      submitted_on: cal.day(submitted),
      decided_on: decided === null ? null : cal.day(decided),
      closed_on: closed === null ? null : cal.day(closed),
      expires_on: decided === null || status === 'rejected' ? null : cal.day(decided + REGISTRATION_DAYS),
    });
    n++;
  };
  const span = -cal.t12Start;
  for (let i = 0; i < NORTHWIND_FACTS.wonDealsT12m; i++) {
    const closed = -Math.floor(((i + 0.5) * span) / NORTHWIND_FACTS.wonDealsT12m);
    const submitted = closed - rng.int(20, 70);
    add('won', rng.int(8, 30) * 1000, submitted, submitted + 3, closed, i === 4);
  }
  for (let i = 0; i < 6; i++) {
    const closed = -Math.floor(((i + 0.3) * span) / 6);
    add('lost', rng.int(6, 25) * 1000, closed - 45, closed - 42, closed);
  }
  for (let i = 0; i < 11; i++) {
    const closed = cal.t12Start - 10 - i * 12;
    add(i % 3 === 2 ? 'lost' : 'won', rng.int(7, 22) * 1000, closed - 40, closed - 37, closed);
  }
  add('expired', 14_000, cal.t12Start - 60, cal.t12Start - 58, null);
  add('expired', 9_000, -150, -148, null);
  add('rejected', 5_500, -200, -198, null);
  // The open approved pipeline: 120,000 against an 80,000 gap to Gold; the oldest registration
  // lapses in 9 days unless the deal closes.
  const expiring = -(REGISTRATION_DAYS - NORTHWIND_FACTS.registrationExpiringInDays);
  add('approved', 36_500, expiring - 3, expiring, null);
  add('approved', 31_000, -45, -43, null);
  add('approved', 28_500, -30, -28, null, true);
  add('approved', 24_000, -12, -10, null);
  add('submitted', 15_000, -3, null, null);
  add('submitted', 9_500, -1, null, null);
  return rows;
}

function certifications(p: PartnerPlan, cal: Calendar): CertificationRow[] {
  const [owner, seller] = p.users;
  if (!owner || !seller) throw new Error('Northwind needs its owner and seller users');
  const held = (u: typeof owner) => ({ holder_user_id: u.id, holder_name: u.name, holder_email: u.email });
  const other = (name: string, email: string | null) => ({ holder_user_id: null, holder_name: name, holder_email: email });
  const cert = (who: Pick<CertificationRow, 'holder_user_id' | 'holder_name' | 'holder_email'>, name: string, expires: number, validity = 730): CertificationRow => ({
    partner_id: p.row.id,
    ...who,
    name,
    earned_on: cal.day(expires - validity),
    expires_on: cal.day(expires),
  });
  return [
    cert(held(seller), 'Contoso Cloud Architect', NORTHWIND_FACTS.expiringInDays),
    cert(held(owner), 'Contoso Security Specialist', 210),
    cert(other('Priya Natarajan', 'priya.natarajan@northwind.example'), 'Contoso Data Engineer', 400),
    cert(held(seller), 'Contoso Sales Professional', 290, 365),
    cert(other('Diego Alvarez', null), 'Contoso Solutions Associate', 520),
    // History: lapsed certifications do not count.
    cert(other('Ken Ito', 'ken.ito@northwind.example'), 'Contoso Network Expert', -40, 1095),
    cert(held(owner), 'Contoso Cloud Architect', -400),
  ];
}

export function northwindBundle(p: PartnerPlan, cal: Calendar): Bundle {
  const rng = new Rng(hashSeed(p.seed, 'northwind'));
  const renewal = (customer: string, amount: number, due: number, status: 'pending' | 'renewed' | 'churned') => ({
    partner_id: p.row.id,
    customer,
    amount_cents: amount * 100,
    due_on: cal.day(due),
    status,
    renewed_on: status === 'renewed' ? cal.day(due - 5) : null,
  });
  const span = -cal.t12Start;
  const renewals = [
    ...Array.from({ length: 10 }, (_, i) =>
      renewal(pick(NORTHWIND_CUSTOMERS, i), rng.int(4, 16) * 1000, -Math.floor(((i + 0.5) * span) / 10), i === 6 ? 'churned' : 'renewed'),
    ),
    renewal('Coho Winery', 8_000, 10, 'pending'),
    renewal('Fourth Coffee', 12_000, 35, 'pending'),
    renewal('Woodgrove Bank', 21_000, 70, 'pending'),
    renewal('Trey Research', 6_000, cal.t12Start - 20, 'renewed'),
    renewal('Bellows College', 9_000, cal.t12Start - 60, 'renewed'),
    renewal('Humongous Insurance', 11_000, cal.t12Start - 100, 'churned'),
  ];
  const mdf = (allocatedOn: number, allocated: number, claimed: number, approved: number) => ({
    partner_id: p.row.id,
    allocated_cents: allocated * 100,
    claimed_cents: claimed * 100,
    approved_cents: approved * 100,
    allocated_on: cal.day(allocatedOn),
    expires_on: cal.day(allocatedOn + MDF_DAYS),
  });
  return {
    revenue: revenue(p, cal, rng),
    deal_registrations: deals(p, cal, rng),
    certifications: certifications(p, cal),
    renewals,
    mdf: [
      mdf(-320, 20_000, 18_000, 18_000),
      mdf(NORTHWIND_FACTS.mdfExpiringInDays - MDF_DAYS, 25_000, 9_000, 7_000),
      mdf(-49, 15_000, 0, 0),
    ],
    leads: leadRows(p, cal, new Rng(hashSeed(p.seed, 'leads'))),
    incentives: incentiveRows(p, cal, new Rng(hashSeed(p.seed, 'incentives'))),
  };
}
