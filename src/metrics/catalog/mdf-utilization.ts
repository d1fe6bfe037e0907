import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const mdfUtilization: MetricDef = {
  name: 'mdf_utilization',
  label: 'MDF utilization',
  unit: 'percent',
  kind: 'flow',
  aggregation: 'ratio',
  description: 'Of the market development funds allocated in the period, the share claimed so far.',
  synonyms: ['mdf', 'mdf utilization', 'mdf utilisation', 'mdf usage', 'marketing funds', 'market development funds', 'marketing development funds', 'co-op funds'],
  higherIsBetter: true,
  parts: (src, period) =>
    src
      .from('mdf')
      .select([
        'partner_id',
        sql<number>`sum(claimed_cents) / 100.0`.as('num'),
        sql<number>`sum(allocated_cents) / 100.0`.as('den'),
      ])
      .where('allocated_on', '>=', period.from)
      .where('allocated_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
