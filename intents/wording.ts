import type { MetricName, Unit } from '../src/metrics/names.ts';
import type { Formatter } from '../src/reply/format.ts';

export { againstRequired } from '../src/reply/format.ts';

// Small phrasing helpers shared by the intents' summaries.

/** "Revenue" → "revenue", but "MDF utilization" stays as it is. */
export function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** How far from met, with its direction: "$80,120 short" below a minimum, "300 ppm over" above a maximum. */
export function shortfall(r: { gap: number; unit: Unit; atMost?: boolean | undefined }, f: Formatter): string {
  return `${f.gap(r.gap, r.unit)} ${r.atMost ? 'over' : 'short'}`;
}

/** A follow-up question and the button text that names it ("Show approved deals"). */
export interface FollowUp {
  label: string;
  question: string;
}

/**
 * The follow-up question a suggestion button asks, with the button's text; each is a question the
 * rules planner answers. `who` is "" for the asker's own partner, else " for <partner>".
 */
export function followUpQuestion(metric: MetricName, who: string, label = metric.replace(/_/g, ' ')): FollowUp {
  const ask = (text: string, question: string): FollowUp => ({ label: text, question });
  switch (metric) {
    case 'revenue':
    case 'pipeline_value':
    case 'deal_registrations':
      return ask('Show approved deals', `Show approved deals${who}`);
    case 'won_deals':
    case 'win_rate':
      return ask('List open deals', `List open deals${who}`);
    case 'active_certifications':
    case 'expiring_certifications':
      return ask('Expiring certifications', `Which certifications expire in the next 60 days${who}?`);
    case 'renewal_rate':
    case 'churn_rate':
      return ask('Renewal rate last quarter', `What was the renewal rate last quarter${who}?`);
    case 'co_sell_deals':
      return ask('Co-sell deals won this year', `How many co-sell deals were won this year${who}?`);
    case 'lead_conversion_rate':
      return ask('Lead conversion this quarter', `What is the lead conversion rate this quarter${who}?`);
    case 'mdf_utilization':
      return ask('MDF utilization this year', `What is the MDF utilization this year${who}?`);
    case 'incentives_earned':
      return ask('Incentives earned this year', `How much in incentives was earned this year${who}?`);
    default:
      // A vendor's own metric: its figure over the last 12 months, by its label.
      return ask(`${upperFirst(label)} over 12 months`, `What is the ${lowerFirst(label)} over the last 12 months${who}?`);
  }
}
