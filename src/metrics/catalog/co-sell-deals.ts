import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const coSellDeals: MetricDef = {
  name: 'co_sell_deals',
  label: 'Co-sell deals won',
  unit: 'count',
  kind: 'flow',
  description: "Deals won together with the vendor's account team, counted on the day they closed.",
  synonyms: ['co-sell', 'co-sell deals', 'co-selling', 'cosell', 'co sell', 'joint deals', 'joint wins'],
  higherIsBetter: true,
  query: (src, period) =>
    src
      .from('deal_registrations')
      .select(['partner_id', sql<number>`count(*)`.as('value')])
      .where('co_sell', '=', true)
      .where('status', '=', 'won')
      .where('closed_on', '>=', period.from)
      .where('closed_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
