import { z } from 'zod';
import type { PushPlan } from '../src/alerts/push.ts';
import { listing } from '../src/reply/format.ts';
import { plainReply } from './reply-parts.ts';
import type { IntentDef, IntentResult } from './types.ts';

const DEFAULT_DAYS = 30;

const args = z.object({
  tier: z.string().max(40).optional().describe('Only partners on this tier (e.g. "Gold"); all partners when omitted.'),
  expiringWithinDays: z.number().int().min(1).max(366).optional().describe('Certifications expiring within this many days; 30 when omitted.'),
  confirm: z
    .boolean()
    .optional()
    .describe('True only when the user confirms a preview they were shown ("confirm", "yes, send it"); otherwise a preview is shown first.'),
});

/** "Confirm: …" (the preview's button) or "yes, send it" sends; anything else previews. */
export function readPushSlots(text: string): Record<string, unknown> {
  const confirm = /^\s*(confirm|yes\b|go ahead|send it)|\b(confirm(ed)?|go ahead and send|send (it )?now|yes,? send)\b/i.test(text);
  const days = /\b(?:next|within|in)\s+(?:the\s+next\s+)?(\d{1,3})\s+days?\b/i.exec(text)?.[1];
  return { ...(confirm ? { confirm: true } : {}), ...(days ? { expiringWithinDays: Number(days) } : {}) };
}

export const pushAlert: IntentDef<typeof args> = {
  name: 'push_alert',
  description:
    "Vendor admins only: alert partners (optionally of one tier) about their certifications expiring within a number of days. Shows a preview with the number of partners and recipients first; each partner's admins get only their own partner's list.",
  args,
  label: 'Alert partners',
  examples: [
    'alert partners whose certifications expire in the next 30 days',
    'send an alert to Silver partners about certs that run out within 14 days',
    'warn every partner whose certifications lapse in the next 60 days',
    'notify Platinum partners of expiring certifications',
    'push cert expiry reminders to Gold partners',
    'remind all partners about certifications expiring this month',
    'broadcast a certification expiry alert',
    'send the cert alert to gold partners',
    'yes, send it',
    'confirm, send the alert',
    'notify partners about lapsing certs, confirmed',
    'ping every partner with certs running out soon',
  ],
  evidence: (a) => (/\b(alert|notify|warn|push|remind|broadcast|ping)\b/.test(a.lower) ? 2 : 0),
  rephrase: (a) => `Alert ${a.tier ? `${a.tier} ` : ''}partners about certifications expiring in the next ${a.days ?? 30} days`,
  roles: ['vendor_admin'],
  readSlots: (a) => readPushSlots(a.text),
  handler: async (a, ctx): Promise<IntentResult> => {
    const pushes = ctx.actions?.pushes;
    const asOf = ctx.now.toISOString();
    if (!pushes) return { reply: plainReply({ summary: 'Pushing alerts is not available here.' }, asOf), data: { error: 'unavailable' } };
    const req = { tier: a.tier, withinDays: a.expiringWithinDays ?? DEFAULT_DAYS };
    const r = a.confirm ? await pushes.send(ctx.principal, req, ctx.today) : await pushes.preview(ctx.principal, req, ctx.today);
    if (!r.ok) return { reply: plainReply({ summary: r.error.message }, asOf), data: { error: r.error } };
    const p: PushPlan & { created?: number } = r.value;
    const created = p.created ?? 0;
    const who = `${p.tier ? `${p.tier} ` : ''}partners`;
    const f = ctx.format;
    const plural = f.plural;
    const scope = `certifications expiring within ${plural(p.withinDays, 'day')}`;
    const data = { ...summaryData(p), sent: a.confirm === true, ...(a.confirm ? { created } : {}) };
    if (p.partners.length === 0) {
      return { reply: plainReply({ summary: `No ${who} have ${scope} and an admin to tell; nothing to send.` }, asOf), data };
    }
    const missing = p.withoutAdmins.length > 0 ? ` ${listing(p.withoutAdmins.slice(0, 5))} ${p.withoutAdmins.length === 1 ? 'has' : 'have'} no partner admin and will not be told.` : '';
    const counts = `${plural(p.partners.length, 'partner')}, ${plural(p.recipients, 'recipient')}, ${plural(p.certifications, 'certification')}`;
    if (!a.confirm) {
      return {
        reply: plainReply(
          {
            summary: `Preview: alert ${who} about ${scope} — ${counts}. Each partner's admins get only their own partner's list.${missing}`,
            facts: [
              { label: 'Partners', value: p.partners.length, unit: 'count', display: f.count(p.partners.length) },
              { label: 'Recipients', value: p.recipients, unit: 'count', display: f.count(p.recipients) },
              { label: 'Certifications', value: p.certifications, unit: 'count', display: f.count(p.certifications) },
            ],
            suggestions: [{ label: 'Send it', question: `Confirm: alert ${who} about certifications expiring within ${p.withinDays} days` }],
          },
          asOf,
        ),
        data,
      };
    }
    const again = created === 0 ? ' They had all been sent already today.' : '';
    return { reply: plainReply({ summary: `Sent: ${plural(created, 'alert')} queued for ${counts}.${again}${missing}` }, asOf), data };
  },
};

function summaryData(p: PushPlan): Record<string, unknown> {
  return {
    tier: p.tier,
    withinDays: p.withinDays,
    partners: p.partners.map((x) => ({ name: x.name, tier: x.tier, certifications: x.certifications.length, recipients: x.adminIds.length })),
    recipients: p.recipients,
    certifications: p.certifications,
    withoutAdmins: p.withoutAdmins,
  };
}
