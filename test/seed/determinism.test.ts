import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO, NORTHWIND_FACTS, seedDemo } from '../../db/seed/demo.ts';
import { testDb } from '../helpers/db.ts';

// testDb's own clean-up hook is not registered when it is called from inside a test, so every
// database made here is dropped at the end (a second close is harmless).
const opened: DbHandle[] = [];
const freshDb = async (): Promise<DbHandle> => {
  const h = await testDb({ demo: false });
  opened.push(h);
  return h;
};
afterAll(async () => {
  for (const h of opened) await h.close().catch(() => {});
});
import { fingerprint } from './fingerprint.ts';
import { partnerMetrics } from './tier-sql.ts';

describe('seedDemo is deterministic', () => {
  it('gives identical rows in two databases for the same today', async () => {
    const a = await freshDb();
    const b = await freshDb();
    await seedDemo(a.db, '2026-11-23');
    await seedDemo(b.db, '2026-11-23');
    const fa = await fingerprint(a.db);
    const fb = await fingerprint(b.db);
    expect(fa.revenue?.rows).toBeGreaterThan(1000);
    expect(fb).toEqual(fa);
  });

  it('moves every date with today and keeps the story true for another today', async () => {
    const c = await freshDb();
    const today = '2027-03-10';
    await seedDemo(c.db, today);
    const metrics = await partnerMetrics(c.db, today);
    const nw = metrics.find((m) => m.name === DEMO.northwind);
    expect(nw).toMatchObject({ tier: 'Silver', revenue: NORTHWIND_FACTS.revenueT12m, active_certifications: 5, won_deals: 18, renewal_rate: 90 });
    const r = await sql<{ last: string; feb: number; jan: number; expiring: string }>`
      select max(booked_on) as last,
             sum(amount_cents) filter (where booked_on >= '2027-02-01' and booked_on < '2027-03-01')::float8 as feb,
             sum(amount_cents) filter (where booked_on >= '2027-01-01' and booked_on < '2027-02-01')::float8 as jan,
             (select min(expires_on) from certifications c join partners p on p.id = c.partner_id
               where p.name = ${DEMO.northwind} and c.expires_on >= ${today}::date) as expiring
        from revenue r join partners p on p.id = r.partner_id where p.name = ${DEMO.northwind}`.execute(c.db);
    const last = r.rows[0]?.last ?? '';
    expect(last <= today && last >= '2027-03-03').toBe(true);
    expect(r.rows[0]?.feb).toBeLessThan(r.rows[0]?.jan ?? 0);
    expect(r.rows[0]?.expiring).toBe('2027-03-29');
  });

  it('writes inside the caller\'s transaction when given one, so a rollback leaves nothing behind', async () => {
    const d = await freshDb();
    const boom = new Error('roll back');
    await expect(
      d.db.transaction().execute(async (trx) => {
        await seedDemo(trx, '2026-11-23');
        const n = await sql<{ n: number }>`select count(*)::int as n from partners`.execute(trx);
        expect(n.rows[0]?.n).toBeGreaterThanOrEqual(200);
        throw boom;
      }),
    ).rejects.toBe(boom);
    const after = await sql<{ n: number }>`select (select count(*) from partners) + (select count(*) from revenue) as n`.execute(d.db);
    expect(Number(after.rows[0]?.n)).toBe(0);
  });
});
