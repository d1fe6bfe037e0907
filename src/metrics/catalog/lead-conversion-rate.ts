import { declareMetric } from '../declaration.ts';

export const leadConversionRate = declareMetric({
  name: 'lead_conversion_rate',
  label: 'Lead conversion rate',
  unit: 'percent',
  description: 'Of the leads created in the period, the share that has converted since.',
  synonyms: ['lead conversion', 'lead conversion rate', 'leads converted', 'conversion rate', 'lead to deal conversion', 'convert leads', 'converted leads', 'lead to deal'],
  higherIsBetter: true,
  aggregate: { ratio: { num: { count: true, where: [{ column: 'converted_on', present: true }] }, den: { count: true } } },
  rows: { table: 'leads', date: 'created_on' },
});
