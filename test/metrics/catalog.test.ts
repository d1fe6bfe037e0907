import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.ts';
import type { Db } from '../../db/connect.ts';
import { CATALOG, metricDef } from '../../src/metrics/catalog.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { METRIC_NAMES, type MetricName } from '../../src/metrics/names.ts';
import type { PartnerData } from '../../src/metrics/partner-data.ts';
import { testDb } from '../helpers/db.ts';
import { insertFixture, NOV, P, principalOf, Q1, Q3, TODAY, U } from './fixture.ts';

let db: Db;
let handlePool: pg.Pool;
let data: PartnerData;

beforeAll(async () => {
  const handle = await testDb({ demo: false });
  db = handle.db;
  handlePool = handle.pool;
  await insertFixture(db);
  data = createPartnerData(db, await principalOf(db, U.vendor), TODAY);
});

const value = async (m: MetricName, period: typeof Q3, filters = {}) => (await data.metric(m, P.alpha, period, filters)).value;

describe('catalog', () => {
  it('defines every metric once, under its own name, with words people use', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...METRIC_NAMES].sort());
    for (const name of METRIC_NAMES) {
      const def = CATALOG[name];
      expect(def.name).toBe(name);
      expect(def.synonyms.length).toBeGreaterThan(2);
      expect(def.description.length).toBeGreaterThan(20);
    }
    expect(CATALOG.revenue.synonyms).toEqual(expect.arrayContaining(['sales', 'bookings', 'turnover']));
    expect(CATALOG.mdf_utilization.synonyms).toEqual(expect.arrayContaining(['mdf', 'marketing funds']));
    // A word means one metric only, or the planner could not tell them apart.
    const seen = new Map<string, string>();
    for (const def of Object.values(CATALOG)) {
      for (const s of def.synonyms) {
        expect(seen.get(s), `"${s}" is a synonym of ${seen.get(s)} and ${def.name}`).toBeUndefined();
        seen.set(s, def.name);
      }
    }
  });

  it('refuses a metric name it does not know', () => {
    expect(() => metricDef('profit')).toThrow(/I don't know the metric "profit"/);
  });
});

describe('metric values for Alpha in Q3 2026 [2026-07-01, 2026-10-01)', () => {
  it('revenue: lines booked on `from` count, on `to` do not', async () => {
    // $1,000.00 (07-01) + $2,500.50 (09-30); 10-01 and 06-30 are outside.
    expect(await value('revenue', Q3)).toBe(3500.5);
    // Only the Storage line: $2,500.50 (case-insensitive product match).
    expect(await value('revenue', Q3, { product: 'storage' })).toBe(2500.5);
  });

  it("pipeline_value: the pipeline as it stood on the period's last day", async () => {
    // On 09-30: d5 $4,000 (submitted 09-30, open), d4 $2,000 (won only on 10-01), d10 $1,000 (lost
    // only on 11-05). d1, d2 (closed on 09-30 itself) and d3 had closed; d8 was rejected; d6 came on 10-01.
    expect(await value('pipeline_value', Q3)).toBe(7000);
  });

  it('deal_registrations: submitted in the period, optionally by status', async () => {
    // d8 07-01, d2 07-05, d3 07-20, d4 08-01, d5 09-30 → 5 (d6 on 10-01 and d1 on 06-10 are out)
    expect(await value('deal_registrations', Q3)).toBe(5);
    // of those, won: d2, d4 → 2
    expect(await value('deal_registrations', Q3, { status: ['won'] })).toBe(2);
    expect(await value('deal_registrations', Q3, { status: ['won', 'lost'] })).toBe(3);
    // An unknown status counts nothing rather than everything.
    expect(await value('deal_registrations', Q3, { status: ['bogus'] })).toBe(0);
  });

  it('won_deals and co_sell_deals: counted on the closing day', async () => {
    // won and closed in Q3: d1 (07-01), d2 (09-30) → 2; d4 closed on 10-01 is out
    expect(await value('won_deals', Q3)).toBe(2);
    // co-sell among them: d1 → 1 (d4 is co-sell but closed on `to`)
    expect(await value('co_sell_deals', Q3)).toBe(1);
  });

  it('win_rate: won / (won + lost) among deals closed in the period', async () => {
    // d1 won, d2 won, d3 lost → 2 / 3 × 100
    expect(await value('win_rate', Q3)).toBeCloseTo(66.6667, 3);
  });

  it('lead_conversion_rate: converted / created in the period', async () => {
    // l1 (converted), l2 (not), l3 (converted after the period, still counts) → 2 / 3 × 100
    expect(await value('lead_conversion_rate', Q3)).toBeCloseTo(66.6667, 3);
  });

  it('active_certifications: held on the last day of the period', async () => {
    // D = 09-30: c1, c2 (expires 09-30), c3 (earned 09-30), c5, c6, c7, c8 → 7; c4 earned 10-01
    expect(await value('active_certifications', Q3)).toBe(7);
  });

  it('expiring_certifications: active today, expiring within the horizon, whatever the period', async () => {
    // Today 11-23, +30 = 12-23: c7 (expires today) and c5 (12-23) → 2; c6 (12-24) just outside, c8 expired
    expect(await value('expiring_certifications', Q3)).toBe(2);
    // +60 = 2027-01-22: c7, c5, c6, c1 (2027-01-10) → 4
    expect(await value('expiring_certifications', Q3, { withinDays: 60 })).toBe(4);
    expect(await value('expiring_certifications', Q3, { withinDays: 0 })).toBe(1);
  });

  it('mdf_utilization: claimed / allocated for funds allocated in the period', async () => {
    // m1 6,000/10,000 + m2 0/5,000 → 6,000 / 15,000 × 100 = 40; m3 on 10-01 is out
    expect(await value('mdf_utilization', Q3)).toBeCloseTo(40, 6);
  });

  it('incentives_earned: approved or paid, by period end', async () => {
    // i1 $1,000 (approved, 07-01) + i2 $2,500 (paid, 09-30); pending, rejected and 10-01 are out
    expect(await value('incentives_earned', Q3)).toBe(3500);
  });

  it('renewal_rate: renewed / decided renewals due in the period', async () => {
    // n1 renewed, n2 renewed, n3 churned → 2 / 3 × 100; n4 pending, n5 due 10-01
    expect(await value('renewal_rate', Q3)).toBeCloseTo(66.6667, 3);
  });

  it('churn_rate: churned / decided renewals due in the period, 100 − renewal rate', async () => {
    // n3 churned of n1, n2, n3 → 1 / 3 × 100
    expect(await value('churn_rate', Q3)).toBeCloseTo(33.3333, 3);
  });
});

describe('metric values for Alpha this month [2026-11-01, 2026-11-24)', () => {
  it('reads every metric', async () => {
    const got: Record<string, number | null> = {};
    for (const m of METRIC_NAMES) got[m] = await value(m, NOV);
    expect(got).toEqual({
      revenue: 123.45, // today's $123.45; tomorrow's $400 is outside
      pipeline_value: 11500, // d5 $4,000 + d6 $6,000 + d7 $1,500
      deal_registrations: 2, // d7, d9
      won_deals: 1, // d9
      win_rate: 50, // d9 won, d10 lost
      lead_conversion_rate: 0, // l6 not converted: 0 / 1
      active_certifications: 6, // D = today: c1, c3, c4, c5, c6, c7
      expiring_certifications: 2, // c5, c7
      mdf_utilization: 50, // m4 1,500 / 3,000
      incentives_earned: 333, // i6
      renewal_rate: 0, // n6 churned: 0 / 1
      churn_rate: 100, // n6 churned: 1 / 1
      co_sell_deals: 1, // d9
    });
  });
});

describe('a period with nothing in it: Q1 2026', () => {
  it('sums and counts are 0, rates with nothing to divide by are null', async () => {
    expect(await value('revenue', Q1)).toBe(0);
    expect(await value('won_deals', Q1)).toBe(0);
    expect(await value('win_rate', Q1)).toBeNull();
    expect(await value('lead_conversion_rate', Q1)).toBeNull();
    expect(await value('mdf_utilization', Q1)).toBeNull();
    expect(await value('renewal_rate', Q1)).toBeNull();
    // D = 03-31: c1, c2, c5, c6, c7, c8 → 6
    expect(await value('active_certifications', Q1)).toBe(6);
  });
});

describe('metricByPartner', () => {
  it('returns every asked partner, filling the empty ones', async () => {
    const ids = [P.alpha, P.zeta, P.gamma];
    expect(await data.metricByPartner('revenue', ids, Q3)).toEqual(new Map([[P.alpha, 3500.5], [P.zeta, 700], [P.gamma, 300]]));
    const wr = await data.metricByPartner('win_rate', ids, Q3);
    expect(wr.get(P.zeta)).toBeNull(); // nothing closed
    expect(wr.get(P.gamma)).toBe(100); // d11 won
    expect(await data.metricByPartner('expiring_certifications', ids, Q3)).toEqual(
      new Map([[P.alpha, 2], [P.zeta, 0], [P.gamma, 1]]),
    );
    expect(await data.metricByPartner('revenue', [], Q3)).toEqual(new Map());
  });

  it('runs one query for many partners, not one each', async () => {
    let queries = 0;
    // A second Kysely on the same pool, logging each statement (not destroyed: the pool is shared).
    const counted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: handlePool }),
      log: (e) => {
        if (e.level === 'query') queries += 1;
      },
    });
    const d = createPartnerData(counted, await principalOf(db, U.vendor), TODAY);
    await d.metricByPartner('won_deals', [P.alpha, P.zeta, P.gamma], Q3);
    // Q3 is a standard period: one look for its stored figures (none computed here), then one read for all three.
    expect(queries).toBe(2);
  });
});
