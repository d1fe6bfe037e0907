import { z } from 'zod';
import { otherPartnerArg } from './shared-args.ts';
import type { CertificationRow } from '../src/metrics/partner-data.ts';
import { plusDays } from '../src/metrics/calendar.ts';
import type { Formatter } from '../src/reply/format.ts';
import type { Fact, Suggestion } from '../src/reply/types.ts';
import { dataReply, guardScope, possessive, quoteable } from './reply-parts.ts';
import { isManagerRole, resolveGroup, type PartnerGroup } from './partner-group.ts';
import { resolvePartner } from './resolve-partner.ts';
import { groupOf } from './slot-words.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { upperFirst } from './wording.ts';

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
  group: z
    .enum(['portfolio', 'sub_partners'])
    .optional()
    .describe(
      "Certifications across a group of partners, with holder, partner and date: \"portfolio\" = a channel manager's partners, every partner for a vendor admin; \"sub_partners\" = a distributor's partner admin: itself and its sub-partners (\"our sub-partners' certifications\"). Omit for one partner.",
    ),
});

/** Within this many days a certification counts as "expiring soon" in the summary. */
const SOON_DAYS = 30;
const TABLE_ROWS = 25;
/** Rows a group's list reads at most; the count beyond comes from the metric. */
const LIST_LIMIT = 500;

/** Horizon of "expiring soon" when no number of days is given. */
const DEFAULT_EXPIRY_DAYS = 30;
/** Words that ask for the list rather than a count. */
const CERT_LIST = /\b(certs?|certif\w*|credentials?|accredit\w*|certificates?)\b/;

export const certifications: IntentDef<typeof args> = {
  name: 'certifications',
  description:
    "A partner's active certifications, or those that expire within a number of days: holder, certification, expiry date and days left. Also across a group (a manager's or admin's partners, a distributor and its sub-partners), with the partner of each.",
  args,
  label: 'Certifications',
  examples: [
    'Which of our certifications expire in the next 30 days?',
    'list our certified people',
    'who holds a certification',
    'show certifications held by Jane Doe',
    'Priya’s certifications',
    'which certs are about to expire',
    'certifications expiring this quarter',
    'show every active certification we hold',
    'certifications expiring within 90 days',
    'who in our company holds a certification',
    'what certificates lapse next month',
    'list the credentials of our engineers',
    'certs that run out this quarter',
    'certification list for Northwind Traders',
    'does anybody’s accreditation need renewing soon',
    'expiring certifications at Fabrikam',
    'what training certifications have we got',
    'which certs expire before the end of the year',
    'what certs does Sam Seller hold',
    'Jonas Jovanovic certs',
    'cert status for Vera Lopez',
    'whose certs are expiring soon',
    'who needs to recertify this month',
    'any certs expiring in the next 2 weeks',
    'show me the certifications that lapse before year end',
    'which certs expire this month across my partners',
    'certs expiring next month across the portfolio',
    'which certifications are expiring soon for my partners',
    'list certifications expiring in the next 60 days across all partners',
    'expiring certs across our resellers',
    'which of Tailspin’s certifications expire soon',
    'who is certified on the Cloud Architect exam',
    'do we have anyone certified in security',
    'show our certification roster',
    'which engineers hold active certs',
    'cert list please',
  ],
  evidence: (a) => (a.holder ? 2 : 0) + (CERT_LIST.test(a.lower) && !/\bhow many|number of|count\b/.test(a.lower) ? 1 : 0),
  readSlots: (a) => {
    const group = groupOf(a);
    // "about to expire", "expiring soon" with no horizon: the next 30 days.
    const expiring = /\b(expir\w*|laps\w*|run(s|ning)? out|renew\w*|recertif\w*)\b/.test(a.lower) && !/\bwhen\b/.test(a.lower);
    return {
      ...(group ? { group } : {}),
      ...(a.days === undefined && expiring ? { expiringWithinDays: DEFAULT_EXPIRY_DAYS } : {}),
    };
  },
  rephrase: (a) => `List certifications${a.partner ? ` for ${a.partner.name}` : ''}`,
  lists: { active_certifications: {}, expiring_certifications: { expiringWithinDays: DEFAULT_EXPIRY_DAYS } },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const named = a.partner !== undefined && a.partner.trim() !== '';
      // No partner named: a manager or admin means every partner they look after.
      if (!named && (a.group !== undefined || isManagerRole(ctx))) {
        const g = await resolveGroup(ctx, {}, { what: 'certifications', question: 'Which of our certifications expire soon?' });
        if (!g.ok) return g.result;
        return groupCertifications(ctx, g.group, a.expiringWithinDays, a.holder?.trim() || undefined);
      }
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
      const f = ctx.format;

      const facts: Fact[] = [
        {
          label: a.expiringWithinDays !== undefined ? `Expiring within ${a.expiringWithinDays} days` : 'Active certifications',
          value: sorted.length,
          unit: 'count',
          display: f.count(sorted.length),
        },
      ];
      if (a.expiringWithinDays === undefined) {
        facts.push({ label: `Expiring within ${SOON_DAYS} days`, value: soon.length, unit: 'count', display: f.count(soon.length) });
      }
      return {
        reply: dataReply(
          {
            summary: summarise(r.partner.name, sorted, soon, a.expiringWithinDays, a.holder, f),
            facts,
            table: table(sorted.slice(0, TABLE_ROWS), f),
            suggestions: renewSuggestion(ctx, soon.length),
          },
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

function renewSuggestion(ctx: IntentContext, soon: number): Suggestion[] {
  const action = ctx.program.actions.expiring_certifications;
  return soon > 0 && action ? [{ label: action.label, url: action.url, metric: 'expiring_certifications' }] : [];
}

/**
 * Certifications across a group: holder, partner and date, soonest expiry first. The list is read
 * up to LIST_LIMIT rows; past that the count comes from the metric (same definition: active today,
 * and expiring within the horizon when one is asked).
 */
async function groupCertifications(ctx: IntentContext, group: PartnerGroup, within: number | undefined, holder: string | undefined): Promise<IntentResult> {
  const ids = group.partners.map((p) => p.id);
  const f = ctx.format;
  const plural = f.plural;
  const rows = await ctx.data.certifications({ partnerIds: ids, expiringWithinDays: within, holder, limit: LIST_LIMIT });
  let count: number = rows.length;
  let atLeast = false;
  if (rows.length >= LIST_LIMIT) {
    if (holder === undefined) {
      const today = { from: ctx.today, to: plusDays(ctx.today, 1), label: 'today' };
      const total =
        within !== undefined
          ? await ctx.data.metricTotal('expiring_certifications', ids, today, { withinDays: within })
          : await ctx.data.metricTotal('active_certifications', ids, today);
      count = total ?? rows.length;
    } else atLeast = true;
  }
  const soon = rows.filter((c) => c.daysLeft <= SOON_DAYS);
  const partnersListed = new Set(rows.map((c) => c.partnerId)).size;
  const whose = holder ? ` held by “${quoteable(holder)}”` : '';
  const n = `${atLeast ? 'at least ' : ''}${plural(count, within !== undefined ? 'certification' : 'active certification')}`;
  const first = rows[0];
  const firstText = (c: CertificationRow | undefined) => (c ? `, first ${possessive(c.holder)} ${c.name} at ${c.partner} on ${f.date(c.expiresOn)}` : '');
  let summary: string;
  if (within !== undefined) {
    summary =
      count === 0
        ? `No certifications${whose} across ${group.label} expire within ${plural(within, 'day')}.`
        : `${upperFirst(n)}${whose} across ${group.label} ${count === 1 ? 'expires' : 'expire'} within ${plural(within, 'day')}, at ${plural(partnersListed, 'partner')}${firstText(first)}.`;
  } else if (count === 0) {
    summary = `${upperFirst(group.label)} ${group.partners.length === 1 ? 'has' : 'have'} no active certifications${whose}.`;
  } else {
    const soonText =
      soon.length === 0
        ? ` None expires within ${SOON_DAYS} days.`
        : ` ${soon.length} ${soon.length === 1 ? 'expires' : 'expire'} within ${SOON_DAYS} days${firstText(soon[0])}.`;
    summary = `${upperFirst(group.label)} ${group.partners.length === 1 ? 'holds' : 'hold'} ${n}${whose}.${soonText}`;
  }
  const facts: Fact[] = [
    { label: within !== undefined ? `Expiring within ${within} days` : 'Active certifications', value: count, unit: 'count', display: `${atLeast ? '≥ ' : ''}${f.count(count)}` },
    { label: 'Partners', value: group.partners.length, unit: 'count', display: f.count(group.partners.length) },
  ];
  if (within === undefined) facts.push({ label: `Expiring within ${SOON_DAYS} days`, value: soon.length, unit: 'count', display: f.count(soon.length) });
  return {
    reply: dataReply(
      {
        summary,
        facts,
        table: {
          columns: ['Partner', 'Holder', 'Certification', 'Expires', 'Days left'],
          rows: rows.slice(0, TABLE_ROWS).map((c) => [c.partner, c.holder, c.name, f.date(c.expiresOn), f.count(c.daysLeft)]),
        },
        suggestions: renewSuggestion(ctx, soon.length),
      },
      await ctx.data.asOf(),
    ),
    data: {
      group: group.kind,
      partnerCount: group.partners.length,
      filters: { expiringWithinDays: within ?? null, holder: holder ?? null },
      count,
      ...(rows.length >= LIST_LIMIT ? { listed: rows.length } : {}),
      certifications: rows.map((c) => ({
        partner: c.partner,
        holder: c.holder,
        name: c.name,
        earnedOn: c.earnedOn,
        expiresOn: c.expiresOn,
        daysLeft: c.daysLeft,
      })),
    },
  };
}

const describeOne = (c: CertificationRow, f: Formatter): string => `${possessive(c.holder)} ${c.name} on ${f.date(c.expiresOn)}`;

function summarise(
  partner: string,
  rows: readonly CertificationRow[],
  soon: readonly CertificationRow[],
  within: number | undefined,
  holder: string | undefined,
  f: Formatter,
): string {
  const plural = f.plural;
  const whose = holder?.trim() ? ` held by “${quoteable(holder)}”` : '';
  if (within !== undefined) {
    if (rows.length === 0) return `No certifications${whose} at ${partner} expire within ${plural(within, 'day')}.`;
    const first = rows[0];
    const next = first ? `; the first is ${describeOne(first, f)}` : '';
    return `${plural(rows.length, 'certification')}${whose} at ${partner} ${rows.length === 1 ? 'expires' : 'expire'} within ${plural(within, 'day')}${next}.`;
  }
  if (rows.length === 0) return `${partner} has no active certifications${whose}.`;
  const first = soon[0];
  const soonText =
    soon.length === 0
      ? ` None expires within ${SOON_DAYS} days.`
      : ` ${soon.length} ${soon.length === 1 ? 'expires' : 'expire'} within ${SOON_DAYS} days${first ? `, first ${describeOne(first, f)}` : ''}.`;
  return `${partner} has ${plural(rows.length, 'active certification')}${whose}.${soonText}`;
}

function table(rows: readonly CertificationRow[], f: Formatter): { columns: string[]; rows: string[][] } {
  return {
    columns: ['Holder', 'Certification', 'Expires', 'Days left'],
    rows: rows.map((c) => [c.holder, c.name, f.date(c.expiresOn), f.count(c.daysLeft)]),
  };
}
