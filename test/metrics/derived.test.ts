import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import { cohortSource } from '../../src/access/scope.ts';
import { isBreakdownMetric } from '../../src/metrics/breakdown.ts';
import { ALL_METRICS, metricDef } from '../../src/metrics/catalog.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { declareMetric, isStock } from '../../src/metrics/declaration.ts';
import { isFlowMetric } from '../../src/metrics/flow-by-day.ts';
import { METRIC_NAMES } from '../../src/metrics/names.ts';
import type { PartnerData } from '../../src/metrics/partner-data.ts';
import { flowParts } from '../../src/metrics/sql/flow-parts.ts';
import type { Period } from '../../src/metrics/types.ts';
import { testDb } from '../helpers/db.ts';

// Everything about a metric derives from its declaration: its daily series adds up to its value
// over the period, its breakdown to its total, and a declaration no code knows about is read like
// a built-in one.

const TODAY = '2026-11-23';
const T12M: Period = { from: '2025-11-24', to: '2026-11-24', label: 'the last 12 months' };
const ODD: Period = { from: '2026-02-10', to: '2026-05-17', label: 'an odd stretch' };

let db: Db;
let data: PartnerData;
let ids: number[];

beforeAll(async () => {
  db = (await testDb({ demo: true })).db;
  const id = await userIdByEmail(db, 'manager@contoso.example');
  const p = await loadPrincipal(db, id ?? 0);
  if (!p.ok) throw new Error(p.error.message);
  data = createPartnerData(db, p.value, TODAY);
  ids = (await data.visiblePartners()).map((x) => x.id);
});

describe('derived from the declarations', () => {
  it('flows and breakdowns are the metrics whose declarations say so', () => {
    expect(METRIC_NAMES.filter((m) => isFlowMetric(metricDef(m)))).toEqual(ALL_METRICS.filter((d) => !isStock(d.rows)).map((d) => d.name));
    expect(ALL_METRICS.filter(isBreakdownMetric).map((d) => d.name).sort()).toEqual(['co_sell_deals', 'deal_registrations', 'revenue', 'won_deals']);
  });

  it("each flow metric's daily series adds up to its parts over the period, partner by partner", async () => {
    const flows = METRIC_NAMES.filter((m) => isFlowMetric(metricDef(m)));
    let days = 0;
    for (const metric of flows) {
      for (const period of [T12M, ODD]) {
        const parts = await data.metricParts(metric, ids.slice(0, 6), period);
        for (const id of ids.slice(0, 6)) {
          const series = await data.flowByDay(metric, id, period);
          days += series.length;
          const p = parts.get(id);
          const num = series.reduce((s, d) => s + d.num, 0);
          const den = series.reduce((s, d) => s + d.den, 0);
          expect(num, `${metric} ${id}`).toBeCloseTo(p?.num ?? 0, 6);
          if (p?.den !== null && p?.den !== undefined) expect(den, `${metric} ${id}`).toBeCloseTo(p.den, 6);
          for (const d of series) expect(d.day >= period.from && d.day < period.to).toBe(true);
        }
      }
    }
    expect(days).toBeGreaterThan(500);
  });

  it('each breakdown adds up to the value it splits, by product and by customer', async () => {
    for (const metric of ALL_METRICS.filter(isBreakdownMetric).map((d) => d.name)) {
      for (const id of ids.slice(0, 4)) {
        const total = (await data.metric(metric, id, T12M)).value ?? 0;
        for (const by of ['product', 'customer'] as const) {
          const rows = await data.breakdown(metric, id, T12M, by);
          expect(rows.reduce((s, r) => s + r.value, 0), `${metric} ${id} by ${by}`).toBeCloseTo(total, 6);
        }
      }
    }
  });

  it('reads a declaration no code knows about, rollup and all', async () => {
    // The amount of won deals, counted on the closing day: a new metric is a declaration.
    const wonAmount = declareMetric({
      name: 'won_amount',
      label: 'Won amount',
      unit: 'currency',
      description: 'The amount of the deals won in the period, on the day they closed.',
      synonyms: ['won amount'],
      higherIsBetter: true,
      aggregate: { sum: 'amount_cents', cents: true },
      rows: { table: 'deal_registrations', date: 'closed_on', where: [{ column: 'status', in: ['won'] }] },
    });
    const rows = await flowParts(cohortSource(db, ids), wonAmount, wonAmount.rows, T12M, {});
    const bare = await sql<{ partner_id: number; v: string }>`
      select partner_id, sum(amount_cents) / 100.0 as v from deal_registrations
       where partner_id = any(${ids}) and status = 'won' and closed_on >= ${T12M.from} and closed_on < ${T12M.to} group by 1`.execute(db);
    expect(bare.rows.length).toBeGreaterThan(10);
    const ours = new Map(rows.map((r) => [r.partner_id, r.num]));
    for (const r of bare.rows) expect(ours.get(r.partner_id)).toBeCloseTo(Number(r.v), 6);
  });
});
