import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const mdfUtilization: MetricDef = {
  name: 'mdf_utilization',
  label: 'MDF utilization',
  unit: 'percent',
  kind: 'flow',
  description: 'Of the market development funds allocated in the period, the share claimed so far.',
  synonyms: ['mdf', 'mdf utilization', 'mdf utilisation', 'mdf usage', 'marketing funds', 'market development funds', 'marketing development funds', 'co-op funds'],
  higherIsBetter: true,
  query: (src, period) =>
    src
      .from('mdf')
      .select([
        'partner_id',
        sql<number | null>`100.0 * sum(claimed_cents) / nullif(sum(allocated_cents), 0)`.as('value'),
      ])
      .where('allocated_on', '>=', period.from)
      .where('allocated_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
