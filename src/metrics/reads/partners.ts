import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { Principal } from '../../access/principal.ts';
import { partnersInScope } from '../../access/scope.ts';
import { PulseError } from '../../errors.ts';
import type { PartnerInfo } from '../partner-data.ts';
import { contains, escapeLike } from './like.ts';

const NOT_FOUND = "I can't find that partner.";
const FIND_LIMIT = 25;

export interface PartnerReads {
  partner(id: number): Promise<PartnerInfo>;
  findPartners(text: string): Promise<PartnerInfo[]>;
  visiblePartners(): Promise<PartnerInfo[]>;
}

/**
 * The partners table as the asker may see it (through `partnersInScope` only). One turn reads the
 * same partner row several times; it is read once.
 */
export function partnerReads(db: Db, principal: Principal): PartnerReads {
  const rows = () =>
    partnersInScope(db, principal)
      .leftJoin('users as cm', 'cm.id', 'partners.channel_manager_id')
      .select([
        'partners.id',
        'partners.name',
        'partners.tier',
        'partners.type',
        'partners.region',
        'partners.parent_id',
        'cm.name as channel_manager',
      ]);
  type Row = Awaited<ReturnType<ReturnType<typeof rows>['execute']>>[number];
  const info = (r: Row): PartnerInfo => ({
    id: r.id,
    name: r.name,
    tier: r.tier,
    type: r.type,
    region: r.region,
    parentId: r.parent_id,
    channelManager: r.channel_manager,
  });
  const byId = new Map<number, Promise<PartnerInfo>>();

  return {
    partner(id) {
      let found = byId.get(id);
      if (!found) {
        found = rows()
          .where('partners.id', '=', id)
          .executeTakeFirst()
          .then((row) => {
            // Same words as Forbidden at the reply layer: an unknown partner and a hidden one look alike.
            if (!row) throw new PulseError('not_found', NOT_FOUND);
            return info(row);
          });
        byId.set(id, found);
        found.catch(() => byId.delete(id));
      }
      return found;
    },

    async findPartners(text) {
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      if (words.length === 0) return [];
      let q = rows();
      for (const w of words) q = q.where('partners.name', 'ilike', contains(w));
      const found = await q
        .orderBy(sql`lower(partners.name) = ${words.join(' ')}`, 'desc')
        .orderBy(sql`lower(partners.name) like ${`${escapeLike(words[0] ?? '')}%`}`, 'desc')
        .orderBy(sql`length(partners.name)`)
        .orderBy('partners.name')
        .limit(FIND_LIMIT)
        .execute();
      return found.map(info);
    },

    async visiblePartners() {
      return (await rows().orderBy('partners.name').execute()).map(info);
    },
  };
}
