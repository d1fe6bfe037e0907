import { declareMetric } from '../declaration.ts';

export const churnRate = declareMetric({
  name: 'churn_rate',
  label: 'Churn rate',
  unit: 'percent',
  description: 'Of the renewals due in the period that were decided, the share churned (churned ÷ renewed + churned): 100 − renewal rate.',
  synonyms: ['churn', 'churn rate', 'attrition', 'customer churn', 'lost renewals'],
  higherIsBetter: false,
  aggregate: { ratio: { num: { count: true, where: [{ column: 'status', in: ['churned'] }] }, den: { count: true } } },
  rows: { table: 'renewals', date: 'due_on', where: [{ column: 'status', in: ['renewed', 'churned'] }] },
});
