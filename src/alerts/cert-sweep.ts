import { sql } from 'kysely';
import type { App } from '../app.ts';
import { isoDay, now } from '../clock.ts';

export interface SweepSummary {
  /** Certifications inside the largest threshold. */
  certifications: number;
  /** Alerts written by this run (0 when it runs again the same day). */
  created: number;
}

/**
 * The daily certification sweep, one statement over all certifications: every active one that
 * expires within the largest threshold (program.yml alerts.certification_thresholds_days) gets an
 * alert for the smallest threshold it has reached, for its holder (when a user), the partner's
 * admins and its channel manager. The outbox key (certification, threshold, recipient) makes a
 * second run the same day, a run on another process, or the next day inside the same threshold
 * add nothing. The insert is one transaction: all of a run's alerts or none.
 */
export async function runCertificationSweep(app: App, today: string = isoDay(now())): Promise<SweepSummary> {
  const thresholds = [...new Set(app.program.alerts.certification_thresholds_days)].sort((a, b) => a - b);
  const horizon = thresholds[thresholds.length - 1] ?? 0;
  const tiers = app.program.tiers.map((t, rank) => ({
    rank,
    name: t.name,
    // A lapse breaks a minimum only.
    min: t.requirements.find((r) => r.metric === 'active_certifications' && r.min !== undefined)?.min ?? null,
  }));
  const renewUrl = app.program.actions.expiring_certifications?.url ?? null;
  const asOf = new Date().toISOString();

  const result = await sql<{ certifications: number; created: number }>`
    with tiers as (
      select * from jsonb_to_recordset(${JSON.stringify(tiers)}::jsonb) as t(rank int, name text, min numeric)
    ),
    expiring as (
      select c.id, c.partner_id, c.holder_user_id, c.holder_name, c.name, c.expires_on,
             (c.expires_on - ${today}::date) as days_left
      from certifications c
      where c.expires_on >= ${today}::date and c.expires_on <= ${today}::date + ${horizon}::int and c.earned_on <= ${today}::date
    ),
    active as (
      select c.partner_id, count(*)::int as n
      from certifications c
      where c.partner_id in (select distinct partner_id from expiring)
        and c.earned_on <= ${today}::date and c.expires_on >= ${today}::date
      group by c.partner_id
    ),
    facts as (
      select e.*, p.name as partner, p.tier, p.channel_manager_id,
             (select min(t) from unnest(${thresholds}::int[]) t where t >= e.days_left) as threshold,
             a.n as active_now,
             greatest(0, a.n - count(*) over (partition by e.partner_id order by e.expires_on range unbounded preceding))::int as active_after
      from expiring e
      join partners p on p.id = e.partner_id
      join active a on a.partner_id = e.partner_id
    ),
    broken as (
      select f.*, b.name as breaks_tier, b.min as breaks_min
      from facts f
      left join lateral (
        select t.name, t.min from tiers t
        where t.rank in ((select rank from tiers where lower(name) = lower(f.tier)), (select rank + 1 from tiers where lower(name) = lower(f.tier)))
          and t.min is not null and f.active_now >= t.min and f.active_after < t.min
        order by t.rank desc limit 1
      ) b on true
    ),
    recipients as (
      select distinct on (r.id, r.user_id) r.* from (
        select f.*, f.holder_user_id as user_id, 'holder' as audience, 1 as pri from broken f where f.holder_user_id is not null
        union all
        select f.*, u.id, 'partner_admin', 2 from broken f join users u on u.partner_id = f.partner_id and u.role = 'partner_admin'
        union all
        select f.*, f.channel_manager_id, 'channel_manager', 3 from broken f where f.channel_manager_id is not null
      ) r
      order by r.id, r.user_id, r.pri
    ),
    inserted as (
      insert into notifications (dedupe_key, kind, recipient_user_id, partner_id, payload)
      select 'cert_expiry:cert-' || r.id || ':' || r.threshold || 'd:user-' || r.user_id, 'cert_expiry', r.user_id, r.partner_id,
             jsonb_build_object('certExpiry', jsonb_build_object(
               'certificationId', r.id, 'partnerId', r.partner_id, 'partner', r.partner, 'holder', r.holder_name,
               'certification', r.name, 'expiresOn', to_char(r.expires_on, 'YYYY-MM-DD'), 'threshold', r.threshold,
               'daysLeft', r.days_left, 'activeNow', r.active_now, 'activeAfter', r.active_after,
               'breaks', case when r.breaks_tier is null then null else jsonb_build_object('tier', r.breaks_tier, 'min', r.breaks_min) end,
               'audience', r.audience, 'renewUrl', ${renewUrl}::text, 'asOf', ${asOf}::text,
               'style', jsonb_build_object('locale', coalesce(ru.locale, ${app.program.locale}::text), 'currency', ${app.program.currency}::text)))
      from recipients r
      left join users ru on ru.id = r.user_id
      on conflict (dedupe_key) do nothing
      returning 1
    )
    select (select count(*)::int from expiring) as certifications, (select count(*)::int from inserted) as created`.execute(app.db);
  const row = result.rows[0];
  return { certifications: row?.certifications ?? 0, created: row?.created ?? 0 };
}
