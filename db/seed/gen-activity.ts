import type { Calendar } from './calendar.ts';
import type { PartnerPlan } from './plan.ts';
import type { Rng } from './random.ts';
import type { IncentiveRow, LeadRow, MdfRow, RenewalRow } from './rows.ts';

const LEAD_SOURCES = [
  ['partner', 0.5],
  ['vendor', 0.25],
  ['web', 0.15],
  ['event', 0.1],
] as const;

export const MDF_DAYS = 180;

export function leadRows(p: PartnerPlan, cal: Calendar, rng: Rng): LeadRow[] {
  const rows: LeadRow[] = [];
  for (let i = 0; i < p.volume.leads; i++) {
    const created = rng.int(cal.historyStart, 0);
    const converted = rng.chance(p.conversion) ? created + rng.int(3, 75) : 1;
    rows.push({
      partner_id: p.row.id,
      source: rng.weighted(LEAD_SOURCES),
      created_on: cal.day(created),
      converted_on: converted <= 0 ? cal.day(converted) : null,
    });
  }
  return rows;
}

/** Renewals decided in the trailing 12 months exactly as planned, plus older and upcoming ones. */
export function renewalRows(p: PartnerPlan, cal: Calendar, rng: Rng): RenewalRow[] {
  const { renewed, churned } = p.targets;
  const decided = renewed + churned;
  const upcoming = decided > 0 ? Math.max(1, Math.round(p.volume.renewals * 0.2)) : 0;
  const older = Math.max(0, p.volume.renewals - decided - upcoming);
  const avg = Math.max(50_000, (p.targets.revenueCents * 0.4) / Math.max(1, decided + upcoming));
  const rows: RenewalRow[] = [];
  const push = (due: number, status: RenewalRow['status']) =>
    rows.push({
      partner_id: p.row.id,
      customer: p.customers[rng.skewed(p.customers.length)] ?? 'Walk-in Customer',
      amount_cents: Math.round((avg * rng.logNormal(0.5)) / 100) * 100,
      due_on: cal.day(due),
      status,
      renewed_on: status === 'renewed' ? cal.day(Math.max(cal.historyStart, due - rng.int(0, 30))) : null,
    });
  for (let i = 0; i < renewed; i++) push(rng.int(cal.t12Start, 0), 'renewed');
  for (let i = 0; i < churned; i++) push(rng.int(cal.t12Start, 0), 'churned');
  for (let i = 0; i < upcoming; i++) push(rng.int(1, 120), 'pending');
  for (let i = 0; i < older; i++) push(rng.int(cal.historyStart, cal.t12Start - 1), rng.chance(0.85) ? 'renewed' : 'churned');
  return rows;
}

export function mdfRows(p: PartnerPlan, cal: Calendar, rng: Rng): MdfRow[] {
  const rows: MdfRow[] = [];
  for (let i = 0; i < p.volume.mdf; i++) {
    const allocatedOn = rng.int(cal.historyStart, -5);
    const expiresOn = allocatedOn + MDF_DAYS;
    const allocated = Math.round(Math.min(25_000_000, Math.max(250_000, p.targets.revenueCents * 0.012 * rng.range(0.5, 1.5))) / 50_000) * 50_000;
    // Funds that already expired were mostly claimed; live ones are part-way.
    const claimed = Math.round(allocated * (expiresOn < 0 ? rng.range(0.4, 1) : rng.range(0, 0.75)));
    rows.push({
      partner_id: p.row.id,
      allocated_cents: allocated,
      claimed_cents: claimed,
      approved_cents: Math.round(claimed * rng.range(0.7, 1)),
      allocated_on: cal.day(allocatedOn),
      expires_on: cal.day(expiresOn),
    });
  }
  return rows;
}

/** Quarterly rebates (tiers above the first), commissions and the odd spiff. */
export function incentiveRows(p: PartnerPlan, cal: Calendar, rng: Rng): IncentiveRow[] {
  const rows: IncentiveRow[] = [];
  const quarterRevenue = p.targets.revenueCents / 4;
  for (const q of cal.quarters) {
    const kinds: [IncentiveRow['kind'], number][] = [];
    if (p.tierIndex > 0) kinds.push(['rebate', quarterRevenue * rng.range(0.015, 0.035)]);
    if (rng.chance(0.7)) kinds.push(['commission', quarterRevenue * rng.range(0.005, 0.02)]);
    if (rng.chance(0.3)) kinds.push(['spiff', rng.range(25_000, 300_000)]);
    for (const [kind, amount] of kinds) {
      let status: IncentiveRow['status'];
      if (q.end >= 0) status = 'pending';
      else if (q.end > -60) status = 'approved';
      else status = rng.chance(0.05) ? 'rejected' : 'paid';
      rows.push({
        partner_id: p.row.id,
        kind,
        period_start: cal.day(q.start),
        period_end: cal.day(q.end),
        amount_cents: Math.max(100, Math.round(amount / 100) * 100),
        status,
        paid_on: status === 'paid' ? cal.day(Math.min(-1, q.end + rng.int(20, 45))) : null,
      });
    }
  }
  return rows;
}
