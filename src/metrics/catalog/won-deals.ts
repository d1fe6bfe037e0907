import { declareMetric } from '../declaration.ts';

export const wonDeals = declareMetric({
  name: 'won_deals',
  label: 'Won deals',
  unit: 'count',
  description: 'How many registered deals were won, counted on the day they closed.',
  synonyms: [
    'won deals',
    'deals won',
    'closed deals',
    'closed-won deals',
    'wins',
    'won',
    'deals did we win',
    'deals have we won',
    'deals we won',
    'deals did we close',
    'deals have we closed',
    'closed won',
  ],
  higherIsBetter: true,
  aggregate: { count: true },
  rows: { table: 'deal_registrations', date: 'closed_on', where: [{ column: 'status', in: ['won'] }] },
  dimensions: { product: 'product', customer: 'customer' },
});
