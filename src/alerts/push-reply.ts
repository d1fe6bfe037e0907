import type { Program } from '../program/schema.ts';
import { formatterFor, withStyle, type NumberStyle } from '../reply/format.ts';
import type { Reply } from '../reply/types.ts';
import type { PushPartner } from './push.ts';

/** The message one partner's admins receive: their own expiring certifications, nothing else. */
export function pushReply(program: Program, p: PushPartner, withinDays: number, asOf: string, style: NumberStyle): Reply {
  const f = formatterFor(style);
  const certs = [...p.certifications].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
  const first = certs[0];
  const action = program.actions.expiring_certifications;
  return withStyle({
    summary:
      `${program.vendor}: ${f.plural(certs.length, 'certification')} at ${p.name} ${certs.length === 1 ? 'expires' : 'expire'} within ${f.plural(withinDays, 'day')}` +
      (first ? `, the first on ${f.date(first.expiresOn)} (${first.holder}, ${first.name}).` : '.') +
      ' Renew them to keep your tier requirements met.',
    facts: [{ label: 'Expiring certifications', value: certs.length, unit: 'count', display: f.count(certs.length) }],
    table: { columns: ['Holder', 'Certification', 'Expires', 'Days left'], rows: certs.map((c) => [c.holder, c.name, f.date(c.expiresOn), f.count(c.daysLeft)]) },
    charts: [],
    suggestions: [
      ...(action ? [{ label: action.label, url: action.url, metric: 'expiring_certifications' as const }] : []),
      { label: 'Certifications expiring soon', question: `Which certifications expire in the next ${withinDays} days?` },
    ],
    sensitive: true,
    asOf: `${asOf}T00:00:00.000Z`,
  }, style);
}
