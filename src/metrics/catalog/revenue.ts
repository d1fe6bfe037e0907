import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const revenue: MetricDef = {
  name: 'revenue',
  label: 'Revenue',
  unit: 'currency',
  kind: 'flow',
  description: 'Bookings imported from the ERP: the revenue lines booked in the period, in dollars.',
  synonyms: ['revenue', 'sales', 'bookings', 'turnover', 'booked revenue', 'income', 'sold'],
  higherIsBetter: true,
  query: (src, period, filters) => {
    let q = src
      .from('revenue')
      .select(['partner_id', sql<number>`sum(amount_cents) / 100.0`.as('value')])
      .where('booked_on', '>=', period.from)
      .where('booked_on', '<', period.to);
    if (filters.product) q = q.where(sql`lower(product_line)`, '=', filters.product.toLowerCase());
    return q.groupBy('partner_id').execute();
  },
};
