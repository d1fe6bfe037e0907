import { sql } from 'kysely';
import type { DealStatus } from '../../../db/schema.ts';
import type { MetricDef } from '../types.ts';
import { dealMeasure } from './monthly.ts';

const STATUSES: readonly DealStatus[] = ['submitted', 'approved', 'rejected', 'won', 'lost', 'expired'];
const isDealStatus = (s: string): s is DealStatus => (STATUSES as readonly string[]).includes(s);

export const dealRegistrations: MetricDef = {
  name: 'deal_registrations',
  label: 'Deal registrations',
  unit: 'count',
  kind: 'flow',
  aggregation: 'count',
  description: 'How many deals were registered (submitted) in the period, whatever became of them.',
  synonyms: ['deal registrations', 'registered deals', 'deal regs', 'registrations', 'deals registered', 'new deals', 'deals submitted'],
  higherIsBetter: true,
  parts: (src, period, filters) => {
    const statuses = filters.status?.map((s) => s.toLowerCase()).filter(isDealStatus);
    if (!filters.product) {
      return dealMeasure(src, period, { basis: 'submitted', ...(statuses ? { statuses } : {}) });
    }
    // By product: the rollup has no product, so the raw rows.
    let q = src
      .from('deal_registrations')
      .select(['partner_id', sql<number>`count(*)`.as('num'), sql<null>`null`.as('den')])
      .where('submitted_on', '>=', period.from)
      .where('submitted_on', '<', period.to);
    if (filters.status) {
      const statuses = filters.status.map((s) => s.toLowerCase()).filter(isDealStatus);
      // An unknown status must count nothing, not everything.
      q = statuses.length > 0 ? q.where('status', 'in', statuses) : q.where(sql<boolean>`false`);
    }
    q = q.where(sql`lower(product)`, '=', filters.product.toLowerCase());
    return q.groupBy('partner_id').execute();
  },
};
