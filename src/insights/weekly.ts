import { plusDays } from '../metrics/calendar.ts';
import type { PartnerData } from '../metrics/partner-data.ts';
import { FlowHistory } from './history.ts';
import type { MetricName } from '../metrics/names.ts';

export interface WeeklySeries {
  /** First day of each week ('YYYY-MM-DD'); the last week ends today. */
  starts: string[];
  values: number[];
}

/**
 * A flow metric of one partner week by week, the last `weeks` weeks up to and including today:
 * what a person compares with "how much a week do we need". Rates are not summed by week.
 */
export async function weeklySeries(data: PartnerData, metric: MetricName, partnerId: number, weeks: number): Promise<WeeklySeries> {
  const end = plusDays(data.today, 1);
  const edges = Array.from({ length: weeks + 1 }, (_, i) => plusDays(end, -7 * (weeks - i)));
  const from = edges[0] ?? end;
  const history = new FlowHistory(from, end, await data.flowByDay(metric, partnerId, { from, to: end, label: `the last ${weeks} weeks` }));
  return { starts: edges.slice(0, -1), values: history.buckets(edges).map((t) => Math.round(t.num * 100) / 100) };
}
