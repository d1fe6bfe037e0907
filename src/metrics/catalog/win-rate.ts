import { declareMetric } from '../declaration.ts';

export const winRate = declareMetric({
  name: 'win_rate',
  label: 'Win rate',
  unit: 'percent',
  description: 'Of the deals that closed in the period, the share that was won (won ÷ won + lost).',
  synonyms: [
    'win rate',
    'close rate',
    'closing rate',
    'win ratio',
    'win percentage',
    'conversion of deals',
    'deal conversion',
    'percentage of deals',
    'share of deals',
    'how often do we win',
    'how often we win',
    'hit rate',
    'success rate',
    'winning percentage',
    'win %',
  ],
  higherIsBetter: true,
  aggregate: { ratio: { num: { count: true, where: [{ column: 'status', in: ['won'] }] }, den: { count: true } } },
  rows: { table: 'deal_registrations', date: 'closed_on', where: [{ column: 'status', in: ['won', 'lost'] }] },
});
