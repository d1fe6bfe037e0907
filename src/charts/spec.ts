import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from '../reply/types.ts';
import { placeholderSpec } from './kinds/frame.ts';
import { leaderboardSpec } from './kinds/leaderboard.ts';
import { peerDistributionSpec } from './kinds/peer-distribution.ts';
import { tierProgressSpec } from './kinds/tier-progress.ts';
import { trendSpec } from './kinds/trend.ts';
import { prepareChart } from './prepare.ts';

/**
 * The Vega-Lite spec for a chart; what each kind expects of Chart:
 * - tier_progress: categories = requirement labels; series[0] = current, series[1] = required
 *   (optional: without it series[0] is already "% of requirement"); series[0].display = the real
 *   figures ("$420,000 of $500,000"). Bars show % of each requirement with a mark at 100%.
 *   hypothetical = the word for figures that are not actuals ("what-if", "projected"): bars
 *   hatched, with series[2] = today's figures drawn solid beneath, and a legend.
 * - trend: categories = periods in order; up to 4 periods and 2 series are labelled bars with no
 *   axis (two periods also say the change in words), more are lines; targets = dashed lines.
 * - peer_distribution: categories = buckets in order; series[0] = how many partners fall in each;
 *   highlight = the asker's bucket. No partner names ever appear.
 * - leaderboard: categories = names; series[0] ranks them (sorted here, top 10, and the asker's
 *   row added with its rank when lower); more series become grouped bars; highlight = the asker's
 *   row; targets = dashed vertical lines.
 * Labels are cut between words with "…" (text-fit.ts), dates are rewritten in the reader's style
 * (dates.ts), titles over 50 characters are cut, series past 6 are dropped, missing values
 * (null/NaN) read "n/a", and a chart with no categories or no values at all becomes a
 * placeholder reading "No data for this period" rather than an error: a reply never loses its
 * other parts because one chart had nothing to draw.
 */
export function chartSpec(chart: Chart): TopLevelSpec {
  const p = prepareChart(chart);
  if (p.empty) return placeholderSpec(p);
  switch (p.kind) {
    case 'tier_progress':
      return tierProgressSpec(p);
    case 'trend':
      return trendSpec(p);
    case 'peer_distribution':
      return peerDistributionSpec(p);
    case 'leaderboard':
      return leaderboardSpec(p);
  }
}
