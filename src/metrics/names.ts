// The metric names the model, the planner and program.yml may use. The catalog defines each.
export const METRIC_NAMES = [
  'revenue',
  'pipeline_value',
  'deal_registrations',
  'won_deals',
  'win_rate',
  'lead_conversion_rate',
  'active_certifications',
  'expiring_certifications',
  'mdf_utilization',
  'incentives_earned',
  'renewal_rate',
  'churn_rate',
  'co_sell_deals',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export const isMetricName = (s: string): s is MetricName => (METRIC_NAMES as readonly string[]).includes(s);

export type Unit = 'currency' | 'count' | 'percent';
