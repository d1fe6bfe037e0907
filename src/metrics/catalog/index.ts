import { PulseError } from '../../errors.ts';
import { isMetricName, METRIC_NAMES, type MetricName } from '../names.ts';
import type { MetricDef } from '../types.ts';
import { activeCertifications } from './active-certifications.ts';
import { churnRate } from './churn-rate.ts';
import { coSellDeals } from './co-sell-deals.ts';
import { dealRegistrations } from './deal-registrations.ts';
import { expiringCertifications } from './expiring-certifications.ts';
import { incentivesEarned } from './incentives-earned.ts';
import { leadConversionRate } from './lead-conversion-rate.ts';
import { mdfUtilization } from './mdf-utilization.ts';
import { pipelineValue } from './pipeline-value.ts';
import { renewalRate } from './renewal-rate.ts';
import { revenue } from './revenue.ts';
import { winRate } from './win-rate.ts';
import { wonDeals } from './won-deals.ts';

export { DEFAULT_EXPIRY_HORIZON_DAYS } from './expiring-certifications.ts';

/** Every metric, by name: the only measures the planner, the model and program.yml can name. */
export const CATALOG: Readonly<Record<MetricName, MetricDef>> = {
  revenue,
  pipeline_value: pipelineValue,
  deal_registrations: dealRegistrations,
  won_deals: wonDeals,
  win_rate: winRate,
  lead_conversion_rate: leadConversionRate,
  active_certifications: activeCertifications,
  expiring_certifications: expiringCertifications,
  mdf_utilization: mdfUtilization,
  incentives_earned: incentivesEarned,
  renewal_rate: renewalRate,
  churn_rate: churnRate,
  co_sell_deals: coSellDeals,
};

/** The definition of a metric; a name from outside the type system (model output) is checked. */
export function metricDef(name: string): MetricDef {
  if (!isMetricName(name)) {
    throw new PulseError('bad_input', `I don't know the metric "${name}"; I know ${METRIC_NAMES.join(', ')}.`);
  }
  return CATALOG[name];
}

export const ALL_METRICS: readonly MetricDef[] = METRIC_NAMES.map((n) => CATALOG[n]);
