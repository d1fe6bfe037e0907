import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const churnRate: MetricDef = {
  name: 'churn_rate',
  label: 'Churn rate',
  unit: 'percent',
  kind: 'flow',
  aggregation: 'ratio',
  description: 'Of the renewals due in the period that were decided, the share churned (churned ÷ renewed + churned): 100 − renewal rate.',
  synonyms: ['churn', 'churn rate', 'attrition', 'customer churn', 'lost renewals'],
  higherIsBetter: false,
  parts: (src, period) =>
    src
      .from('renewals')
      .select(['partner_id', sql<number>`count(*) filter (where status = 'churned')`.as('num'), sql<number>`count(*)`.as('den')])
      .where('status', 'in', ['renewed', 'churned'])
      .where('due_on', '>=', period.from)
      .where('due_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
