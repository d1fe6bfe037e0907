import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const pipelineValue: MetricDef = {
  name: 'pipeline_value',
  label: 'Pipeline value',
  unit: 'currency',
  kind: 'stock',
  description: 'The value of open deal registrations (submitted or approved) registered before the end of the period, in dollars.',
  synonyms: ['pipeline', 'pipeline value', 'open pipeline', 'open deals value', 'value of open deals', 'open deals'],
  higherIsBetter: true,
  // Deals carry only their current status, so the stock is "open now and registered by then".
  query: (src, period, filters) => {
    let q = src
      .from('deal_registrations')
      .select(['partner_id', sql<number>`sum(amount_cents) / 100.0`.as('value')])
      .where('status', 'in', ['submitted', 'approved'])
      .where('submitted_on', '<', period.to);
    if (filters.product) q = q.where(sql`lower(product)`, '=', filters.product.toLowerCase());
    return q.groupBy('partner_id').execute();
  },
};
