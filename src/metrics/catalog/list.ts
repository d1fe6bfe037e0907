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

/**
 * The built-in metrics, in the order they are offered. A metric is one file in this folder plus
 * its line here; its name joins `MetricName` from this list (src/metrics/names.ts).
 */
export const METRICS = [
  revenue,
  pipelineValue,
  dealRegistrations,
  wonDeals,
  winRate,
  leadConversionRate,
  activeCertifications,
  expiringCertifications,
  mdfUtilization,
  incentivesEarned,
  renewalRate,
  churnRate,
  coSellDeals,
] as const;
