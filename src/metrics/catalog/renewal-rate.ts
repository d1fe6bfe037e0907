import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const renewalRate: MetricDef = {
  name: 'renewal_rate',
  label: 'Renewal rate',
  unit: 'percent',
  kind: 'flow',
  aggregation: 'ratio',
  description: 'Of the renewals due in the period that were decided, the share renewed (renewed ÷ renewed + churned).',
  synonyms: ['renewal rate', 'renewals', 'retention', 'retention rate', 'customer retention'],
  higherIsBetter: true,
  parts: (src, period) =>
    src
      .from('renewals')
      .select([
        'partner_id',
        sql<number>`count(*) filter (where status = 'renewed')`.as('num'),
        sql<number>`count(*)`.as('den'),
      ])
      .where('status', 'in', ['renewed', 'churned'])
      .where('due_on', '>=', period.from)
      .where('due_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
