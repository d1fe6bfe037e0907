import type { MetricDef } from '../types.ts';
import { dealMeasure } from './monthly.ts';

export const winRate: MetricDef = {
  name: 'win_rate',
  label: 'Win rate',
  unit: 'percent',
  kind: 'flow',
  aggregation: 'ratio',
  description: 'Of the deals that closed in the period, the share that was won (won ÷ won + lost).',
  synonyms: ['win rate', 'close rate', 'closing rate', 'win ratio', 'win percentage', 'conversion of deals', 'deal conversion'],
  higherIsBetter: true,
  parts: (src, period) => dealMeasure(src, period, { basis: 'closed', statuses: ['won', 'lost'], numStatuses: ['won'] }),
};
