import { declareMetric } from '../declaration.ts';

export const incentivesEarned = declareMetric({
  name: 'incentives_earned',
  label: 'Incentives earned',
  unit: 'currency',
  description: 'Rebates, commissions, SPIFFs and payouts approved or paid for incentive periods ending in the period, in dollars.',
  synonyms: [
    'incentives',
    'incentives earned',
    'rebates',
    'commissions',
    'payouts',
    'spiffs',
    'earnings',
    'rebate',
    'commission',
    'payout',
    'bonus',
    'bonuses',
  ],
  higherIsBetter: true,
  aggregate: { sum: 'amount_cents', cents: true },
  rows: { table: 'incentives', date: 'period_end', where: [{ column: 'status', in: ['approved', 'paid'] }] },
});
