import { sql } from 'kysely';
import type { DealStatus } from '../../../db/schema.ts';
import type { MetricDef } from '../types.ts';
import { dealMeasure } from './monthly.ts';

const OPEN: DealStatus[] = ['submitted', 'approved'];

export const pipelineValue: MetricDef = {
  name: 'pipeline_value',
  label: 'Pipeline value',
  unit: 'currency',
  kind: 'stock',
  aggregation: 'sum',
  description: 'The value of open deal registrations (submitted or approved) registered before the end of the period, in dollars.',
  synonyms: ['pipeline', 'pipeline value', 'open pipeline', 'open deals value', 'value of open deals', 'open deals'],
  higherIsBetter: true,
  // Deals carry only their current status, so the stock is "open now and registered by then".
  parts: (src, period, filters) => {
    if (!filters.product) {
      return dealMeasure(src, { from: null, to: period.to }, { basis: 'submitted', statuses: OPEN, numIsAmount: true });
    }
    // By product: the rollup has no product, so the raw rows.
    const q = src
      .from('deal_registrations')
      .select(['partner_id', sql<number>`sum(amount_cents) / 100.0`.as('num'), sql<null>`null`.as('den')])
      .where('status', 'in', OPEN)
      .where('submitted_on', '<', period.to)
      .where(sql`lower(product)`, '=', filters.product.toLowerCase());
    return q.groupBy('partner_id').execute();
  },
};
