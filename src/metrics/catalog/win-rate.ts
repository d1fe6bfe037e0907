import { sql } from 'kysely';
import type { MetricDef } from '../types.ts';

export const winRate: MetricDef = {
  name: 'win_rate',
  label: 'Win rate',
  unit: 'percent',
  kind: 'flow',
  description: 'Of the deals that closed in the period, the share that was won (won ÷ won + lost).',
  synonyms: ['win rate', 'close rate', 'closing rate', 'win ratio', 'win percentage', 'conversion of deals', 'deal conversion'],
  higherIsBetter: true,
  query: (src, period) =>
    src
      .from('deal_registrations')
      .select([
        'partner_id',
        sql<number | null>`100.0 * count(*) filter (where status = 'won') / nullif(count(*), 0)`.as('value'),
      ])
      .where('status', 'in', ['won', 'lost'])
      .where('closed_on', '>=', period.from)
      .where('closed_on', '<', period.to)
      .groupBy('partner_id')
      .execute(),
};
