import { declareMetric } from '../declaration.ts';

export const dealRegistrations = declareMetric({
  name: 'deal_registrations',
  label: 'Deal registrations',
  unit: 'count',
  description: 'How many deals were registered (submitted) in the period, whatever became of them.',
  synonyms: [
    'deal registrations',
    'registered deals',
    'deal regs',
    'registrations',
    'deals registered',
    'new deals',
    'deals submitted',
    'deals did we register',
    'deals have we registered',
    'deals we registered',
  ],
  higherIsBetter: true,
  aggregate: { count: true },
  rows: { table: 'deal_registrations', date: 'submitted_on' },
  filters: { status: 'status', product: 'product' },
  dimensions: { product: 'product', customer: 'customer' },
});
