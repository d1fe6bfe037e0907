import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const leadConversionRate: MetricDef = {
  name: 'lead_conversion_rate',
  label: 'Lead conversion rate',
  unit: 'percent',
  kind: 'flow',
  aggregation: 'ratio',
  description: 'Of the leads created in the period, the share that has converted since.',
  synonyms: ['lead conversion', 'lead conversion rate', 'leads converted', 'conversion rate', 'lead to deal conversion'],
  higherIsBetter: true,
  parts: (src, period) =>
    src
      .from('leads')
      .select(['partner_id', sql<number>`count(converted_on)`.as('num'), sql<number>`count(*)`.as('den')])
      .where('created_on', '>=', period.from)
      .where('created_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
