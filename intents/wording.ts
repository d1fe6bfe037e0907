import type { MetricName, Unit } from '../src/metrics/names.ts';
import { formatCount, formatMoney } from '../src/reply/format.ts';

// Small phrasing helpers shared by the intents' summaries.

/** "Revenue" → "revenue", but "MDF utilization" stays as it is. */
export function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** How much is missing, as a person says it: "$80,120", "2", "5 points". */
export function formatGap(gap: number, unit: Unit): string {
  switch (unit) {
    case 'currency':
      return formatMoney(gap);
    case 'count':
      return formatCount(Math.ceil(gap - 1e-9));
    case 'percent': {
      const pts = gap < 10 ? Number(gap.toFixed(1)) : Math.round(gap);
      return `${pts} ${pts === 1 ? 'point' : 'points'}`;
    }
  }
}

/**
 * The follow-up question a suggestion button asks; each is a question the rules planner answers.
 * `who` is "" for the asker's own partner, else " for <partner>".
 */
export function followUpQuestion(metric: MetricName, who: string): string {
  switch (metric) {
    case 'revenue':
    case 'pipeline_value':
    case 'deal_registrations':
      return `Show approved deals${who}`;
    case 'won_deals':
    case 'win_rate':
      return `List open deals${who}`;
    case 'active_certifications':
    case 'expiring_certifications':
      return `Which certifications expire in the next 60 days${who}?`;
    case 'renewal_rate':
    case 'churn_rate':
      return `What was the renewal rate last quarter${who}?`;
    case 'co_sell_deals':
      return `How many co-sell deals were won this year${who}?`;
    case 'lead_conversion_rate':
      return `What is the lead conversion rate this quarter${who}?`;
    case 'mdf_utilization':
      return `What is the MDF utilization this year${who}?`;
    case 'incentives_earned':
      return `How much in incentives was earned this year${who}?`;
  }
}
