import type { Calendar } from './calendar.ts';
import type { PartnerPlan } from './plan.ts';
import type { Rng } from './random.ts';
import type { RevenueRow } from './rows.ts';

export interface RevenueShape {
  /** Extra weight per 'YYYY-MM' month (default: a little noise per month). */
  monthWeight?: (month: string) => number;
}

/**
 * Bookings over 18 months. Lines inside the trailing-12-month window add up to the planned
 * revenue to the cent; older lines follow the same growth curve so the history has no cliff.
 */
export function revenueRows(p: PartnerPlan, cal: Calendar, rng: Rng, shape: RevenueShape = {}): RevenueRow[] {
  const total = Math.max(3, p.volume.revenueLines);
  const inWindow = Math.max(2, Math.min(total, Math.round(total * (12 / 18) * rng.range(0.95, 1.05))));
  // Yearly growth between -25% and +45%, continuous so every month moves a little.
  const g = Math.log(1 + rng.range(-0.25, 0.45)) / 365;
  const noise = new Map<string, number>();
  const monthFactor = (month: string): number => {
    if (shape.monthWeight) return shape.monthWeight(month);
    let f = noise.get(month);
    if (f === undefined) {
      f = rng.logNormal(0.18);
      noise.set(month, f);
    }
    return f;
  };

  const offsets: number[] = [];
  const weights: number[] = [];
  let inWeight = 0;
  for (let i = 0; i < total; i++) {
    const off = i < inWindow ? rng.int(cal.t12Start, 0) : rng.int(cal.historyStart, cal.t12Start - 1);
    const w = rng.logNormal(0.7) * Math.exp(g * off) * monthFactor(cal.monthOf(off));
    offsets.push(off);
    weights.push(w);
    if (i < inWindow) inWeight += w;
  }

  const target = p.targets.revenueCents;
  const perWeight = target / inWeight;
  const rows: RevenueRow[] = [];
  let assigned = 0;
  let largest = 0;
  for (let i = 0; i < total; i++) {
    const w = weights[i] ?? 0;
    const amount = Math.max(1, Math.floor(w * perWeight));
    if (i < inWindow) {
      assigned += amount;
      if (amount > (rows[largest]?.amount_cents ?? 0)) largest = i;
    }
    rows.push({
      partner_id: p.row.id,
      product_line: p.products[rng.skewed(p.products.length, 1.6)] ?? 'Cloud Platform',
      customer: p.customers[rng.skewed(p.customers.length)] ?? 'Walk-in Customer',
      amount_cents: amount,
      booked_on: cal.day(offsets[i] ?? 0),
    });
  }
  // Rounding down leaves a few cents over; the biggest in-window line absorbs them exactly.
  const fix = rows[largest];
  if (fix) fix.amount_cents += target - assigned;
  return rows;
}
