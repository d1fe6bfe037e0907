import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO, demoProgram, NORTHWIND_FACTS, seedDemo } from '../../db/seed/demo.ts';
import type { Program } from '../../src/program/schema.ts';
import { testDb } from '../helpers/db.ts';
import { assertCheckable, earnedTier, meets, partnerMetrics, t12m, type PartnerMetrics } from './tier-sql.ts';

const T = '2026-11-23';
let h: DbHandle;
let program: Program;
let metrics: PartnerMetrics[];

const one = async <R>(q: ReturnType<typeof sql<R>>): Promise<R> => {
  const r = await q.execute(h.db);
  const row = r.rows[0];
  if (row === undefined) throw new Error('no row');
  return row;
};
const partnerId = async (name: string): Promise<number> => (await one(sql<{ id: number }>`select id from partners where name = ${name}`)).id;
const byName = (name: string): PartnerMetrics => {
  const m = metrics.find((x) => x.name === name);
  if (!m) throw new Error(`no partner ${name}`);
  return m;
};

// testDb's own clean-up hook is not registered when it is called from inside a hook, so the
// database is dropped here (a second close is harmless).
afterAll(() => h?.close().catch(() => {}));

beforeAll(async () => {
  h = await testDb({ demo: false });
  await seedDemo(h.db, T);
  program = demoProgram();
  assertCheckable(program);
  metrics = await partnerMetrics(h.db, T);
});

describe('Northwind Traders', () => {
  it('is a Silver reseller in NA, 70–95% of the way to Gold revenue', async () => {
    const p = await one(sql<{ tier: string; type: string; region: string }>`select tier, type, region from partners where name = ${DEMO.northwind}`);
    expect(p).toEqual({ tier: 'Silver', type: 'reseller', region: 'NA' });
    const w = await t12m(h.db, T);
    expect(w).toEqual({ from: '2025-11-24', to: '2026-11-24' });
    const id = await partnerId(DEMO.northwind);
    const rev = await one(sql<{ v: number }>`
      select sum(amount_cents) / 100.0 as v from revenue where partner_id = ${id} and booked_on >= '2025-11-24' and booked_on < '2026-11-24'`);
    const ratio = rev.v / 500000;
    expect(ratio).toBeGreaterThanOrEqual(0.7);
    expect(ratio).toBeLessThanOrEqual(0.95);
    expect(rev.v).toBe(NORTHWIND_FACTS.revenueT12m);
  });

  it('has exactly 5 active certifications today, one of them (held by a user) expiring within 30 days', async () => {
    const id = await partnerId(DEMO.northwind);
    const active = await one(sql<{ n: number }>`
      select count(*)::int as n from certifications where partner_id = ${id} and earned_on <= ${T}::date and expires_on >= ${T}::date`);
    expect(active.n).toBe(5);
    const expiring = await sql<{ name: string; expires_on: string; email: string | null; holder_email: string | null }>`
      select c.name, c.expires_on, u.email, c.holder_email from certifications c left join users u on u.id = c.holder_user_id
       where c.partner_id = ${id} and c.earned_on <= ${T}::date and c.expires_on >= ${T}::date
         and c.expires_on <= ${T}::date + 30`.execute(h.db);
    expect(expiring.rows).toHaveLength(1);
    expect(expiring.rows[0]).toMatchObject({ name: DEMO.expiringCertification, expires_on: '2026-12-12' });
    expect(expiring.rows[0]?.email).toMatch(/@northwind\.example$/);
    expect(expiring.rows[0]?.holder_email).toBe(expiring.rows[0]?.email);
  });

  it('has holders who are users and holders who are not', async () => {
    const id = await partnerId(DEMO.northwind);
    const r = await one(sql<{ users: number; others: number; emails: string[] }>`
      select count(*) filter (where c.holder_user_id is not null)::int as users,
             count(*) filter (where c.holder_user_id is null)::int as others,
             array_agg(distinct u.email) filter (where u.email is not null) as emails
        from certifications c left join users u on u.id = c.holder_user_id where c.partner_id = ${id}`);
    expect(r.users).toBeGreaterThanOrEqual(2);
    expect(r.others).toBeGreaterThanOrEqual(2);
    expect(r.emails.sort()).toEqual([DEMO.emails.northwindOwner, DEMO.emails.northwindSeller]);
  });

  it('meets Gold on won deals and renewal rate', () => {
    const m = byName(DEMO.northwind);
    expect(m.won_deals).toBeGreaterThanOrEqual(15);
    expect(m.renewal_rate).toBeGreaterThanOrEqual(80);
    expect(m.active_certifications).toBe(5);
    expect(meets(program, 'Silver', m)).toBe(true);
    expect(meets(program, 'Gold', m)).toBe(false);
  });

  it('has approved open deals worth clearly more than the revenue gap to Gold, one expiring within 14 days', async () => {
    const id = await partnerId(DEMO.northwind);
    const gap = 500000 - byName(DEMO.northwind).revenue;
    expect(gap).toBeGreaterThan(0);
    const open = await one(sql<{ total: number; n: number; soon: number; oldest: string }>`
      select sum(amount_cents) / 100.0 as total, count(*)::int as n,
             count(*) filter (where expires_on <= ${T}::date + 14)::int as soon, min(submitted_on) as oldest
        from deal_registrations
       where partner_id = ${id} and status = 'approved' and closed_on is null and expires_on > ${T}::date`);
    expect(open.total).toBeGreaterThan(gap * 1.2);
    expect(open.total).toBeLessThan(gap * 2);
    expect(open.n).toBeGreaterThanOrEqual(3);
    expect(open.soon).toBe(1);
    expect(open.oldest >= '2026-08-01').toBe(true);
  });

  it('booked less last month than the month before, across several product lines and customers', async () => {
    const id = await partnerId(DEMO.northwind);
    const r = await one(sql<{ sep: number; oct: number; lines: number; customers: number; alpine_oct: number }>`
      select sum(amount_cents) filter (where booked_on >= '2026-09-01' and booked_on < '2026-10-01')::float8 as sep,
             sum(amount_cents) filter (where booked_on >= '2026-10-01' and booked_on < '2026-11-01')::float8 as oct,
             count(distinct product_line) filter (where booked_on >= '2025-11-24')::int as lines,
             count(distinct customer) filter (where booked_on >= '2025-11-24')::int as customers,
             count(*) filter (where booked_on >= '2026-10-01' and booked_on < '2026-11-01' and customer = ${NORTHWIND_FACTS.lostCustomerLastMonth})::int as alpine_oct
        from revenue where partner_id = ${id}`);
    expect(r.oct).toBeLessThan(r.sep * 0.85);
    expect(r.lines).toBeGreaterThanOrEqual(4);
    expect(r.customers).toBeGreaterThanOrEqual(6);
    expect(r.alpine_oct).toBe(0);
    const history = await one(sql<{ first: string }>`select min(booked_on) as first from revenue where partner_id = ${id}`);
    expect(history.first <= '2025-06-01').toBe(true);
  });

  it('has some MDF (partly claimed, one allocation expiring within 45 days), incentives and leads', async () => {
    const id = await partnerId(DEMO.northwind);
    const mdf = await one(sql<{ allocated: number; claimed: number; soon: number }>`
      select sum(allocated_cents)::float8 as allocated, sum(claimed_cents)::float8 as claimed,
             count(*) filter (where expires_on >= ${T}::date and expires_on <= ${T}::date + 45)::int as soon
        from mdf where partner_id = ${id}`);
    expect(mdf.claimed).toBeGreaterThan(0);
    expect(mdf.claimed).toBeLessThan(mdf.allocated);
    expect(mdf.soon).toBe(1);
    const other = await one(sql<{ incentives: number; leads: number }>`
      select (select count(*) from incentives where partner_id = ${id})::int as incentives,
             (select count(*) from leads where partner_id = ${id})::int as leads`);
    expect(other.incentives).toBeGreaterThan(0);
    expect(other.leads).toBeGreaterThan(0);
  });

  it('has its owner and seller users', async () => {
    const id = await partnerId(DEMO.northwind);
    const users = await sql<{ email: string; name: string; role: string }>`
      select email, name, role from users where partner_id = ${id} order by email`.execute(h.db);
    expect(users.rows).toEqual([
      { email: DEMO.emails.northwindOwner, name: 'Nora Owner', role: 'partner_admin' },
      { email: DEMO.emails.northwindSeller, name: DEMO.people.northwindSeller, role: 'partner_user' },
    ]);
  });
});

describe('the other fixed partners', () => {
  it('Fabrikam is Gold, comfortably above every Gold requirement and below Platinum', () => {
    const m = byName(DEMO.fabrikam);
    expect(m.tier).toBe('Gold');
    const gold = program.tiers.find((t) => t.name === 'Gold');
    for (const r of gold?.requirements ?? []) {
      const v = m[r.metric as keyof PartnerMetrics] as number;
      expect(v, r.metric).toBeGreaterThanOrEqual((r.min ?? 0) * 1.05);
    }
    expect(meets(program, 'Platinum', m)).toBe(false);
  });

  it('Tailspin is Registered and far from Silver', () => {
    const m = byName(DEMO.tailspin);
    expect(m.tier).toBe('Registered');
    expect(m.revenue).toBeLessThan(100000 * 0.2);
    expect(m.active_certifications).toBeLessThanOrEqual(1);
  });

  it('Wide World Importers is a Platinum distributor with at least 3 reseller sub-partners of several tiers', async () => {
    const m = byName(DEMO.wideWorld);
    expect(m.tier).toBe('Platinum');
    expect(meets(program, 'Platinum', m)).toBe(true);
    const id = await partnerId(DEMO.wideWorld);
    expect((await one(sql<{ type: string }>`select type from partners where id = ${id}`)).type).toBe('distributor');
    const kids = await sql<{ name: string; type: string; tier: string; owners: number }>`
      select p.name, p.type, p.tier,
             (select count(*) from users u where u.partner_id = p.id and u.role = 'partner_admin' and u.email like 'owner@%.example')::int as owners
        from partners p where p.parent_id = ${id} order by p.id`.execute(h.db);
    expect(kids.rows.length).toBeGreaterThanOrEqual(3);
    expect(kids.rows.every((k) => k.type === 'reseller' && k.owners === 1)).toBe(true);
    expect(new Set(kids.rows.map((k) => k.tier)).size).toBeGreaterThanOrEqual(2);
  });

  it('fixed owners exist as partner_admins of their partners', async () => {
    const pairs: [string, string][] = [
      [DEMO.emails.fabrikamOwner, DEMO.fabrikam],
      [DEMO.emails.tailspinOwner, DEMO.tailspin],
      [DEMO.emails.wideWorldOwner, DEMO.wideWorld],
    ];
    for (const [email, partner] of pairs) {
      const u = await one(sql<{ role: string; partner: string }>`
        select u.role, p.name as partner from users u join partners p on p.id = u.partner_id where u.email = ${email}`);
      expect(u).toEqual({ role: 'partner_admin', partner });
    }
  });
});

describe('the vendor side', () => {
  it('Morgan Manager manages Northwind, Fabrikam, Tailspin and at least 20 more, not Wide World', async () => {
    const mgr = await one(sql<{ id: number; name: string; role: string; time_zone: string; partner_id: number | null }>`
      select id, name, role, time_zone, partner_id from users where email = ${DEMO.emails.manager}`);
    expect(mgr).toMatchObject({ name: 'Morgan Manager', role: 'channel_manager', time_zone: 'America/New_York', partner_id: null });
    const managed = await sql<{ name: string }>`select name from partners where channel_manager_id = ${mgr.id}`.execute(h.db);
    const names = managed.rows.map((r) => r.name);
    expect(names.length).toBeGreaterThanOrEqual(23);
    expect(names).toEqual(expect.arrayContaining([DEMO.northwind, DEMO.fabrikam, DEMO.tailspin]));
    expect(names).not.toContain(DEMO.wideWorld);
  });

  it('has 4–6 other channel managers covering every other partner, and a vendor admin', async () => {
    const r = await one(sql<{ managers: number; unmanaged: number; bad: number; admins: number }>`
      select (select count(*) from users where role = 'channel_manager' and email <> ${DEMO.emails.manager})::int as managers,
             (select count(*) from partners where channel_manager_id is null)::int as unmanaged,
             (select count(*) from partners p join users u on u.id = p.channel_manager_id where u.role <> 'channel_manager')::int as bad,
             (select count(*) from users where role = 'vendor_admin' and email = ${DEMO.emails.admin} and partner_id is null)::int as admins`);
    expect(r.managers).toBeGreaterThanOrEqual(4);
    expect(r.managers).toBeLessThanOrEqual(6);
    expect(r).toMatchObject({ unmanaged: 0, bad: 0, admins: 1 });
  });
});

describe('the program as a whole', () => {
  it('has at least 200 partners of every type and region, at least 10 per tier', async () => {
    expect(metrics.length).toBeGreaterThanOrEqual(200);
    for (const t of program.tiers) expect(metrics.filter((m) => m.tier === t.name).length, t.name).toBeGreaterThanOrEqual(10);
    const types = await sql<{ type: string }>`select distinct type from partners order by 1`.execute(h.db);
    expect(types.rows.map((r) => r.type)).toEqual(['distributor', 'msp', 'reseller', 'supplier']);
    expect(new Set(metrics.map((m) => m.region))).toEqual(new Set(['NA', 'EMEA', 'APAC', 'LATAM']));
  });

  it('has tier × region cohorts of at least 5', () => {
    const cohorts = new Map<string, number>();
    for (const m of metrics) cohorts.set(`${m.tier}/${m.region}`, (cohorts.get(`${m.tier}/${m.region}`) ?? 0) + 1);
    expect(cohorts.size).toBe(program.tiers.length * 4);
    for (const [k, n] of cohorts) expect(n, k).toBeGreaterThanOrEqual(5);
  });

  it('stores every partner on the highest tier its data meets', () => {
    const wrong = metrics.filter((m) => earnedTier(program, m) !== m.tier).map((m) => `${m.name}: ${m.tier} vs ${earnedTier(program, m)}`);
    expect(wrong).toEqual([]);
  });

  it('gives every partner an owner@<slug>.example partner_admin, and some partners more users', async () => {
    const r = await one(sql<{ without: number; with_users: number }>`
      select count(*) filter (where not exists (
               select 1 from users u where u.partner_id = p.id and u.role = 'partner_admin' and u.email like 'owner@%.example'))::int as without,
             count(*) filter (where exists (select 1 from users u where u.partner_id = p.id and u.role = 'partner_user'))::int as with_users
        from partners p`);
    expect(r.without).toBe(0);
    expect(r.with_users).toBeGreaterThanOrEqual(20);
  });

  it('has markup and a prompt injection as customer names of a partner other than Northwind', async () => {
    const rows = await sql<{ customer: string; partner: string }>`
      select distinct d.customer, p.name as partner from deal_registrations d join partners p on p.id = d.partner_id
       where d.customer in (${DEMO.hostileCustomers.markup}, ${DEMO.hostileCustomers.injection})`.execute(h.db);
    expect(rows.rows.map((r) => r.customer).sort()).toEqual([DEMO.hostileCustomers.markup, DEMO.hostileCustomers.injection].sort());
    expect(new Set(rows.rows.map((r) => r.partner))).toEqual(new Set([DEMO.hostileCustomers.partner]));
    expect(rows.rows.map((r) => r.partner)).not.toContain(DEMO.northwind);
  });

  it('has 18 months of history and nothing booked after today', async () => {
    const r = await one(sql<{ first: string; last: string; future_deals: number }>`
      select min(booked_on) as first, max(booked_on) as last,
             (select count(*) from deal_registrations where submitted_on > ${T}::date or closed_on > ${T}::date)::int as future_deals
        from revenue`);
    expect(r.first >= '2025-05-24' && r.first <= '2025-06-15').toBe(true);
    expect(r.last <= T).toBe(true);
    expect(r.future_deals).toBe(0);
  });

  it('records one data source per entity with its row count', async () => {
    const sources = await sql<{ entity: string; source: string; rows: number; as_of: Date }>`
      select entity, source, rows, as_of from data_sources order by entity`.execute(h.db);
    expect(sources.rows.map((s) => s.entity).sort()).toEqual(
      ['certifications', 'deal_registrations', 'incentives', 'leads', 'mdf', 'partners', 'renewals', 'revenue', 'users'].sort(),
    );
    for (const s of sources.rows) {
      const c = await one(sql<{ n: number }>`select count(*)::int as n from ${sql.table(s.entity)}`);
      expect(s.rows, s.entity).toBe(c.n);
      expect(s.source).toBe('demo');
      expect(s.as_of.toISOString()).toBe('2026-11-23T06:00:00.000Z');
    }
  });

  it('leaves the id sequences past the seeded ids and refuses a second seeding', async () => {
    const u = await h.db
      .insertInto('users')
      .values({ email: 'late@contoso.example', name: 'Late Comer', role: 'vendor_admin', partner_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const max = await one(sql<{ id: number }>`select max(id) as id from users where email <> 'late@contoso.example'`);
    expect(u.id).toBeGreaterThan(max.id);
    await expect(seedDemo(h.db, T)).rejects.toThrow(/empty database/);
  });
});
