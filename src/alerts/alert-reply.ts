import { formatterFor, withStyle, DEFAULT_STYLE, type NumberStyle } from '../reply/format.ts';
import type { Reply, Suggestion } from '../reply/types.ts';

/** Why a person receives a certification alert. */
export type AlertAudience = 'holder' | 'partner_admin' | 'channel_manager';

/**
 * The facts of one certification alert, written by the sweep (in SQL, as JSON) and worded when
 * it is delivered. `breaks` is the tier whose certification requirement the lapse takes the
 * partner below; null when no requirement is affected.
 */
export interface CertExpiryAlert {
  certificationId: number;
  partnerId: number;
  partner: string;
  holder: string;
  certification: string;
  expiresOn: string;
  threshold: number;
  daysLeft: number;
  activeNow: number;
  activeAfter: number;
  breaks: { tier: string; min: number } | null;
  audience: AlertAudience;
  renewUrl: string | null;
  asOf: string;
  /** The recipient's locale (else the program's) and the program's currency; en-US/USD for alerts written before it was kept. */
  style?: NumberStyle;
}

const owned = (name: string): string => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

/** "Northwind Traders drops below Gold's certification requirement on 12 Dec 2026: …" */
export function certExpiryReply(a: CertExpiryAlert): Reply {
  const style = a.style ?? DEFAULT_STYLE;
  const f = formatterFor(style);
  const plural = f.plural;
  const when = f.date(a.expiresOn);
  const inDays = a.daysLeft <= 0 ? 'today' : a.daysLeft === 1 ? 'tomorrow' : `in ${a.daysLeft} days`;
  const what = `${owned(a.holder)} ${a.certification}`;
  const summary = a.breaks
    ? `${a.partner} drops below ${owned(a.breaks.tier)} certification requirement on ${when}: ${what} expires ${inDays}, ` +
      `leaving ${plural(a.activeAfter, 'active certification')} where ${a.breaks.tier} needs ${a.breaks.min}.`
    : `${what} at ${a.partner} expires on ${when} (${inDays}). ${a.partner} keeps ${plural(a.activeAfter, 'active certification')}; ` +
      `no tier requirement is affected.`;
  const suggestions: Suggestion[] = [];
  if (a.renewUrl) suggestions.push({ label: 'Renew a certification', url: a.renewUrl, metric: 'expiring_certifications' });
  suggestions.push({
    label: 'Certifications expiring soon',
    question:
      a.audience === 'channel_manager'
        ? `Which certifications expire in the next 30 days for ${a.partner}?`
        : 'Which certifications expire in the next 30 days?',
  });
  return withStyle({
    summary,
    facts: [
      { label: 'Certification', value: a.certification, display: a.certification },
      { label: 'Holder', value: a.holder, display: a.holder },
      { label: 'Expires', value: a.expiresOn, display: when },
      { label: 'Days left', value: a.daysLeft, unit: 'count', display: f.count(a.daysLeft) },
      { label: 'Active after it lapses', value: a.activeAfter, unit: 'count', display: f.count(a.activeAfter) },
    ],
    charts: [],
    suggestions,
    sensitive: true,
    asOf: a.asOf,
  }, style);
}
