import { sql } from 'kysely';
import type { ScopedSource } from '../../access/scope.ts';
import { plusDays } from '../calendar.ts';

// Aggregates over a partner's open work that the what-if and the suggestions start from.

export interface OpenDealsTotal {
  /** Approved registrations still open and not lapsed (expires_on unset or today or later). */
  count: number;
  /** Their amount, dollars. */
  amount: number;
  /** How many of them are co-sell deals. */
  coSell: number;
}

/** Approved, still-open registrations: the deals that can still close under their registration. */
export async function openApprovedDeals(src: ScopedSource, today: string): Promise<OpenDealsTotal> {
  if (src.partnerIds.length === 0) return { count: 0, amount: 0, coSell: 0 };
  const row = await src
    .from('deal_registrations')
    .select([
      sql<number>`count(*)`.as('count'),
      sql<number>`coalesce(sum(amount_cents), 0) / 100.0`.as('amount'),
      sql<number>`count(*) filter (where co_sell)`.as('co_sell'),
    ])
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), amount: Number(row?.amount ?? 0), coSell: Number(row?.co_sell ?? 0) };
}

export interface MdfExpiring {
  id: number;
  /** Dollars. */
  allocated: number;
  claimed: number;
  unclaimed: number;
  expiresOn: string;
  daysLeft: number;
}

/** MDF allocations with money left to claim that expire between today and today + withinDays. */
export async function mdfExpiring(src: ScopedSource, today: string, withinDays: number): Promise<MdfExpiring[]> {
  if (src.partnerIds.length === 0) return [];
  const within = Math.max(0, Math.floor(withinDays));
  const rows = await src
    .from('mdf')
    .select([
      'id',
      'allocated_cents',
      'claimed_cents',
      'expires_on',
      sql<number>`expires_on - ${today}::date`.as('days_left'),
    ])
    .where('expires_on', '>=', today)
    .where('expires_on', '<=', plusDays(today, within))
    .where(sql<boolean>`claimed_cents < allocated_cents`)
    .orderBy('expires_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    allocated: r.allocated_cents / 100,
    claimed: r.claimed_cents / 100,
    unclaimed: (r.allocated_cents - r.claimed_cents) / 100,
    expiresOn: r.expires_on,
    daysLeft: Number(r.days_left),
  }));
}
