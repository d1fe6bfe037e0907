import type { Calendar } from './calendar.ts';
import { incentiveRows, leadRows, mdfRows, renewalRows } from './gen-activity.ts';
import { dealRows } from './gen-deals.ts';
import { certificationRows } from './gen-people.ts';
import { revenueRows } from './gen-revenue.ts';
import type { PartnerPlan } from './plan.ts';
import { hashSeed, Rng } from './random.ts';
import type { Bundle, BundleTable } from './rows.ts';

/**
 * One table's rows for one partner. Each (partner, table) pair draws from a random stream of its
 * own, so generating a single table gives the same rows as generating the whole bundle.
 */
export function tableRows<T extends BundleTable>(table: T, p: PartnerPlan, cal: Calendar): Bundle[T] {
  const rng = new Rng(hashSeed(p.seed, table));
  const rows: Bundle[BundleTable] = (() => {
    switch (table) {
      case 'deal_registrations':
        return dealRows(p, cal, rng);
      case 'revenue':
        return revenueRows(p, cal, rng);
      case 'leads':
        return leadRows(p, cal, rng);
      case 'certifications':
        return certificationRows(p, cal, rng);
      case 'mdf':
        return mdfRows(p, cal, rng);
      case 'incentives':
        return incentiveRows(p, cal, rng);
      case 'renewals':
        return renewalRows(p, cal, rng);
    }
  })();
  return rows as Bundle[T];
}

export function generateBundle(p: PartnerPlan, cal: Calendar): Bundle {
  return {
    deal_registrations: tableRows('deal_registrations', p, cal),
    revenue: tableRows('revenue', p, cal),
    leads: tableRows('leads', p, cal),
    certifications: tableRows('certifications', p, cal),
    mdf: tableRows('mdf', p, cal),
    incentives: tableRows('incentives', p, cal),
    renewals: tableRows('renewals', p, cal),
  };
}
