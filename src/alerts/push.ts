import type { Db } from '../../db/connect.ts';
import type { Principal } from '../access/principal.ts';
import { fail, ok, type Result } from '../errors.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import type { CertificationRow } from '../metrics/partner-data.ts';
import { findTier, tierList } from '../program/evaluate.ts';
import { programMetrics } from '../program/metrics.ts';
import type { Program } from '../program/schema.ts';
import { styleFor } from '../reply/format.ts';
import { enqueue, type NewNotification } from '../notifications/enqueue.ts';
import { pushReply } from './push-reply.ts';

export interface PushRequest {
  /** Only partners on this tier; all partners when absent. */
  tier?: string;
  withinDays: number;
}

export interface PushPartner {
  id: number;
  name: string;
  tier: string;
  certifications: CertificationRow[];
  /** The partner's admins: who receive this partner's list, and only this partner's. */
  adminIds: number[];
  /** Each admin's own locale, null for the program's. */
  adminLocales: Record<number, string | null>;
}

export interface PushPlan {
  tier: string | null;
  withinDays: number;
  partners: PushPartner[];
  /** Partners with expiring certifications but no admin to tell. */
  withoutAdmins: string[];
  recipients: number;
  certifications: number;
}

export interface PushService {
  /** Who would receive what; nothing is written. */
  preview(asker: Principal, req: PushRequest, today: string): Promise<Result<PushPlan>>;
  /** Enqueues one alert per partner admin, in one transaction; returns the plan and how many are new. */
  send(asker: Principal, req: PushRequest, today: string): Promise<Result<PushPlan & { created: number }>>;
}

const ADMIN_ONLY = 'Only a vendor admin can push alerts to partners.';

export function pushService(db: Db, program: Program): PushService {
  async function plan(asker: Principal, req: PushRequest, today: string): Promise<Result<PushPlan>> {
    // The intent allows vendor admins only; this is the check that holds whoever calls.
    if (asker.role !== 'vendor_admin') return fail('forbidden', ADMIN_ONLY);
    const tier = req.tier?.trim() ? findTier(program, req.tier) : undefined;
    if (req.tier?.trim() && !tier) return fail('bad_input', `There is no tier called “${req.tier.trim().slice(0, 40)}”. The tiers are ${tierList(program)}.`);
    const data = createPartnerData(db, asker, today, programMetrics(program));
    const partners = (await data.visiblePartners()).filter((p) => !tier || p.tier.toLowerCase() === tier.name.toLowerCase());
    const ids = partners.map((p) => p.id);
    const certs = ids.length > 0 ? await data.certifications({ partnerIds: ids, expiringWithinDays: req.withinDays, limit: 10_000 }) : [];
    const withCerts = new Set(certs.map((c) => c.partnerId));
    const admins =
      withCerts.size > 0
        ? await db.selectFrom('users').select(['id', 'partner_id', 'locale']).where('role', '=', 'partner_admin').where('partner_id', 'in', [...withCerts]).execute()
        : [];
    const out: PushPartner[] = partners
      .filter((p) => withCerts.has(p.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        tier: p.tier,
        certifications: certs.filter((c) => c.partnerId === p.id),
        adminIds: admins.filter((a) => a.partner_id === p.id).map((a) => a.id),
        adminLocales: Object.fromEntries(admins.filter((a) => a.partner_id === p.id).map((a) => [a.id, a.locale])),
      }));
    return ok({
      tier: tier?.name ?? null,
      withinDays: req.withinDays,
      partners: out.filter((p) => p.adminIds.length > 0),
      withoutAdmins: out.filter((p) => p.adminIds.length === 0).map((p) => p.name),
      recipients: out.reduce((n, p) => n + p.adminIds.length, 0),
      certifications: out.reduce((n, p) => n + p.certifications.length, 0),
    });
  }

  return {
    preview: plan,
    async send(asker, req, today) {
      const planned = await plan(asker, req, today);
      if (!planned.ok) return planned;
      const p = planned.value;
      const period = `${(p.tier ?? 'all').toLowerCase()}-${p.withinDays}d-${today}`;
      const items: NewNotification[] = p.partners.flatMap((partner) =>
        partner.adminIds.map((adminId) => ({
          kind: 'push' as const,
          subject: `partner-${partner.id}`,
          period,
          recipientUserId: adminId,
          partnerId: partner.id,
          // Built from this partner's rows alone: an admin's message can hold no other partner.
          // Worded for its reader: their locale (else the program's), the program's currency.
          payload: { reply: pushReply(program, partner, p.withinDays, today, styleFor(program, partner.adminLocales[adminId])) },
        })),
      );
      const created = await db.transaction().execute((trx) => enqueue(trx, items));
      return ok({ ...p, created });
    },
  };
}
