import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { demoProgram } from '../../db/seed/demo.ts';
import { seedScale, type ScaleCounts } from '../../db/seed/scale.ts';
import { testDb } from '../helpers/db.ts';
import { fingerprint, type Fingerprint } from './fingerprint.ts';
import { assertCheckable, earnedTier, partnerMetrics } from './tier-sql.ts';

const T = '2026-11-23';
const N = 50;
let h: DbHandle;
let counts: ScaleCounts;
let schemaBefore: string[];
let first: Fingerprint;
const progress: string[] = [];

/** Every index and constraint with its definition: the bulk load drops and rebuilds them. */
async function schemaObjects(): Promise<string[]> {
  const r = await sql<{ d: string }>`
    select indexname || ': ' || indexdef as d from pg_indexes where schemaname = current_schema()
    union all
    select conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) from pg_constraint
     where connamespace = current_schema()::regnamespace
    order by 1`.execute(h.db);
  return r.rows.map((x) => x.d);
}

const count = async (table: string): Promise<number> => {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db);
  return r.rows[0]?.n ?? -1;
};

// testDb's own clean-up hook is not registered when it is called from inside a hook.
afterAll(() => h?.close().catch(() => {}));

beforeAll(async () => {
  // Start from the demo data: a scale load replaces it.
  h = await testDb({ demo: true });
  schemaBefore = await schemaObjects();
  counts = await seedScale(h, { partners: N, today: T, onProgress: (m) => progress.push(m) });
  first = await fingerprint(h.db);
}, 120_000);

describe('seedScale', () => {
  it('replaces the partner data and reports what it loaded', async () => {
    expect(counts.partners).toBe(N);
    for (const t of ['partners', 'users', 'deal_registrations', 'revenue', 'leads', 'certifications', 'mdf', 'incentives', 'renewals'] as const) {
      expect(await count(t), t).toBe(counts[t]);
    }
    const demo = await sql<{ n: number }>`select count(*)::int as n from partners where name = 'Northwind Traders'`.execute(h.db);
    expect(demo.rows[0]?.n).toBe(0);
    expect(progress.some((m) => m.includes('revenue'))).toBe(true);
  });

  it('keeps the proportions of the 5,000-partner data set', () => {
    const per = (n: number) => n / N;
    // 5,000 partners → ~5,000,000 revenue lines, 2,000,000 deals, 500,000 certifications.
    expect(per(counts.revenue)).toBeGreaterThan(700);
    expect(per(counts.revenue)).toBeLessThan(1300);
    expect(per(counts.deal_registrations)).toBeGreaterThan(280);
    expect(per(counts.deal_registrations)).toBeLessThan(520);
    expect(per(counts.certifications)).toBeGreaterThan(70);
    expect(per(counts.certifications)).toBeLessThan(130);
    expect(per(counts.leads)).toBeGreaterThan(100);
    expect(per(counts.renewals)).toBeGreaterThan(25);
    expect(counts.mdf).toBeGreaterThan(0);
    expect(counts.incentives).toBeGreaterThan(N);
    expect(counts.users).toBeGreaterThan(N * 2);
  });

  it('gives each partner an owner and a channel manager (about 50 partners each)', async () => {
    const r = await sql<{ managers: number; unmanaged: number; without_owner: number; admins: number; bad_parents: number }>`
      select (select count(*) from users where role = 'channel_manager')::int as managers,
             (select count(*) from partners where channel_manager_id is null)::int as unmanaged,
             (select count(*) from partners p where not exists (
                select 1 from users u where u.partner_id = p.id and u.role = 'partner_admin' and u.email like 'owner@%.example'))::int as without_owner,
             (select count(*) from users where role = 'vendor_admin')::int as admins,
             (select count(*) from partners c join partners p on p.id = c.parent_id
               where p.type <> 'distributor' or c.region <> p.region)::int as bad_parents`.execute(h.db);
    expect(r.rows[0]).toEqual({ managers: 1, unmanaged: 0, without_owner: 0, admins: 1, bad_parents: 0 });
  });

  it('stores every partner on the highest tier its data meets, with every tier present', async () => {
    const program = demoProgram();
    assertCheckable(program);
    const metrics = await partnerMetrics(h.db, T);
    expect(metrics.filter((m) => earnedTier(program, m) !== m.tier).map((m) => m.name)).toEqual([]);
    expect(new Set(metrics.map((m) => m.tier)).size).toBe(program.tiers.length);
  });

  it('puts back every index and constraint it dropped for the load', async () => {
    expect(await schemaObjects()).toEqual(schemaBefore);
    // Sequences moved past the loaded ids.
    const id = await h.db
      .insertInto('revenue')
      .values({ partner_id: 1, product_line: 'Cloud Platform', customer: 'Late Booking', amount_cents: 100, booked_on: T })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(id.id).toBe(counts.revenue + 1);
    await h.db.deleteFrom('revenue').where('id', '=', id.id).execute();
  });

  it('records data sources', async () => {
    const r = await sql<{ entity: string; rows: number; source: string }>`select entity, rows, source from data_sources order by entity`.execute(h.db);
    expect(r.rows.find((x) => x.entity === 'revenue')).toEqual({ entity: 'revenue', rows: counts.revenue, source: 'scale' });
    expect(r.rows.every((x) => x.source === 'scale')).toBe(true);
  });

  it('is deterministic: a second load gives the same rows', async () => {
    const again = await seedScale(h, { partners: N, today: T });
    expect({ ...again, seconds: 0 }).toEqual({ ...counts, seconds: 0 });
    expect(await fingerprint(h.db)).toEqual(first);
  }, 120_000);
});
