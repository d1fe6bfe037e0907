import { sql } from 'kysely';
import type { ScopedSource } from '../../access/scope.ts';
import { plusDays } from '../calendar.ts';
import type { CertificationQuery, CertificationRow } from '../partner-data.ts';
import type { Period } from '../types.ts';
import { contains, limitOf } from './like.ts';

const DEFAULT_CERT_LIMIT = 500;

/** Certification records of the scoped partners (active today unless asked otherwise), soonest expiry first. */
export async function listCertifications(src: ScopedSource, cq: CertificationQuery, today: string): Promise<CertificationRow[]> {
  if (src.partnerIds.length === 0) return [];
  let q = src
    .from('certifications')
    .innerJoin('partners', 'partners.id', 'certifications.partner_id')
    .select([
      'certifications.id',
      'certifications.partner_id',
      'partners.name as partner',
      'certifications.holder_name',
      'certifications.holder_email',
      'certifications.name',
      'certifications.earned_on',
      'certifications.expires_on',
      sql<number>`certifications.expires_on - ${today}::date`.as('days_left'),
    ]);
  if (cq.expiringWithinDays !== undefined) {
    const within = Math.max(0, Math.floor(cq.expiringWithinDays));
    q = q
      .where('certifications.earned_on', '<=', today)
      .where('certifications.expires_on', '>=', today)
      .where('certifications.expires_on', '<=', plusDays(today, within));
  } else if (!cq.includeExpired) {
    q = q.where('certifications.earned_on', '<=', today).where('certifications.expires_on', '>=', today);
  }
  const holder = cq.holder?.trim();
  if (holder) {
    q = q.where((eb) =>
      eb.or([eb('certifications.holder_name', 'ilike', contains(holder)), eb('certifications.holder_email', 'ilike', contains(holder))]),
    );
  }
  const rows = await q
    .orderBy('certifications.expires_on')
    .orderBy('certifications.holder_name')
    .orderBy('certifications.id')
    .limit(limitOf(cq.limit, DEFAULT_CERT_LIMIT))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    partnerId: r.partner_id,
    partner: r.partner,
    holder: r.holder_name,
    holderEmail: r.holder_email,
    name: r.name,
    earnedOn: r.earned_on,
    expiresOn: r.expires_on,
    daysLeft: r.days_left,
  }));
}

/** Certifications earned in `period` per scoped partner (the pace at which each adds certified people); 0 for none. */
export async function certificationsEarnedByPartner(src: ScopedSource, period: Period): Promise<Map<number, number>> {
  if (src.partnerIds.length === 0) return new Map();
  const rows = await src
    .from('certifications')
    .select(['partner_id', sql<number>`count(*)`.as('n')])
    .where('earned_on', '>=', period.from)
    .where('earned_on', '<', period.to)
    .groupBy('partner_id')
    .execute();
  const found = new Map(rows.map((r) => [r.partner_id, Number(r.n)]));
  return new Map(src.partnerIds.map((id) => [id, found.get(id) ?? 0]));
}
