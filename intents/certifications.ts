import { z } from 'zod';
import { otherPartnerArg } from './shared-args.ts';
import type { CertificationRow } from '../src/metrics/partner-data.ts';
import { formatDate, plural } from '../src/reply/format.ts';
import type { Fact, Suggestion } from '../src/reply/types.ts';
import { dataReply, guardScope, possessive, quoteable } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentDef } from './types.ts';

const args = z.object({
  expiringWithinDays: z
    .number()
    .int()
    .min(1)
    .max(366)
    .optional()
    .describe('Only certifications that are active today and expire within this many days. Omit for all active ones.'),
  holder: z.string().max(80).optional().describe("Only certifications held by this person (part of the holder's name or email)."),
  partner: otherPartnerArg,
});

/** Within this many days a certification counts as "expiring soon" in the summary. */
const SOON_DAYS = 30;
const TABLE_ROWS = 25;

export const certifications: IntentDef<typeof args> = {
  name: 'certifications',
  description:
    "A partner's active certifications, or those that expire within a number of days: holder, certification, expiry date and days left.",
  args,
  examples: [
    'Which certifications expire soon?',
    'list our certifications',
    'who on the team is certified',
    'certs expiring in the next 60 days',
    'show the certifications held by Jane',
    'when does my certification expire',
    'active certifications for Fabrikam Systems',
    'any certificates about to lapse',
    'which credentials do we need to renew',
  ],
  keywords: {
    cert: 3,
    credential: 2.5,
    expir: 1.5,
    lapse: 2,
    holder: 1.5,
    held: 1,
    training: 1,
    exam: 1.5,
    who: 0.5,
    renew: 0.5,
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) =>
        a.expiringWithinDays !== undefined
          ? `Which certifications expire in the next ${a.expiringWithinDays} days for ${name}?`
          : `List certifications for ${name}`,
      );
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const rows = await ctx.data.certifications({
        partnerIds: [r.partner.id],
        expiringWithinDays: a.expiringWithinDays,
        holder: a.holder?.trim() || undefined,
      });
      const sorted = [...rows].sort((x, y) => x.expiresOn.localeCompare(y.expiresOn) || x.holder.localeCompare(y.holder));
      const soon = sorted.filter((c) => c.daysLeft <= SOON_DAYS);

      const facts: Fact[] = [
        {
          label: a.expiringWithinDays !== undefined ? `Expiring within ${a.expiringWithinDays} days` : 'Active certifications',
          value: sorted.length,
          unit: 'count',
          display: String(sorted.length),
        },
      ];
      if (a.expiringWithinDays === undefined) {
        facts.push({ label: `Expiring within ${SOON_DAYS} days`, value: soon.length, unit: 'count', display: String(soon.length) });
      }
      const action = ctx.program.actions.expiring_certifications;
      const suggestions: Suggestion[] =
        soon.length > 0 && action ? [{ label: action.label, url: action.url, metric: 'expiring_certifications' }] : [];
      return {
        reply: dataReply(
          { summary: summarise(r.partner.name, sorted, soon, a.expiringWithinDays, a.holder), facts, table: table(sorted.slice(0, TABLE_ROWS)), suggestions },
          asOf,
        ),
        data: {
          partner: r.partner.name,
          filters: { expiringWithinDays: a.expiringWithinDays ?? null, holder: a.holder ?? null },
          count: sorted.length,
          certifications: sorted.map((c) => ({
            holder: c.holder,
            name: c.name,
            earnedOn: c.earnedOn,
            expiresOn: c.expiresOn,
            daysLeft: c.daysLeft,
          })),
        },
      };
    }),
};

const describeOne = (c: CertificationRow): string => `${possessive(c.holder)} ${c.name} on ${formatDate(c.expiresOn)}`;

function summarise(
  partner: string,
  rows: readonly CertificationRow[],
  soon: readonly CertificationRow[],
  within: number | undefined,
  holder: string | undefined,
): string {
  const whose = holder?.trim() ? ` held by “${quoteable(holder)}”` : '';
  if (within !== undefined) {
    if (rows.length === 0) return `No certifications${whose} at ${partner} expire within ${plural(within, 'day')}.`;
    const first = rows[0];
    const next = first ? `; the first is ${describeOne(first)}` : '';
    return `${plural(rows.length, 'certification')}${whose} at ${partner} ${rows.length === 1 ? 'expires' : 'expire'} within ${plural(within, 'day')}${next}.`;
  }
  if (rows.length === 0) return `${partner} has no active certifications${whose}.`;
  const first = soon[0];
  const soonText =
    soon.length === 0
      ? ` None expires within ${SOON_DAYS} days.`
      : ` ${soon.length} ${soon.length === 1 ? 'expires' : 'expire'} within ${SOON_DAYS} days${first ? `, first ${describeOne(first)}` : ''}.`;
  return `${partner} has ${plural(rows.length, 'active certification')}${whose}.${soonText}`;
}

function table(rows: readonly CertificationRow[]): { columns: string[]; rows: string[][] } {
  return {
    columns: ['Holder', 'Certification', 'Expires', 'Days left'],
    rows: rows.map((c) => [c.holder, c.name, formatDate(c.expiresOn), String(c.daysLeft)]),
  };
}
