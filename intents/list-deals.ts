import { z } from 'zod';
import { otherPartnerArg } from './shared-args.ts';
import type { DealStatus } from '../db/schema.ts';
import type { DealRow } from '../src/metrics/partner-data.ts';
import type { Formatter } from '../src/reply/format.ts';
import type { Fact, Suggestion } from '../src/reply/types.ts';
import { parsePeriod } from '../src/metrics/period.ts';
import { dataReply, guardScope, plainReply, quoteable } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import { amountBoundsOf, boundsDeals, limitOf } from './slot-words.ts';
import type { IntentDef } from './types.ts';
import type { Analysis } from './language.ts';

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
  period: z
    .string()
    .max(60)
    .optional()
    .describe('Only deals registered in this period (won or lost deals: closed in it), as the user said it ("this quarter", "last month").'),
  coSell: z.boolean().optional().describe('True for co-sell deals only (registered with the vendor’s account team).'),
  minAmount: z.number().positive().max(1e12).optional().describe('Only deals worth at least this much ("deals over 50k" → 50000).'),
  maxAmount: z.number().positive().max(1e12).optional().describe('Only deals worth at most this much ("deals under 10k" → 10000).'),
  sort: z.enum(['amount', 'date']).optional().describe('amount: biggest first ("our biggest deals"); date: newest first (the default).'),
  limit: z.number().int().min(1).max(100).optional().describe('How many deals to show when the user gives a number ("our three biggest deals" → 3).'),
  partner: otherPartnerArg,
});

const TABLE_ROWS = 20;
const QUANTITY = /\b(how (many|much)|number of|count|total|rate|percent\w*|value|worth|sum)\b/;
/** "our biggest deals", "top 3 by value": largest amounts first. */
const BIGGEST = /\b(biggest|largest|highest[- ]value|most valuable|largest value|by (value|size|amount)|top \d+ (deals|opportunit\w*)|the big ones)\b/;
/** The data layer's ceiling for one read; a partner with more matching deals is told "at least". */
const MAX_DEALS = 10_000;
const OPEN: readonly DealStatus[] = ['submitted', 'approved'];

export const listDeals: IntentDef<typeof args> = {
  name: 'list_deals',
  description:
    'Deal registrations of a partner (customer, product, amount, status, dates), newest first, filtered by status, customer or registrations about to expire; with the total count and amount.',
  args,
  label: 'List of deals',
  examples: [
    'Show my deal registrations',
    'list our open deals',
    'which deals were approved',
    'deals with Acme',
    'any deals with customer Contoso Bank',
    'registrations expiring in the next 30 days',
    'which registrations run out soon',
    'show the deals we lost',
    'deals we lost this quarter',
    'which deals did we win last month',
    'latest deals for Tailspin Toys',
    'pending deal registrations',
    'what opportunities have we registered',
    'which registrations were rejected',
    'my open deals?',
    'open deals for Fabrikam',
    'our three biggest open deals',
    'top 5 deals by value',
    'largest deals this year',
    'biggest opportunities in the pipeline',
    'list our co-sell deals',
    'show co-sell opportunities we won',
    'deals awaiting approval',
    'which deals are still in play',
    'show me everything registered last month',
    'deal regs submitted this week',
    'status of the deals with Woodgrove',
    'what happened to our deals with Coho Winery',
    'show expired registrations',
    'are any of our regs about to lapse',
    'list won deals for Northwind in Q3',
    'rejected registrations this year',
    'open opportunities for Tailspin',
    'what deals do we have in progress',
    'recent deal registrations',
    'show the deal list',
    'which customers do we have open deals with',
    'deals for customer Alpine Ski House',
    'the deal we registered with Fourth Coffee',
    'show approved regs that expire in 2 weeks',
    'expired registrations in 2025',
    'deals we won this year',
    'co-sell deals won last quarter',
    'registrations submitted since March',
    'approved co-sell regs',
    'Tailspin deals registered since September',
    'lost deals in Q3',
  ],
  // A status without "how many" is a list: "expired regs in 2025", "deals we lost this quarter".
  evidence: (a) =>
    (a.customer ? 1.5 : 0) +
    (a.status && !QUANTITY.test(a.lower) ? (a.status === 'open' || a.status === 'submitted' || a.status === 'approved' ? 1 : 2) : 0) +
    (/^\s*(list|show|pull|give me|which|what)\b.*\b(deals?|regs?|registrations?|opportunit\w*)\b/.test(a.lower) && !QUANTITY.test(a.lower) ? 1.5 : 0) +
    (BIGGEST.test(a.lower) && /\bdeals?|opportunit/.test(a.lower) ? 1.5 : 0) +
    // "how many deals over 50k did we win": only a list can be bounded by amount.
    (boundsDeals(a) ? 4 : 0) +
    // "silver ware deals registered since september": deals, plural, with no count asked.
    (/\b(deals|registrations|regs|opportunities)\b/.test(a.lower) && !QUANTITY.test(a.lower) && a.period !== undefined ? 0.8 : 0),
  readSlots: (a) => ({
    ...(BIGGEST.test(a.lower) ? { sort: 'amount' } : {}),
    ...(limitOf(a) !== undefined ? { limit: limitOf(a) } : {}),
    ...(/\bco[- ]?sell/.test(a.lower) ? { coSell: true } : {}),
    ...amountBoundsOf(a),
    // "how many deals over 50k did we win": the figure named says which deals.
    ...(boundsDeals(a) ? statusOfFigure(a) : {}),
  }),
  rephrase: (a) => `Show ${a.status ? `${a.status} ` : ''}deals${a.partner ? ` for ${a.partner.name}` : ''}`,
  // "how many regs did we submit last month + show me the rejected ones": the same month's deals.
  pointsBackTo: ['period', 'customer', 'expiringWithinDays'],
  lists: {
    won_deals: { status: 'won' },
    co_sell_deals: { status: 'won', coSell: true },
    deal_registrations: {},
    pipeline_value: { status: 'open' },
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => `Show ${a.status ?? ''} deals for ${name}`.replace(/\s+/g, ' '));
      if (!r.ok) return r.result;
      const asOf = await ctx.data.asOf();
      const fmt = ctx.format;
      const period = a.period?.trim() ? parsePeriod(a.period, ctx.today, fmt.dates) : undefined;
      if (period && !period.ok) return { reply: plainReply({ summary: period.error.message }, asOf), data: { error: period.error } };
      const statuses = statusesFor(a.status, a.expiringWithinDays);
      const deals = await ctx.data.deals({
        partnerIds: [r.partner.id],
        statuses,
        customer: a.customer?.trim() || undefined,
        expiringWithinDays: a.expiringWithinDays,
        coSell: a.coSell,
        ...(a.minAmount !== undefined ? { minAmount: a.minAmount } : {}),
        ...(a.maxAmount !== undefined ? { maxAmount: a.maxAmount } : {}),
        ...(period?.ok ? { period: period.value } : {}),
        // The count and total are over every match, not just the rows shown.
        limit: MAX_DEALS,
      });
      const byAmount = a.sort === 'amount';
      const sorted = [...deals].sort((x, y) => (byAmount ? y.amount - x.amount : 0) || y.submittedOn.localeCompare(x.submittedOn) || y.id - x.id);
      const total = Math.round(sorted.reduce((s, d) => s + d.amount, 0) * 100) / 100;
      const rowsShown = Math.min(a.limit ?? TABLE_ROWS, TABLE_ROWS);
      const shown = sorted.slice(0, rowsShown);
      const filters: DealFilters = { status: a.status, customer: a.customer, within: a.expiringWithinDays, coSell: a.coSell, min: a.minAmount, max: a.maxAmount, period: period?.ok ? period.value.label : undefined };
      const what = describeDeals(sorted.length, filters, fmt);
      const which = byAmount ? 'biggest' : 'newest';

      const summary =
        sorted.length === 0
          ? `${r.partner.name} has no ${describeDeals(0, filters, fmt)}.`
          : `${r.partner.name} has ${sorted.length >= MAX_DEALS ? 'at least ' : ''}${what} worth ${fmt.money(total)}` +
            (sorted.length > rowsShown ? `; here ${rowsShown === 1 ? 'is the' : `are the ${rowsShown}`} ${which}.` : byAmount ? ', biggest first.' : '.');
      const facts: Fact[] = [
        { label: 'Deals', value: sorted.length, unit: 'count', display: fmt.count(sorted.length) },
        { label: 'Total amount', value: total, unit: 'currency', display: fmt.money(total) },
      ];
      const action = ctx.program.actions.deal_registrations;
      const suggestions: Suggestion[] = action ? [{ label: action.label, url: action.url }] : [];
      return {
        reply: dataReply({ summary, facts, table: table(shown, a.expiringWithinDays !== undefined, fmt), suggestions }, asOf),
        data: {
          partner: r.partner.name,
          filters: {
            status: a.status ?? null,
            customer: a.customer ?? null,
            expiringWithinDays: a.expiringWithinDays ?? null,
            coSell: a.coSell ?? null,
            minAmount: a.minAmount ?? null,
            maxAmount: a.maxAmount ?? null,
            period: period?.ok ? { from: period.value.from, to: period.value.to, label: period.value.label } : null,
          },
          sort: byAmount ? 'amount' : 'date',
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

function statusOfFigure(a: Analysis): { status?: 'won'; coSell?: true } {
  if (a.metric?.metric === 'co_sell_deals') return { status: 'won', coSell: true };
  return !a.status && a.metric?.metric === 'won_deals' ? { status: 'won' } : {};
}

function statusesFor(status: StatusArg | undefined, expiringWithinDays: number | undefined): readonly DealStatus[] | undefined {
  if (status === 'open') return OPEN;
  if (status) return [status];
  // Only a registration still in play can lapse; a won or lost deal's expiry date no longer matters.
  return expiringWithinDays !== undefined ? OPEN : undefined;
}

interface DealFilters {
  status: StatusArg | undefined;
  customer: string | undefined;
  within: number | undefined;
  coSell: boolean | undefined;
  min: number | undefined;
  max: number | undefined;
  period: string | undefined;
}

/** "3 approved co-sell deals with customers matching “Acme”", "no open deals expiring within 30 days". */
function describeDeals(n: number, f: DealFilters, fmt: Formatter): string {
  const kind = [f.status ?? (f.within !== undefined ? 'open' : ''), f.coSell ? 'co-sell' : ''].filter(Boolean).join(' ');
  const noun = `${kind ? `${kind} ` : ''}${n === 1 ? 'deal' : 'deals'}`;
  const parts = [n === 0 ? noun : `${fmt.count(n)} ${noun}`];
  if (f.customer?.trim()) parts.push(`with customers matching “${quoteable(f.customer)}”`);
  // "sized", not "worth": the sentence goes on with what they are worth together.
  if (f.min !== undefined && f.max !== undefined) parts.push(`sized ${fmt.money(f.min)} to ${fmt.money(f.max)}`);
  else if (f.min !== undefined) parts.push(`sized ${fmt.money(f.min)} or more`);
  else if (f.max !== undefined) parts.push(`sized ${fmt.money(f.max)} or less`);
  if (f.within !== undefined) parts.push(`expiring within ${fmt.plural(f.within, 'day')}`);
  if (f.period) parts.push(`${f.status === 'won' || f.status === 'lost' ? 'closed' : 'registered'} in ${f.period}`);
  return parts.join(' ');
}

function table(rows: readonly DealRow[], expiring: boolean, fmt: Formatter): { columns: string[]; rows: string[][] } {
  return {
    columns: ['Customer', 'Product', 'Amount', 'Status', 'Submitted', expiring ? 'Expires' : 'Closed'],
    rows: rows.map((d) => [
      d.customer,
      d.product,
      fmt.money(d.amount),
      d.status,
      fmt.date(d.submittedOn),
      (expiring ? d.expiresOn : d.closedOn) ? fmt.date((expiring ? d.expiresOn : d.closedOn) ?? '') : '—',
    ]),
  };
}
