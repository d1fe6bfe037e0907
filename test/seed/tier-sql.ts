import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Program } from '../../src/program/schema.ts';

// The tests' own reading of the data, in plain SQL written from the metric semantics (not from
// the seed's code), so a generator that drifts from the semantics is caught.

export interface PartnerMetrics {
  id: number;
  name: string;
  tier: string;
  region: string;
  revenue: number;
  active_certifications: number;
  won_deals: number;
  renewal_rate: number | null;
  co_sell_deals: number;
}

/** Trailing-12-month window [T+1 − 12 months, T+1) as SQL dates. */
export async function t12m(db: Db, today: string): Promise<{ from: string; to: string }> {
  const r = await sql<{ from: string; to: string }>`
    select ((${today}::date + 1) - interval '12 months')::date as "from", (${today}::date + 1) as "to"`.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error('no window');
  return row;
}

export async function partnerMetrics(db: Db, today: string): Promise<PartnerMetrics[]> {
  const w = await t12m(db, today);
  const r = await sql<PartnerMetrics>`
    with rev as (
      select partner_id, sum(amount_cents) / 100.0 as v from revenue
       where booked_on >= ${w.from}::date and booked_on < ${w.to}::date group by 1),
    cert as (
      select partner_id, count(distinct (lower(coalesce(nullif(holder_email, ''), holder_name)), lower(name))) as v from certifications
       where earned_on <= ${today}::date and expires_on >= ${today}::date group by 1),
    won as (
      select partner_id, count(*) as won, count(*) filter (where co_sell) as co from deal_registrations
       where status = 'won' and closed_on >= ${w.from}::date and closed_on < ${w.to}::date group by 1),
    ren as (
      select partner_id,
             100.0 * count(*) filter (where status = 'renewed') / nullif(count(*), 0) as v
        from renewals
       where status in ('renewed', 'churned') and due_on >= ${w.from}::date and due_on < ${w.to}::date group by 1)
    select p.id, p.name, p.tier, p.region,
           coalesce(rev.v, 0)::float8 as revenue,
           coalesce(cert.v, 0)::int as active_certifications,
           coalesce(won.won, 0)::int as won_deals,
           ren.v::float8 as renewal_rate,
           coalesce(won.co, 0)::int as co_sell_deals
      from partners p
      left join rev on rev.partner_id = p.id
      left join cert on cert.partner_id = p.id
      left join won on won.partner_id = p.id
      left join ren on ren.partner_id = p.id
     order by p.id`.execute(db);
  return r.rows;
}

const SUPPORTED = new Set(['revenue', 'active_certifications', 'won_deals', 'renewal_rate', 'co_sell_deals']);

/** Throws when program.yml asks for something this reading cannot check, so the test fails loudly. */
export function assertCheckable(program: Program): void {
  for (const t of program.tiers) {
    for (const r of t.requirements) {
      const windowOk = r.metric === 'active_certifications' ? r.window === 'current' : r.window === 'trailing_12_months';
      if (!SUPPORTED.has(r.metric) || !windowOk) throw new Error(`test reading cannot check ${t.name}: ${r.metric} over ${r.window}`);
    }
  }
}

export function meets(program: Program, tierName: string, m: PartnerMetrics): boolean {
  const tier = program.tiers.find((t) => t.name === tierName);
  if (!tier) throw new Error(`no tier ${tierName}`);
  return tier.requirements.every((r) => {
    const v = m[r.metric as keyof PartnerMetrics];
    return typeof v === 'number' && v >= (r.min ?? 0);
  });
}

export function earnedTier(program: Program, m: PartnerMetrics): string {
  for (let i = program.tiers.length - 1; i > 0; i--) {
    const t = program.tiers[i];
    if (t && meets(program, t.name, m)) return t.name;
  }
  return program.tiers[0]?.name ?? '';
}
