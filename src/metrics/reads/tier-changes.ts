import { sql } from 'kysely';
import type { ScopedSource } from '../../access/scope.ts';
import type { TierChange } from '../partner-data.ts';
import type { Period } from '../types.ts';

/** Tier changes of the scoped partners within `period` (UTC days), oldest first. */
export async function listTierChanges(src: ScopedSource, period: Period): Promise<TierChange[]> {
  if (src.partnerIds.length === 0) return [];
  const rows = await src
    .from('tier_changes')
    .innerJoin('partners', 'partners.id', 'tier_changes.partner_id')
    .select([
      'tier_changes.partner_id',
      'partners.name',
      'tier_changes.from_tier',
      'tier_changes.to_tier',
      sql<string>`to_char(tier_changes.changed_at at time zone 'UTC', 'YYYY-MM-DD')`.as('on'),
    ])
    .where(sql`(tier_changes.changed_at at time zone 'UTC')::date`, '>=', sql`${period.from}::date`)
    .where(sql`(tier_changes.changed_at at time zone 'UTC')::date`, '<', sql`${period.to}::date`)
    .orderBy('tier_changes.changed_at')
    .orderBy('tier_changes.id')
    .execute();
  return rows.map((r) => ({ partnerId: r.partner_id, partner: r.name, from: r.from_tier, to: r.to_tier, on: r.on }));
}
