import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const incentivesEarned: MetricDef = {
  name: 'incentives_earned',
  label: 'Incentives earned',
  unit: 'currency',
  kind: 'flow',
  aggregation: 'sum',
  description: 'Rebates, commissions, SPIFFs and payouts approved or paid for incentive periods ending in the period, in dollars.',
  synonyms: ['incentives', 'incentives earned', 'rebates', 'commissions', 'payouts', 'spiffs', 'earnings'],
  higherIsBetter: true,
  parts: (src, period) =>
    src
      .from('incentives')
      .select(['partner_id', sql<number>`sum(amount_cents) / 100.0`.as('num'), sql<null>`null`.as('den')])
      .where('status', 'in', ['approved', 'paid'])
      .where('period_end', '>=', period.from)
      .where('period_end', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
