import type { MetricDef } from '../types.ts';
import { dealMeasure } from './monthly.ts';

export const wonDeals: MetricDef = {
  name: 'won_deals',
  label: 'Won deals',
  unit: 'count',
  kind: 'flow',
  aggregation: 'count',
  description: 'How many registered deals were won, counted on the day they closed.',
  synonyms: ['won deals', 'deals won', 'closed deals', 'closed-won deals', 'wins', 'won'],
  higherIsBetter: true,
  parts: (src, period) => dealMeasure(src, period, { basis: 'closed', statuses: ['won'] }),
};
