import type { MetricDef } from '../types.ts';
import { dealMeasure } from './monthly.ts';

export const winRate: MetricDef = {
  name: 'win_rate',
  label: 'Win rate',
  unit: 'percent',
  kind: 'flow',
  description: 'Of the deals that closed in the period, the share that was won (won ÷ won + lost).',
  synonyms: ['win rate', 'close rate', 'closing rate', 'win ratio', 'win percentage', 'conversion of deals', 'deal conversion'],
  higherIsBetter: true,
  query: (src, period) =>
    dealMeasure(src, period, { basis: 'closed', statuses: ['won', 'lost'], numStatuses: ['won'] }, (won, closed) =>
      closed === 0 ? null : (100 * won) / closed,
    ),
};
