import type { IntentDef } from '../../intents/types.ts';
import { metricDef } from '../metrics/catalog.ts';
import type { Analysis } from './analyse.ts';
import type { Plan, PlanInput } from './types.ts';

export const INTENT_LABELS: Readonly<Record<string, string>> = {
  tier_progress: 'Tier progress',
  metric_query: 'A single figure',
  list_deals: 'List of deals',
  certifications: 'Certifications',
  partner_overview: 'Partner overview',
  help: 'What I can do',
  whoami: 'Who you are signed in as',
  forecast: 'Forecast at today’s pace',
  what_if: 'A what-if',
  compare_peers: 'Comparison with peers',
  leaderboard: 'Ranking of partners',
  explain_change: 'Why a figure changed',
  digest_subscribe: 'Your weekly digest',
  push_alert: 'Alert partners',
};

/** Horizon for "which certifications are expiring?" when no number of days is given. */
const DEFAULT_EXPIRY_DAYS = 30;
const COMPARE_LEAD = /\b(compar\w*\s+(?:to|with)|vs\.?|versus|than|against|over)\s*(?:the\s+)?$/;

/** Every value the slots can give, by argument name; each intent takes the ones its schema has. */
function candidates(a: Analysis, intent: string): Record<string, unknown> {
  const lower = a.text.toLowerCase();
  // "compared with last quarter" names the comparison, not the period asked about.
  const periodIsComparison =
    a.compare && a.period !== undefined && COMPARE_LEAD.test(lower.slice(0, Math.max(0, lower.indexOf(a.period.phrase.toLowerCase()))));
  const expiryWords = /\b(expir|laps)/.test(lower) && !/\bwhen\b/.test(lower);
  const days = a.days?.days ?? (intent === 'certifications' && expiryWords ? DEFAULT_EXPIRY_DAYS : undefined);
  return {
    tier: a.tier?.name,
    metric: a.metric?.metric,
    period: periodIsComparison ? undefined : a.period?.phrase,
    compare: a.compare ? true : undefined,
    status: a.status?.status,
    customer: a.customer?.text,
    expiringWithinDays: days,
    holder: a.holder?.text,
    partner: a.partner?.name,
    by: a.deadline?.phrase,
    scenario: a.scenario?.scenario,
    amount: a.scenario?.amount,
  };
}

/** The plan for a chosen intent: the slot values its schema accepts, each checked by the schema. */
export function buildArgs(intent: IntentDef, a: Analysis): Plan {
  if (intent.name === 'metric_query' && !a.metric) return whichMetric(a);
  if (intent.name === 'what_if' && !a.scenario) return whichScenario(a);
  return { kind: 'intent', intent: intent.name, args: slotArgs(intent, a) };
}

/** The slot values the intent's schema accepts, each checked by the schema. */
export function slotArgs(intent: IntentDef, a: Analysis): Record<string, unknown> {
  const shape = intent.args.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...candidates(a, intent.name), ...intent.readSlots?.(a.text) })) {
    if (value === undefined || !(key in shape)) continue;
    if (shape[key]?.safeParse(value).success) args[key] = value;
  }
  return args;
}

const FIGURES = ['revenue', 'pipeline_value', 'win_rate', 'won_deals', 'renewal_rate'] as const;

function whichMetric(a: Analysis): Plan {
  const partner = a.partner ? ` for ${a.partner.name}` : '';
  const period = a.period ? ` ${a.period.phrase}` : ' this quarter';
  return {
    kind: 'clarify',
    clarify: {
      question: 'Which figure do you mean?',
      options: FIGURES.map((m) => {
        const label = metricDef(m).label;
        return { label, text: `What is the ${label.toLowerCase()}${period}${partner}?` };
      }),
    },
  };
}

function whichScenario(a: Analysis): Plan {
  const tier = a.tier ? a.tier.name : 'the next tier';
  const forWho = a.partner ? ` for ${a.partner.name}` : '';
  return {
    kind: 'clarify',
    clarify: {
      question: 'Which what-if do you mean?',
      options: [
        { label: 'Open deals close', text: `If the open deals close${forWho}, will we reach ${tier}?` },
        { label: 'Two more certified people', text: `What if we certify 2 more people${forWho}?` },
        { label: 'Three more deals won', text: `What if we win 3 more deals${forWho}?` },
      ],
    },
  };
}

/** A question that, sent back, plans to `intent` with the same partner, tier and period. */
export function clarifyQuestion(intent: string, a: Analysis, input: PlanInput): string {
  const partner = a.partner?.name;
  const own = !partner && (input.principal.role === 'partner_user' || input.principal.role === 'partner_admin');
  const forWho = partner ? ` for ${partner}` : '';
  switch (intent) {
    case 'tier_progress':
      return `How close ${partner ? `is ${partner}` : own ? 'are we' : 'is the partner'} to ${a.tier?.name ?? 'the next tier'}?`;
    case 'metric_query': {
      const label = a.metric ? metricDef(a.metric.metric).label.toLowerCase() : 'revenue';
      return `What is the ${label}${a.period ? ` ${a.period.phrase}` : ''}${forWho}?`;
    }
    case 'list_deals':
      return `Show ${a.status ? `${a.status.status} ` : ''}deals${forWho}`;
    case 'certifications':
      return `List certifications${forWho}`;
    case 'partner_overview':
      return partner ? `How is ${partner} doing?` : 'Give me an overview of our account';
    case 'whoami':
      return 'Who am I?';
    case 'forecast':
      return `Can ${partner ?? (own ? 'we' : 'the partner')} make ${a.tier?.name ?? 'the next tier'} by ${a.deadline?.phrase ?? 'the end of the quarter'}?`;
    case 'compare_peers':
      return partner ? `How does ${partner} compare with its peers?` : 'How do we compare with our peers?';
    case 'leaderboard':
      return `Rank partners by ${a.metric ? metricDef(a.metric.metric).label.toLowerCase() : 'revenue'}`;
    case 'explain_change':
      return `Why did the ${a.metric ? metricDef(a.metric.metric).label.toLowerCase() : 'revenue'} change${a.period ? ` ${a.period.phrase}` : ' last month'}${forWho}?`;
    default:
      return 'What can you do?';
  }
}
