import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';
import { revenueMeasure } from './monthly.ts';

export const revenue: MetricDef = {
  name: 'revenue',
  label: 'Revenue',
  unit: 'currency',
  kind: 'flow',
  aggregation: 'sum',
  description: 'Bookings imported from the ERP: the revenue lines booked in the period, in dollars.',
  synonyms: ['revenue', 'sales', 'bookings', 'turnover', 'booked revenue', 'income', 'sold'],
  higherIsBetter: true,
  parts: (src, period, filters) => {
    if (!filters.product) return revenueMeasure(src, period);
    // By product line: the rollup has no product, so the raw rows.
    const q = src
      .from('revenue')
      .select(['partner_id', sql<number>`sum(amount_cents) / 100.0`.as('num'), sql<null>`null`.as('den')])
      .where('booked_on', '>=', period.from)
      .where('booked_on', '<', period.to)
      .where(sql`lower(product_line)`, '=', filters.product.toLowerCase());
    return q.groupBy('partner_id').execute();
  },
};
