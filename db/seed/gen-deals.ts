import type { DealStatus } from '../schema.ts';
import type { Calendar } from './calendar.ts';
import type { PartnerPlan } from './plan.ts';
import type { Rng } from './random.ts';
import type { DealRow } from './rows.ts';

// Registrations approved by the vendor stay protected for 90 days.
export const REGISTRATION_DAYS = 90;

/**
 * Deal registrations over 18 months: exactly the planned number won (and co-sold) inside the
 * trailing 12 months, a realistic share lost, rejected and expired, and an open pipeline of
 * submitted and approved deals.
 */
export function dealRows(p: PartnerPlan, cal: Calendar, rng: Rng): DealRow[] {
  const won = p.targets.won;
  const total = Math.max(p.volume.deals, Math.ceil(won * 2.2) + 6);
  let left = total - won;
  const take = (n: number): number => {
    const k = Math.max(0, Math.min(left, n));
    left -= k;
    return k;
  };
  const lostInWindow = take(Math.round(won * rng.range(0.35, 1.1)));
  const openApproved = take(Math.max(1, Math.round(total * 0.05)));
  const openSubmitted = take(Math.max(1, Math.round(total * 0.03)));
  const rejected = take(Math.round(total * 0.05));
  const expired = take(Math.round(total * 0.05));
  const older = left;

  const avg = Math.min(
    60_000_000,
    Math.max(150_000, (p.targets.revenueCents / Math.max(won + lostInWindow, 4)) * rng.range(0.8, 1.3)),
  );
  const rows: DealRow[] = [];
  const push = (status: DealStatus, submitted: number, decided: number | null, closed: number | null, expires: number | null, coSell: boolean) => {
    rows.push({
      partner_id: p.row.id,
      customer: p.customers[rng.skewed(p.customers.length)] ?? 'Walk-in Customer',
      product: p.products[rng.skewed(p.products.length, 1.6)] ?? 'Cloud Platform',
      amount_cents: Math.max(100, Math.round((avg * rng.logNormal(0.6)) / 100) * 100),
      status,
      co_sell: coSell,
      submitted_on: cal.day(submitted),
      decided_on: decided === null ? null : cal.day(decided),
      closed_on: closed === null ? null : cal.day(closed),
      expires_on: expires === null ? null : cal.day(expires),
    });
  };
  const closedDeal = (status: 'won' | 'lost', closed: number, coSell: boolean) => {
    const submitted = Math.max(cal.historyStart, closed - rng.int(14, 120));
    const decided = Math.min(closed, submitted + rng.int(1, 7));
    push(status, submitted, decided, closed, decided + REGISTRATION_DAYS, coSell);
  };

  for (let i = 0; i < won; i++) closedDeal('won', rng.int(cal.t12Start, 0), i < p.targets.coSell);
  for (let i = 0; i < lostInWindow; i++) closedDeal('lost', rng.int(cal.t12Start, 0), rng.chance(0.08));
  for (let i = 0; i < older; i++) {
    closedDeal(rng.chance(0.55) ? 'won' : 'lost', rng.int(cal.historyStart + 14, cal.t12Start - 1), rng.chance(0.1));
  }
  for (let i = 0; i < openApproved; i++) {
    const submitted = -rng.int(5, 80);
    const decided = submitted + rng.int(1, 4);
    push('approved', submitted, decided, null, decided + REGISTRATION_DAYS, rng.chance(0.1));
  }
  for (let i = 0; i < openSubmitted; i++) push('submitted', -rng.int(0, 14), null, null, null, false);
  for (let i = 0; i < rejected; i++) {
    const submitted = rng.int(cal.historyStart, -3);
    push('rejected', submitted, submitted + rng.int(1, 3), null, null, false);
  }
  for (let i = 0; i < expired; i++) {
    const submitted = rng.int(cal.historyStart, -100);
    const decided = submitted + rng.int(1, 5);
    push('expired', submitted, decided, null, decided + REGISTRATION_DAYS, false);
  }
  return rows;
}
