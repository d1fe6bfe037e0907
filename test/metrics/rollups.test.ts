import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { cohortSource } from '../../src/access/scope.ts';
import { splitByMonth } from '../../src/metrics/sql/rollups.ts';
import type { MetricName } from '../../src/metrics/names.ts';
import { measure } from '../../src/metrics/run.ts';
import type { MetricFilters } from '../../src/metrics/types.ts';
import { testDb } from '../helpers/db.ts';
import { rollupDrift } from '../helpers/rollup-drift.ts';
import { metricDef } from '../../src/metrics/catalog.ts';

// The monthly rollups are a second copy of the revenue and deal data: they must equal the raw
// rows after every kind of write, and metrics read through them must equal the raw SQL for any
// period, month-aligned or not.
let handle: DbHandle;

beforeAll(async () => {
  handle = await testDb({ demo: true });
});
afterAll(async () => handle?.close());

describe('monthly rollups', () => {
  it('split a period into whole months and the days either side', () => {
    expect(splitByMonth({ from: '2025-11-24', to: '2026-11-24' })).toEqual({
      raw: [{ from: '2025-11-24', to: '2025-12-01' }, { from: '2026-11-01', to: '2026-11-24' }],
      months: { from: '2025-12-01', to: '2026-11-01' },
    });
    expect(splitByMonth({ from: '2026-07-01', to: '2026-10-01' })).toEqual({ raw: [], months: { from: '2026-07-01', to: '2026-10-01' } });
    expect(splitByMonth({ from: '2026-11-16', to: '2026-11-23' })).toEqual({ raw: [{ from: '2026-11-16', to: '2026-11-23' }], months: null });
    expect(splitByMonth({ from: '2026-11-16', to: '2026-12-01' })).toEqual({ raw: [{ from: '2026-11-16', to: '2026-12-01' }], months: null });
    expect(splitByMonth({ from: '2025-12-31', to: '2026-02-02' })).toEqual({
      raw: [{ from: '2025-12-31', to: '2026-01-01' }, { from: '2026-02-01', to: '2026-02-02' }],
      months: { from: '2026-01-01', to: '2026-02-01' },
    });
    expect(splitByMonth({ from: null, to: '2026-11-24' })).toEqual({ raw: [{ from: '2026-11-01', to: '2026-11-24' }], months: { from: null, to: '2026-11-01' } });
  });

  it('equal the raw rows after the seed', async () => {
    expect(await sql<{ n: number }>`select count(*)::int as n from revenue_months`.execute(handle.db).then((r) => r.rows[0]?.n)).toBeGreaterThan(100);
    expect(await rollupDrift(handle.db)).toBe(0);
  });

  it('stay equal through inserts, updates that move rows between partners, months and statuses, deletes and truncates', async () => {
    const partners = (await handle.db.selectFrom('partners').select('id').orderBy('id').limit(2).execute()).map((p) => p.id);
    const [a, b] = partners as [number, number];
    await handle.db
      .insertInto('revenue')
      .values([
        { partner_id: a, product_line: 'Cloud', customer: 'Rollup Co', amount_cents: 12_345, booked_on: '2026-03-31' },
        { partner_id: a, product_line: 'Cloud', customer: 'Rollup Co', amount_cents: -2_000, booked_on: '2026-04-01' },
      ])
      .execute();
    await handle.db
      .insertInto('deal_registrations')
      .values({ partner_id: a, customer: 'Rollup Co', product: 'Cloud', amount_cents: 50_000, status: 'approved', submitted_on: '2026-02-27' })
      .execute();
    expect(await rollupDrift(handle.db)).toBe(0);

    await handle.db.updateTable('revenue').set({ partner_id: b, booked_on: '2026-05-15' }).where('customer', '=', 'Rollup Co').execute();
    await handle.db.updateTable('deal_registrations').set({ status: 'won', closed_on: '2026-06-10', co_sell: true }).where('customer', '=', 'Rollup Co').execute();
    expect(await rollupDrift(handle.db)).toBe(0);

    await handle.db.deleteFrom('revenue').where('customer', '=', 'Rollup Co').execute();
    await handle.db.deleteFrom('deal_registrations').where('customer', '=', 'Rollup Co').execute();
    expect(await rollupDrift(handle.db)).toBe(0);

    // A rolled-back write leaves the rollups as they were.
    await handle.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('revenue').set({ amount_cents: sql`amount_cents * 2` }).execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await rollupDrift(handle.db)).toBe(0);
  });

  it('give the same figures as the raw SQL for periods on and off month boundaries', async () => {
    const ids = (await handle.db.selectFrom('partners').select('id').execute()).map((p) => p.id);
    const src = cohortSource(handle.db, ids);
    const periods = [
      ['2025-11-24', '2026-11-24'],
      ['2026-07-01', '2026-10-01'],
      ['2026-11-16', '2026-11-23'],
      ['2025-12-31', '2026-02-02'],
      ['2026-01-01', '2026-11-24'],
      ['2024-06-15', '2026-11-24'],
    ] as const;
    const raw = (metric: MetricName, from: string, to: string, f: MetricFilters) => {
      switch (metric) {
        case 'revenue':
          return sql`select partner_id, sum(amount_cents) / 100.0 as v from revenue where booked_on >= ${from} and booked_on < ${to} group by 1`;
        case 'pipeline_value':
          // Today's open deals when the period runs to today; else as the pipeline stood on its last day.
          return to > '2026-11-23'
            ? sql`select partner_id, sum(amount_cents) / 100.0 as v from deal_registrations where status in ('submitted', 'approved') group by 1`
            : sql`select partner_id, sum(amount_cents) / 100.0 as v from deal_registrations where submitted_on < ${to}
                  and (status in ('submitted', 'approved') or (status in ('won', 'lost') and closed_on >= ${to}) or (status = 'rejected' and decided_on >= ${to})
                       or (status = 'expired' and expires_on >= ${to})) group by 1`;
        case 'won_deals':
          return sql`select partner_id, count(*) as v from deal_registrations where status = 'won' and closed_on >= ${from} and closed_on < ${to} group by 1`;
        case 'co_sell_deals':
          return sql`select partner_id, count(*) as v from deal_registrations where co_sell and status = 'won' and closed_on >= ${from} and closed_on < ${to} group by 1`;
        case 'win_rate':
          return sql`select partner_id, 100.0 * count(*) filter (where status = 'won') / count(*) as v from deal_registrations
                     where status in ('won', 'lost') and closed_on >= ${from} and closed_on < ${to} group by 1`;
        default:
          return sql`select partner_id, count(*) as v from deal_registrations where submitted_on >= ${from} and submitted_on < ${to}
                     and (${f.status ?? null}::text[] is null or status = any(${f.status ?? null}::text[])) group by 1`;
      }
    };
    const cases: [MetricName, MetricFilters][] = [
      ['revenue', {}],
      ['pipeline_value', {}],
      ['won_deals', {}],
      ['co_sell_deals', {}],
      ['win_rate', {}],
      ['deal_registrations', {}],
      ['deal_registrations', { status: ['approved', 'won'] }],
    ];
    let compared = 0;
    for (const [metric, filters] of cases) {
      let rowsOfMetric = 0;
      for (const [from, to] of periods) {
        const ours = await measure(src, metricDef(metric), { from, to, label: '' }, filters, '2026-11-23');
        const bare = (await raw(metric, from, to, filters).execute(handle.db)).rows as { partner_id: number; v: number | string }[];
        rowsOfMetric += bare.length;
        for (const r of bare) {
          expect(ours.get(r.partner_id), `${metric} ${from}..${to} partner ${r.partner_id}`).toBeCloseTo(Number(r.v), 6);
          compared++;
        }
        // Nothing but zeros where the raw SQL has no row.
        for (const [id, v] of ours) if (!bare.some((r) => r.partner_id === id)) expect(v === 0 || v === null, `${metric} partner ${id}`).toBe(true);
      }
      expect(rowsOfMetric, metric).toBeGreaterThan(10);
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('empty with their table', async () => {
    await sql`truncate deal_registrations, revenue cascade`.execute(handle.db);
    expect(await rollupDrift(handle.db)).toBe(0);
    const left = await sql<{ n: number }>`select (select count(*) from revenue_months) + (select count(*) from deal_months) as n`.execute(handle.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });
});
