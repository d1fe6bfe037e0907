import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { DealStatus } from '../../db/schema.ts';
import { peerBenchmark } from '../access/benchmark.ts';
import { dataVersion } from '../access/cohort-values.ts';
import type { Principal } from '../access/principal.ts';
import { partnersInScope, scopeFor } from '../access/scope.ts';
import { now } from '../clock.ts';
import { PulseError } from '../errors.ts';
import { breakdown } from '../insights/sql/breakdown.ts';
import { flowByDay } from '../insights/sql/flow-by-day.ts';
import { certificationsEarned, mdfExpiring, openApprovedDeals } from '../insights/sql/open-work.ts';
import { peerRank } from '../insights/sql/peer-rank.ts';
import { plusDays } from './calendar.ts';
import { metricDef } from './catalog/index.ts';
import type { CertificationQuery, CertificationRow, DealQuery, DealRow, PartnerData, PartnerInfo, TierChange } from './partner-data.ts';
import { sumParts, valueOfParts } from './parts.ts';
import { measure, measureParts } from './run.ts';

const NOT_FOUND = "I can't find that partner.";
const DEFAULT_DEAL_LIMIT = 100;
const DEFAULT_CERT_LIMIT = 500;
const FIND_LIMIT = 25;

/** `s` made literal inside a LIKE pattern ("50%" must not match everything). */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (s: string): string => `%${escapeLike(s)}%`;

const limitOf = (n: number | undefined, fallback: number): number =>
  n !== undefined && Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 10_000) : fallback;

/**
 * The scoped data API for one asker. Partner-data tables are read only through `scopeFor`, which
 * throws `Forbidden` for any partner id outside the principal's scope; the partners table only
 * through `partnersInScope`. Nothing here checks visibility on its own.
 */
export function createPartnerData(db: Db, principal: Principal, today: string): PartnerData {
  const partnerRows = () =>
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
  type Row = Awaited<ReturnType<ReturnType<typeof partnerRows>['execute']>>[number];
  const info = (r: Row): PartnerInfo => ({
    id: r.id,
    name: r.name,
    tier: r.tier,
    type: r.type,
    region: r.region,
    parentId: r.parent_id,
    channelManager: r.channel_manager,
  });

  // One asker's turn reads the same partner row and the data version several times; once each.
  const partnerById = new Map<number, Promise<PartnerInfo>>();
  let version: Promise<string> | undefined;
  const versionOnce = (): Promise<string> => (version ??= dataVersion(db));

  return {
    today,

    async partner(id) {
      scopeFor(db, principal, [id]);
      let found = partnerById.get(id);
      if (!found) {
        found = partnerRows()
          .where('partners.id', '=', id)
          .executeTakeFirst()
          .then((row) => {
            // Same words as Forbidden at the reply layer: an unknown partner and a hidden one look alike.
            if (!row) throw new PulseError('not_found', NOT_FOUND);
            return info(row);
          });
        partnerById.set(id, found);
        found.catch(() => partnerById.delete(id));
      }
      return found;
    },

    async findPartners(text) {
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      if (words.length === 0) return [];
      let q = partnerRows();
      for (const w of words) q = q.where('partners.name', 'ilike', contains(w));
      const rows = await q
        .orderBy(sql`lower(partners.name) = ${words.join(' ')}`, 'desc')
        .orderBy(sql`lower(partners.name) like ${`${escapeLike(words[0] ?? '')}%`}`, 'desc')
        .orderBy(sql`length(partners.name)`)
        .orderBy('partners.name')
        .limit(FIND_LIMIT)
        .execute();
      return rows.map(info);
    },

    async visiblePartners() {
      const rows = await partnerRows().orderBy('partners.name').execute();
      return rows.map(info);
    },

    async metric(metric, partnerId, period, filters = {}) {
      const def = metricDef(metric);
      const values = await measure(scopeFor(db, principal, [partnerId]), metric, period, filters, today);
      return { metric, label: def.label, unit: def.unit, value: values.get(partnerId) ?? null, period };
    },

    async metricByPartner(metric, partnerIds, period, filters = {}) {
      return measure(scopeFor(db, principal, partnerIds), metric, period, filters, today);
    },

    async metricParts(metric, partnerIds, period, filters = {}) {
      return measureParts(scopeFor(db, principal, partnerIds), metric, period, filters, today);
    },

    async metricTotal(metric, partnerIds, period, filters = {}) {
      const parts = await measureParts(scopeFor(db, principal, partnerIds), metric, period, filters, today);
      return valueOfParts(metric, sumParts(metric, parts.values()));
    },

    async deals(dq: DealQuery): Promise<DealRow[]> {
      const src = scopeFor(db, principal, dq.partnerIds);
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
    },

    async certifications(cq: CertificationQuery): Promise<CertificationRow[]> {
      const src = scopeFor(db, principal, cq.partnerIds);
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
          eb.or([
            eb('certifications.holder_name', 'ilike', contains(holder)),
            eb('certifications.holder_email', 'ilike', contains(holder)),
          ]),
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
    },

    async tierChanges(partnerIds, period): Promise<TierChange[]> {
      const src = scopeFor(db, principal, partnerIds);
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
    },

    flowByDay: async (metric, partnerId, period, filters = {}) => flowByDay(scopeFor(db, principal, [partnerId]), metric, period, filters),

    breakdown: async (metric, partnerId, period, by) => breakdown(scopeFor(db, principal, [partnerId]), metric, period, by),

    openApprovedDeals: async (partnerId) => openApprovedDeals(scopeFor(db, principal, [partnerId]), today),

    mdfExpiring: async (partnerId, withinDays) => mdfExpiring(scopeFor(db, principal, [partnerId]), today, withinDays),

    certificationsEarned: async (partnerId, period) => certificationsEarned(scopeFor(db, principal, [partnerId]), period),

    // Both read peers outside the scope; each checks the compared partner with scopeFor itself
    // and returns aggregates only.
    peerBenchmark: async (req) => peerBenchmark(db, principal, { ...req, today }, versionOnce),

    peerRank: async (req) => peerRank(db, principal, today, req, versionOnce),

    async asOf() {
      const row = await db
        .selectFrom('data_sources')
        .select(sql<Date | string | null>`max(as_of)`.as('as_of'))
        .executeTakeFirst();
      const at = row?.as_of;
      return at ? new Date(at).toISOString() : now().toISOString();
    },
  };
}
