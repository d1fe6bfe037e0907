import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const wonDeals: MetricDef = {
  name: 'won_deals',
  label: 'Won deals',
  unit: 'count',
  kind: 'flow',
  description: 'How many registered deals were won, counted on the day they closed.',
  synonyms: ['won deals', 'deals won', 'closed deals', 'closed-won deals', 'wins', 'won'],
  higherIsBetter: true,
  query: (src, period) =>
    src
      .from('deal_registrations')
      .select(['partner_id', sql<number>`count(*)`.as('value')])
      .where('status', '=', 'won')
      .where('closed_on', '>=', period.from)
      .where('closed_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
