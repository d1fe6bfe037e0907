import type { MetricDef } from '../types.ts';
import { dealMeasure } from './monthly.ts';

export const coSellDeals: MetricDef = {
  name: 'co_sell_deals',
  label: 'Co-sell deals won',
  unit: 'count',
  kind: 'flow',
  aggregation: 'count',
  description: "Deals won together with the vendor's account team, counted on the day they closed.",
  synonyms: ['co-sell', 'co-sell deals', 'co-selling', 'cosell', 'co sell', 'joint deals', 'joint wins'],
  higherIsBetter: true,
  parts: (src, period) => dealMeasure(src, period, { basis: 'closed', statuses: ['won'], coSellOnly: true }),
};
