import { sql } from 'kysely';
import type { DealStatus } from '../../../db/schema.ts';
import type { ScopedSource } from '../../access/scope.ts';
import { plusDays } from '../calendar.ts';
import type { DealQuery, DealRow } from '../partner-data.ts';
import { contains, limitOf } from './like.ts';

const DEFAULT_DEAL_LIMIT = 100;

/** Deal registrations of the scoped partners, newest first (biggest first, or soonest expiry first, when asked). */
export async function listDeals(src: ScopedSource, dq: DealQuery, today: string): Promise<DealRow[]> {
  if (src.partnerIds.length === 0) return [];
  let q = src
    .from('deal_registrations')
    .innerJoin('partners', 'partners.id', 'deal_registrations.partner_id')
    .select([
      'deal_registrations.id',
      'deal_registrations.partner_id',
      'partners.name as partner',
      'deal_registrations.customer',
      'deal_registrations.product',
      'deal_registrations.amount_cents',
      'deal_registrations.status',
      'deal_registrations.co_sell',
      'deal_registrations.submitted_on',
      'deal_registrations.closed_on',
      'deal_registrations.expires_on',
    ]);
  if (dq.statuses) {
    const statuses: DealStatus[] = [...dq.statuses];
    q = statuses.length > 0 ? q.where('deal_registrations.status', 'in', statuses) : q.where(sql<boolean>`false`);
  }
  if (dq.customer?.trim()) q = q.where('deal_registrations.customer', 'ilike', contains(dq.customer.trim()));
  if (dq.coSell) q = q.where('deal_registrations.co_sell', '=', true);
  if (dq.minAmount !== undefined) q = q.where('deal_registrations.amount_cents', '>=', Math.round(dq.minAmount * 100));
  if (dq.maxAmount !== undefined) q = q.where('deal_registrations.amount_cents', '<=', Math.round(dq.maxAmount * 100));
  if (dq.period) {
    // "Deals we won this quarter" means closed in it; any other list, registered in it.
    const closed = dq.statuses !== undefined && dq.statuses.length > 0 && dq.statuses.every((s) => s === 'won' || s === 'lost');
    const day = closed ? 'deal_registrations.closed_on' : 'deal_registrations.submitted_on';
    q = q.where(sql.ref(day), '>=', dq.period.from).where(sql.ref(day), '<', dq.period.to);
  }
  if (dq.orderBy === 'amount') q = q.orderBy('deal_registrations.amount_cents', 'desc');
  if (dq.expiringWithinDays !== undefined) {
    q = q
      .where('deal_registrations.expires_on', '>=', today)
      .where('deal_registrations.expires_on', '<=', plusDays(today, Math.max(0, Math.floor(dq.expiringWithinDays))))
      .orderBy('deal_registrations.expires_on');
  }
  const rows = await q
    .orderBy('deal_registrations.submitted_on', 'desc')
    .orderBy('deal_registrations.id', 'desc')
    .limit(limitOf(dq.limit, DEFAULT_DEAL_LIMIT))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    partnerId: r.partner_id,
    partner: r.partner,
    customer: r.customer,
    product: r.product,
    amount: r.amount_cents / 100,
    status: r.status,
    coSell: r.co_sell,
    submittedOn: r.submitted_on,
    closedOn: r.closed_on,
    expiresOn: r.expires_on,
  }));
}
