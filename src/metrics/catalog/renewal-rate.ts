import { declareMetric } from '../declaration.ts';

export const renewalRate = declareMetric({
  name: 'renewal_rate',
  label: 'Renewal rate',
  unit: 'percent',
  description: 'Of the renewals due in the period that were decided, the share renewed (renewed ÷ renewed + churned).',
  synonyms: ['renewal rate', 'renewals', 'retention', 'retention rate', 'customer retention', 'renewals rate', 'renewal percentage'],
  higherIsBetter: true,
  aggregate: { ratio: { num: { count: true, where: [{ column: 'status', in: ['renewed'] }] }, den: { count: true } } },
  rows: { table: 'renewals', date: 'due_on', where: [{ column: 'status', in: ['renewed', 'churned'] }] },
});
