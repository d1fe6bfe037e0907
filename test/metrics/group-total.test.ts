import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { METRIC_NAMES, type BuiltInMetric, type MetricName } from '../../src/metrics/names.ts';
import type { PartnerData } from '../../src/metrics/partner-data.ts';
import { valueOfParts } from '../../src/metrics/parts.ts';
import type { Period } from '../../src/metrics/types.ts';
import { testDb } from '../helpers/db.ts';
import { metricDef } from '../../src/metrics/catalog.ts';

// A group's figure is the metric over the group: amounts and counts summed, a rate as the ratio of
// the summed parts (won ÷ decided over every partner), never an average of the partners' rates.
// Checked against SQL written by hand over the demo data, for a channel manager's portfolio and
// for every partner.

const TODAY = '2026-11-23';
const PERIODS: Period[] = [
  { from: '2025-11-24', to: '2026-11-24', label: 'the last 12 months' },
  { from: '2026-07-01', to: '2026-10-01', label: 'Q3 2026' },
  { from: '2026-11-01', to: '2026-11-24', label: 'this month' },
  { from: '2026-02-10', to: '2026-05-17', label: 'an odd stretch' },
];

let db: Db;
let pool: pg.Pool;
let manager: PartnerData;
let vendor: PartnerData;
let managed: number[];
let everyone: number[];

async function dataFor(email: string): Promise<PartnerData> {
  const id = await userIdByEmail(db, email);
  if (id === undefined) throw new Error(`no demo user ${email}`);
  const p = await loadPrincipal(db, id);
  if (!p.ok) throw new Error(p.error.message);
  return createPartnerData(db, p.value, TODAY);
}

beforeAll(async () => {
  const handle = await testDb({ demo: true });
  db = handle.db;
  pool = handle.pool;
  manager = await dataFor('manager@contoso.example');
  vendor = await dataFor('admin@contoso.example');
  managed = (await manager.visiblePartners()).map((p) => p.id);
  everyone = (await vendor.visiblePartners()).map((p) => p.id);
});

interface NumDen {
  num: number;
  den: number | null;
}

/** The metric's numerator and denominator over the partners `ids`, as the definitions say. */
async function bare(metric: BuiltInMetric, ids: number[], p: Period): Promise<NumDen> {
  const on = p.to <= TODAY ? p.to : '2026-11-24'; // the day after the stock is read
  const q = (() => {
    switch (metric) {
      case 'revenue':
        return sql`select sum(amount_cents) / 100.0 as num, null as den from revenue where partner_id = any(${ids}) and booked_on >= ${p.from}::date and booked_on < ${p.to}::date`;
      case 'pipeline_value':
        // Today's open deals for a period running to today; else as the pipeline stood on its last day.
        return p.to > TODAY
          ? sql`select sum(amount_cents) / 100.0 as num, null as den from deal_registrations where partner_id = any(${ids}) and status in ('submitted', 'approved')`
          : sql`select sum(amount_cents) / 100.0 as num, null as den from deal_registrations where partner_id = any(${ids}) and submitted_on < ${p.to}::date
                and (status in ('submitted', 'approved') or (status in ('won', 'lost') and closed_on >= ${p.to}::date)
                     or (status = 'rejected' and decided_on >= ${p.to}::date) or (status = 'expired' and expires_on >= ${p.to}::date))`;
      case 'deal_registrations':
        return sql`select count(*) as num, null as den from deal_registrations where partner_id = any(${ids}) and submitted_on >= ${p.from}::date and submitted_on < ${p.to}::date`;
      case 'won_deals':
        return sql`select count(*) as num, null as den from deal_registrations where partner_id = any(${ids}) and status = 'won' and closed_on >= ${p.from}::date and closed_on < ${p.to}::date`;
      case 'co_sell_deals':
        return sql`select count(*) as num, null as den from deal_registrations where partner_id = any(${ids}) and status = 'won' and co_sell and closed_on >= ${p.from}::date and closed_on < ${p.to}::date`;
      case 'win_rate':
        return sql`select count(*) filter (where status = 'won') as num, count(*) as den from deal_registrations
                   where partner_id = any(${ids}) and status in ('won', 'lost') and closed_on >= ${p.from}::date and closed_on < ${p.to}::date`;
      case 'lead_conversion_rate':
        return sql`select count(*) filter (where converted_on is not null) as num, count(*) as den from leads where partner_id = any(${ids}) and created_on >= ${p.from}::date and created_on < ${p.to}::date`;
      case 'active_certifications':
        // Each person (email, else name) and certification once.
        return sql`select count(*) as num, null as den from (select distinct partner_id, lower(coalesce(holder_email, holder_name)), lower(name)
                   from certifications where partner_id = any(${ids}) and earned_on <= ${on}::date - 1 and expires_on >= ${on}::date - 1) x`;
      case 'expiring_certifications':
        // Pairs held today whose last expiry is within 30 days.
        return sql`select count(*) as num, null as den from (select max(expires_on) as last from certifications where partner_id = any(${ids})
                   and earned_on <= ${TODAY}::date and expires_on >= ${TODAY}::date group by partner_id, lower(coalesce(holder_email, holder_name)), lower(name)) x
                   where last <= ${TODAY}::date + 30`;
      case 'mdf_utilization':
        return sql`select sum(claimed_cents) / 100.0 as num, sum(allocated_cents) / 100.0 as den from mdf where partner_id = any(${ids}) and allocated_on >= ${p.from}::date and allocated_on < ${p.to}::date`;
      case 'incentives_earned':
        return sql`select sum(amount_cents) / 100.0 as num, null as den from incentives where partner_id = any(${ids}) and status in ('approved', 'paid') and period_end >= ${p.from}::date and period_end < ${p.to}::date`;
      case 'renewal_rate':
        return sql`select count(*) filter (where status = 'renewed') as num, count(*) as den from renewals where partner_id = any(${ids}) and status in ('renewed', 'churned') and due_on >= ${p.from}::date and due_on < ${p.to}::date`;
      case 'churn_rate':
        return sql`select count(*) filter (where status = 'churned') as num, count(*) as den from renewals where partner_id = any(${ids}) and status in ('renewed', 'churned') and due_on >= ${p.from}::date and due_on < ${p.to}::date`;
    }
  })();
  const row = (await q.execute(db)).rows[0] as { num: string | number | null; den: string | number | null } | undefined;
  return { num: Number(row?.num ?? 0), den: row?.den === null || row?.den === undefined ? null : Number(row.den) };
}

const RATES = new Set<MetricName>(['win_rate', 'lead_conversion_rate', 'mdf_utilization', 'renewal_rate', 'churn_rate']);

const ratioOf = (metric: MetricName, b: NumDen): number | null =>
  RATES.has(metric) ? (b.den ? (100 * b.num) / b.den : null) : b.num;

function close(ours: number | null, theirs: number | null, what: string): void {
  if (theirs === null) {
    expect(ours, what).toBeNull();
    return;
  }
  expect(ours, what).not.toBeNull();
  expect(Math.abs((ours ?? 0) - theirs), `${what}: ours ${ours}, SQL ${theirs}`).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(theirs) * 1e-12));
}

describe('metricTotal and metricParts over a group', () => {
  it('the demo has the groups the checks are about', () => {
    expect(managed.length).toBe(30);
    expect(everyone.length).toBe(212);
  });

  it("equal the hand-written SQL for the channel manager's 30 partners and for all 212, every metric, several periods", async () => {
    let rates = 0;
    for (const [data, ids, who] of [[manager, managed, 'manager'], [vendor, everyone, 'vendor']] as const) {
      for (const metric of METRIC_NAMES) {
        for (const period of PERIODS) {
          const what = `${who} ${metric} ${period.from}..${period.to}`;
          const sqlParts = await bare(metric, ids, period);
          close(await data.metricTotal(metric, ids, period), ratioOf(metric, sqlParts), what);

          const parts = await data.metricParts(metric, ids, period);
          expect([...parts.keys()].sort(), what).toEqual([...ids].sort());
          const num = [...parts.values()].reduce((s, x) => s + x.num, 0);
          close(num, sqlParts.num, `${what} num`);
          if (RATES.has(metric)) {
            const den = [...parts.values()].reduce((s, x) => s + (x.den ?? 0), 0);
            close(den, sqlParts.den ?? 0, `${what} den`);
            if ((sqlParts.den ?? 0) > 0) rates++;
          } else {
            for (const x of parts.values()) expect(x.den, what).toBeNull();
          }
        }
      }
    }
    expect(rates).toBeGreaterThan(20);
  });

  it('a rate over a group is the ratio of the sums, not the mean of the rates', async () => {
    const period = PERIODS[0] as Period;
    const byPartner = await manager.metricByPartner('win_rate', managed, period);
    const rates = [...byPartner.values()].filter((v): v is number => v !== null);
    const mean = rates.reduce((s, v) => s + v, 0) / rates.length;
    const total = await manager.metricTotal('win_rate', managed, period);
    const b = await bare('win_rate', managed, period);
    close(total, (100 * b.num) / (b.den ?? 1), 'win rate');
    expect(Math.abs((total ?? 0) - mean)).toBeGreaterThan(0.01);
  });

  it("each partner's parts give its value, and churn is 100 − renewal rate", async () => {
    const period = PERIODS[0] as Period;
    for (const metric of METRIC_NAMES) {
      const parts = await manager.metricParts(metric, managed, period);
      const values = await manager.metricByPartner(metric, managed, period);
      for (const id of managed) expect(valueOfParts(metricDef(metric), parts.get(id)), `${metric} ${id}`).toBe(values.get(id));
    }
    const churn = await vendor.metricTotal('churn_rate', everyone, period);
    const renewal = await vendor.metricTotal('renewal_rate', everyone, period);
    expect(churn).not.toBeNull();
    expect((churn ?? 0) + (renewal ?? 0)).toBeCloseTo(100, 9);
  });

  it('checks the scope, reads once, and is empty or null with nothing to read', async () => {
    const outside = everyone.find((id) => !managed.includes(id)) as number;
    await expect(manager.metricTotal('revenue', [...managed.slice(0, 2), outside], PERIODS[0] as Period)).rejects.toThrow();
    await expect(manager.metricParts('win_rate', [outside], PERIODS[0] as Period)).rejects.toThrow();
    expect(await manager.metricTotal('revenue', [], PERIODS[0] as Period)).toBe(0);
    expect(await manager.metricTotal('win_rate', [], PERIODS[0] as Period)).toBeNull();
    expect(await manager.metricParts('revenue', [], PERIODS[0] as Period)).toEqual(new Map());
    const empty = { from: '2019-01-01', to: '2019-02-01', label: 'January 2019' };
    expect(await vendor.metricTotal('renewal_rate', everyone, empty)).toBeNull();
    expect(await vendor.metricTotal('revenue', everyone, empty)).toBe(0);
  });

  it('asks the database once per call, whatever the number of partners', async () => {
    let queries = 0;
    const counted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (e) => {
        if (e.level === 'query') queries += 1;
      },
    });
    const id = await userIdByEmail(counted, 'admin@contoso.example');
    const p = await loadPrincipal(counted, id ?? 0);
    if (!p.ok) throw new Error(p.error.message);
    const d = createPartnerData(counted, p.value, TODAY);
    for (const metric of METRIC_NAMES) {
      queries = 0;
      await d.metricTotal(metric, everyone, PERIODS[3] as Period);
      expect(queries, metric).toBe(1);
      queries = 0;
      await d.metricParts(metric, everyone, PERIODS[3] as Period);
      expect(queries, metric).toBe(1);
    }
  });
});
