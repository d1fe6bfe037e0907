import { declareMetric } from '../declaration.ts';

export const mdfUtilization = declareMetric({
  name: 'mdf_utilization',
  label: 'MDF utilization',
  unit: 'percent',
  description: 'Of the market development funds allocated in the period, the share claimed so far.',
  synonyms: [
    'mdf',
    'mdf utilization',
    'mdf utilisation',
    'mdf usage',
    'marketing funds',
    'market development funds',
    'marketing development funds',
    'co-op funds',
    'coop funds',
  ],
  higherIsBetter: true,
  aggregate: { ratio: { num: { sum: 'claimed_cents', cents: true }, den: { sum: 'allocated_cents', cents: true } } },
  rows: { table: 'mdf', date: 'allocated_on' },
});
