import { z } from 'zod';
import { otherPartnerArg } from './shared-args.ts';
import type { DealStatus } from '../db/schema.ts';
import type { DealRow } from '../src/metrics/partner-data.ts';
import { formatCount, formatDate, formatMoney, plural } from '../src/reply/format.ts';
import type { Fact, Suggestion } from '../src/reply/types.ts';
import { dataReply, guardScope, quoteable } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentDef } from './types.ts';

export const DEAL_STATUS_ARGS = ['open', 'submitted', 'approved', 'rejected', 'won', 'lost', 'expired'] as const;
type StatusArg = (typeof DEAL_STATUS_ARGS)[number];

const args = z.object({
  status: z
    .enum(DEAL_STATUS_ARGS)
    .optional()
    .describe('Only deals in this status; "open" means submitted or approved (still in play). Omit for all.'),
  customer: z.string().max(80).optional().describe('Only deals whose customer name contains this text (e.g. "Acme").'),
  expiringWithinDays: z
    .number()
    .int()
    .min(1)
    .max(366)
    .optional()
    .describe('Only open registrations whose protection expires within this many days from today.'),
  partner: otherPartnerArg,
});

const TABLE_ROWS = 20;
/** The data layer's ceiling for one read; a partner with more matching deals is told "at least". */
const MAX_DEALS = 10_000;
const OPEN: readonly DealStatus[] = ['submitted', 'approved'];

export const listDeals: IntentDef<typeof args> = {
  name: 'list_deals',
  description:
    'Deal registrations of a partner (customer, product, amount, status, dates), newest first, filtered by status, customer or registrations about to expire; with the total count and amount.',
  args,
  examples: [
    'Show my deal registrations',
    'list our open deals',
    'which deals were approved',
    'deals with Acme',
    'registrations expiring in the next 30 days',
    'show the deals we lost',
    'latest deals for Tailspin Toys',
    'pending deal registrations',
    'what opportunities have we registered',
    'which registrations were rejected',
  ],
  keywords: {
    deal: 2.5,
    registration: 2,
    registered: 1.5,
    opportunit: 2,
    list: 1.5,
    show: 1,
    which: 0.5,
    pending: 1.5,
    approved: 1.5,
    rejected: 1.5,
    lost: 1,
    latest: 1,
    recent: 1,
    customer: 1,
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => `Show ${a.status ?? ''} deals for ${name}`.replace(/\s+/g, ' '));
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const statuses = statusesFor(a.status, a.expiringWithinDays);
      const deals = await ctx.data.deals({
        partnerIds: [r.partner.id],
        statuses,
        customer: a.customer?.trim() || undefined,
        expiringWithinDays: a.expiringWithinDays,
        // The count and total are over every match, not just the rows shown.
        limit: MAX_DEALS,
      });
      const sorted = [...deals].sort((x, y) => y.submittedOn.localeCompare(x.submittedOn) || y.id - x.id);
      const total = Math.round(sorted.reduce((s, d) => s + d.amount, 0) * 100) / 100;
      const shown = sorted.slice(0, TABLE_ROWS);

      const summary =
        sorted.length === 0
          ? `${r.partner.name} has no ${describeDeals(0, a.status, a.customer, a.expiringWithinDays)}.`
          : `${r.partner.name} has ${sorted.length >= MAX_DEALS ? 'at least ' : ''}${describeDeals(sorted.length, a.status, a.customer, a.expiringWithinDays)} worth ${formatMoney(total)}` +
            (sorted.length > TABLE_ROWS ? `; here are the ${TABLE_ROWS} newest.` : '.');
      const facts: Fact[] = [
        { label: 'Deals', value: sorted.length, unit: 'count', display: String(sorted.length) },
        { label: 'Total amount', value: total, unit: 'currency', display: formatMoney(total) },
      ];
      const action = ctx.program.actions.deal_registrations;
      const suggestions: Suggestion[] = action ? [{ label: action.label, url: action.url }] : [];
      return {
        reply: dataReply({ summary, facts, table: table(shown, a.expiringWithinDays !== undefined), suggestions }, asOf),
        data: {
          partner: r.partner.name,
          filters: { status: a.status ?? null, customer: a.customer ?? null, expiringWithinDays: a.expiringWithinDays ?? null },
          count: sorted.length,
          totalAmount: total,
          deals: shown.map((d) => ({
            customer: d.customer,
            product: d.product,
            amount: d.amount,
            status: d.status,
            submittedOn: d.submittedOn,
            closedOn: d.closedOn,
            expiresOn: d.expiresOn,
          })),
        },
      };
    }),
};

function statusesFor(status: StatusArg | undefined, expiringWithinDays: number | undefined): readonly DealStatus[] | undefined {
  if (status === 'open') return OPEN;
  if (status) return [status];
  // Only a registration still in play can lapse; a won or lost deal's expiry date no longer matters.
  return expiringWithinDays !== undefined ? OPEN : undefined;
}

/** "3 approved deals with customers matching “Acme”", "no open deals expiring within 30 days". */
function describeDeals(n: number, status: StatusArg | undefined, customer: string | undefined, within: number | undefined): string {
  const kind = status ?? (within !== undefined ? 'open' : '');
  const noun = `${kind ? `${kind} ` : ''}${n === 1 ? 'deal' : 'deals'}`;
  const parts = [n === 0 ? noun : `${formatCount(n)} ${noun}`];
  if (customer?.trim()) parts.push(`with customers matching “${quoteable(customer)}”`);
  if (within !== undefined) parts.push(`expiring within ${plural(within, 'day')}`);
  return parts.join(' ');
}

function table(rows: readonly DealRow[], expiring: boolean): { columns: string[]; rows: string[][] } {
  return {
    columns: ['Customer', 'Product', 'Amount', 'Status', 'Submitted', expiring ? 'Expires' : 'Closed'],
    rows: rows.map((d) => [
      d.customer,
      d.product,
      formatMoney(d.amount),
      d.status,
      formatDate(d.submittedOn),
      (expiring ? d.expiresOn : d.closedOn) ? formatDate((expiring ? d.expiresOn : d.closedOn) ?? '') : '—',
    ]),
  };
}
