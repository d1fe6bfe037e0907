import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import type { Period } from '../metrics/types.ts';
import { tierIndex } from '../program/load.ts';
import type { Program } from '../program/schema.ts';
import type { TierMove } from './types.ts';

/** Up when the new tier ranks above the old one in the program, down when below, new for a first tier. */
export function moveDirection(program: Program, from: string | null, to: string): TierMove['direction'] {
  if (from === null) return 'new';
  return tierIndex(program, to) >= tierIndex(program, from) ? 'up' : 'down';
}

/** The tier changes of these partners within the period, oldest first, in one query. */
export async function tierMoves(data: PartnerData, program: Program, partners: readonly PartnerInfo[], period: Period): Promise<TierMove[]> {
  if (partners.length === 0) return [];
  const tierNow = new Map(partners.map((p) => [p.id, p.tier]));
  const changes = await data.tierChanges(
    partners.map((p) => p.id),
    period,
  );
  return changes.map((c) => ({
    partnerId: c.partnerId,
    partner: c.partner,
    tier: tierNow.get(c.partnerId) ?? c.to,
    from: c.from,
    to: c.to,
    on: c.on,
    direction: moveDirection(program, c.from, c.to),
  }));
}
