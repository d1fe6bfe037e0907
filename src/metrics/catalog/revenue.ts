import { declareMetric } from '../declaration.ts';

export const revenue = declareMetric({
  name: 'revenue',
  label: 'Revenue',
  unit: 'currency',
  description: 'Bookings imported from the ERP: the revenue lines booked in the period, in dollars.',
  synonyms: ['revenue', 'sales', 'bookings', 'turnover', 'booked revenue', 'income', 'sold', 'sell', 'booked', 'booking', 'money', 'top line'],
  higherIsBetter: true,
  aggregate: { sum: 'amount_cents', cents: true },
  rows: { table: 'revenue', date: 'booked_on' },
  filters: { product: 'product_line' },
  dimensions: { product: 'product_line', customer: 'customer' },
});
