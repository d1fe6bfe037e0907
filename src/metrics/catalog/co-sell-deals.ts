import { declareMetric } from '../declaration.ts';

export const coSellDeals = declareMetric({
  name: 'co_sell_deals',
  label: 'Co-sell deals won',
  unit: 'count',
  description: "Deals won together with the vendor's account team, counted on the day they closed.",
  synonyms: ['co-sell', 'co-sell deals', 'co-selling', 'cosell', 'co sell', 'joint deals', 'joint wins'],
  higherIsBetter: true,
  aggregate: { count: true },
  rows: {
    table: 'deal_registrations',
    date: 'closed_on',
    where: [
      { column: 'status', in: ['won'] },
      { column: 'co_sell', is: true },
    ],
  },
  dimensions: { product: 'product', customer: 'customer' },
});
