import type { Chart } from '../../src/reply/types.ts';

// One realistic chart of each kind, shaped the way the intents build them.

export const tierProgress: Chart = {
  kind: 'tier_progress',
  title: 'Northwind Systems: progress to Gold',
  unit: 'percent',
  categories: ['Revenue (trailing 12 months)', 'Active certifications', 'Deal registrations (YTD)'],
  series: [
    { name: 'current', values: [84, 120, 45], display: ['$420,000 of $500,000', '6 of 5', '9 of 20'] },
    { name: 'required', values: [100, 100, 100] },
  ],
  targets: [{ label: 'Gold', value: 100 }],
};

export const trend: Chart = {
  kind: 'trend',
  title: 'Monthly revenue',
  unit: 'currency',
  categories: ['Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'],
  series: [
    { name: 'Northwind', values: [52000, 48000, 39000, 55000, 61000, 47000] },
    { name: 'Peer median', values: [30000, 28000, 27000, 31000, 33000, 30000] },
  ],
  targets: [{ label: 'Gold pace', value: 41667 }],
};

export const peerDistribution: Chart = {
  kind: 'peer_distribution',
  title: 'Revenue (12 months) among Silver partners',
  unit: 'currency',
  categories: ['<$50K', '$50–100K', '$100–250K', '$250–500K', '$500K–1M', '>$1M'],
  series: [{ name: 'Partners', values: [14, 22, 31, 18, 7, 2] }],
  highlight: 3,
};

export const leaderboard: Chart = {
  kind: 'leaderboard',
  title: 'Top partners by revenue (12 months)',
  unit: 'currency',
  categories: ['Northwind Systems', 'Contoso Ltd', 'Fabrikam Inc', 'Tailspin Toys', 'Litware'],
  series: [{ name: 'Revenue', values: [420000, 1250000, 880000, 95000, 45000] }],
  highlight: 0,
  targets: [{ label: 'Gold', value: 500000 }],
};

export const ALL: Chart[] = [tierProgress, trend, peerDistribution, leaderboard];
