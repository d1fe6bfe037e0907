import { addDays, addMonths, dayToDate, isoDay } from '../../src/clock.ts';
import type { MetricName } from '../../src/metrics/names.ts';
import type { Program, Window } from '../../src/program/schema.ts';
import type { Bundle } from './rows.ts';
import { boundOf, meets } from '../../src/program/bounds.ts';

// The metric semantics of the catalog, computed over one partner's generated rows in memory. The
// demo seed uses it to store each partner's tier as the highest tier its data meets, and to refuse
// to write a demo whose fixed partners would not tell the story the tests rely on.

export interface Period {
  from: string;
  to: string;
}

export function windowPeriod(window: Window, today: string): Period {
  const t = dayToDate(today);
  const to = isoDay(addDays(t, 1));
  switch (window) {
    case 'trailing_12_months':
      return { from: isoDay(addMonths(addDays(t, 1), -12)), to };
    case 'year_to_date':
      return { from: `${today.slice(0, 4)}-01-01`, to };
    case 'quarter_to_date': {
      const q = Math.floor(t.getUTCMonth() / 3) * 3;
      return { from: isoDay(new Date(Date.UTC(t.getUTCFullYear(), q, 1))), to };
    }
    case 'current':
      return { from: today, to };
  }
}

/** A person (email, else name) and a certification, case-insensitively: what active certifications count once. */
const pairKey = (c: { holder_email: string | null; holder_name: string; name: string }): string =>
  `${(c.holder_email?.trim() || c.holder_name.trim()).toLowerCase()}\u001f${c.name.trim().toLowerCase()}`;

const inPeriod = (day: string | null, p: Period): boolean => day !== null && day >= p.from && day < p.to;
const pct = (num: number, den: number): number | null => (den === 0 ? null : (num / den) * 100);

/** The value of `metric` for the partner whose rows are in `b`, in the catalog's units (dollars). */
export function metricValue(b: Bundle, metric: MetricName, period: Period, today: string, withinDays = 30): number | null {
  switch (metric) {
    case 'revenue':
      return b.revenue.reduce((s, r) => (inPeriod(r.booked_on, period) ? s + r.amount_cents : s), 0) / 100;
    case 'pipeline_value': {
      // As the pipeline stood at the period's end; today's open deals when that is today.
      const lastDay = isoDay(addDays(dayToDate(period.to), -1));
      const d = lastDay < today ? lastDay : today;
      const ended = (r: Bundle['deal_registrations'][number]): string | null =>
        r.status === 'won' || r.status === 'lost' ? (r.closed_on ?? r.submitted_on) : r.status === 'rejected' ? (r.decided_on ?? r.submitted_on) : r.status === 'expired' ? (r.expires_on ?? r.submitted_on) : null;
      const open = (r: Bundle['deal_registrations'][number]): boolean => {
        if (r.submitted_on > d) return false;
        if (d >= today) return r.status === 'submitted' || r.status === 'approved';
        const end = ended(r);
        return end === null || end > d;
      };
      return b.deal_registrations.reduce((s, r) => (open(r) ? s + r.amount_cents : s), 0) / 100;
    }
    case 'deal_registrations':
      return b.deal_registrations.filter((d) => inPeriod(d.submitted_on, period)).length;
    case 'won_deals':
      return b.deal_registrations.filter((d) => d.status === 'won' && inPeriod(d.closed_on, period)).length;
    case 'co_sell_deals':
      return b.deal_registrations.filter((d) => d.co_sell && d.status === 'won' && inPeriod(d.closed_on, period)).length;
    case 'win_rate': {
      const closed = b.deal_registrations.filter((d) => (d.status === 'won' || d.status === 'lost') && inPeriod(d.closed_on, period));
      return pct(closed.filter((d) => d.status === 'won').length, closed.length);
    }
    case 'lead_conversion_rate': {
      const leads = b.leads.filter((l) => inPeriod(l.created_on, period));
      return pct(leads.filter((l) => l.converted_on !== null).length, leads.length);
    }
    case 'active_certifications': {
      const lastDay = isoDay(addDays(dayToDate(period.to), -1));
      const d = lastDay < today ? lastDay : today;
      return new Set(b.certifications.filter((c) => c.earned_on <= d && c.expires_on >= d).map(pairKey)).size;
    }
    case 'expiring_certifications': {
      // Each person–certification pair once, by its last expiry: a renewal already recorded is not expiring.
      const until = isoDay(addDays(dayToDate(today), withinDays));
      const last = new Map<string, string>();
      for (const c of b.certifications) {
        if (c.earned_on > today || c.expires_on < today) continue;
        const k = pairKey(c);
        const seen = last.get(k);
        if (seen === undefined || c.expires_on > seen) last.set(k, c.expires_on);
      }
      return [...last.values()].filter((e) => e <= until).length;
    }
    case 'mdf_utilization': {
      const rows = b.mdf.filter((m) => inPeriod(m.allocated_on, period));
      const allocated = rows.reduce((s, m) => s + m.allocated_cents, 0);
      return rows.length === 0 || allocated === 0 ? null : pct(rows.reduce((s, m) => s + m.claimed_cents, 0), allocated);
    }
    case 'incentives_earned':
      return (
        b.incentives.reduce(
          (s, i) => ((i.status === 'approved' || i.status === 'paid') && inPeriod(i.period_end, period) ? s + i.amount_cents : s),
          0,
        ) / 100
      );
    case 'renewal_rate': {
      const decided = b.renewals.filter((r) => (r.status === 'renewed' || r.status === 'churned') && inPeriod(r.due_on, period));
      return pct(decided.filter((r) => r.status === 'renewed').length, decided.length);
    }
    case 'churn_rate': {
      const decided = b.renewals.filter((r) => (r.status === 'renewed' || r.status === 'churned') && inPeriod(r.due_on, period));
      return pct(decided.filter((r) => r.status === 'churned').length, decided.length);
    }
    default:
      // A vendor's own metric: the demo writes no facts for it.
      return null;
  }
}

export function meetsTier(program: Program, tierIndex: number, b: Bundle, today: string): boolean {
  const tier = program.tiers[tierIndex];
  if (!tier) return false;
  return tier.requirements.every((r) => {
    const v = metricValue(b, r.metric, windowPeriod(r.window, today), today);
    // No figure meets no minimum; nothing recorded is within a maximum. A maximum is met at or under it.
    const bound = boundOf(r);
    return v === null ? bound.atMost : meets(v, bound);
  });
}

/** Index of the highest tier whose requirements the rows meet (0 when none but the first). */
export function highestTierMet(program: Program, b: Bundle, today: string): number {
  for (let i = program.tiers.length - 1; i > 0; i--) if (meetsTier(program, i, b, today)) return i;
  return 0;
}
