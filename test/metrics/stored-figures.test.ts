import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { loadPrincipal } from '../../src/access/principal.ts';
import { cohortSource } from '../../src/access/scope.ts';
import { Forbidden } from '../../src/errors.ts';
import { handleIngest } from '../../src/import/webhook.ts';
import { signBody } from '../../src/import/signature.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { storedFigures } from '../../src/metrics/figures/read.ts';
import { flowByDay } from '../../src/metrics/flow-by-day.ts';
import { standardRequests, standardSeries } from '../../src/metrics/figures/standard.ts';
import { daysInUse, refreshFigures } from '../../src/metrics/figures/write.ts';
import { BUILT_IN_METRICS } from '../../src/metrics/metric-set.ts';
import { windowPeriod } from '../../src/metrics/period.ts';
import { measureParts } from '../../src/metrics/run.ts';
import type { MetricParts } from '../../src/metrics/types.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, importBytes, importFile, SAMPLES, testProgram, type Deps } from '../import/helpers.ts';

// The standard figures are a copy of what the rows say, computed once per data change: after every
// kind of write they must either equal the metric read from the rows or not be served at all (a
// set is stamped with the data_version it was computed at), and once computed again equal them.
const AT = new Date('2026-11-23T12:00:00Z');
const ALL = BUILT_IN_METRICS.all;
let handle: DbHandle;
let deps: Deps;

beforeAll(async () => {
  handle = await testDb({ demo: false });
  deps = { pool: handle.pool, program: testProgram() };
  for (const [entity, file] of SAMPLES) expectOk(await importFile(deps, entity, join(EXAMPLES, file)));
});
afterAll(async () => handle?.close());

const asList = (m: Map<number, MetricParts>) => [...m].sort((a, b) => a[0] - b[0]);

/**
 * Every standard figure of every day in use, stored against read from the rows: how many were
 * served, and the figures that differ (none may).
 */
async function compare(): Promise<{ served: number; stale: number; differ: string[] }> {
  const ids = (await handle.db.selectFrom('partners').select('id').execute()).map((p) => p.id);
  const src = cohortSource(handle.db, ids);
  let served = 0;
  let stale = 0;
  const differ: string[] = [];
  for (const today of await daysInUse(handle.db, AT)) {
    const stored = storedFigures(handle.db, today);
    for (const r of standardRequests(ALL, today)) {
      const kept = await stored.parts(src, r);
      if (!kept) {
        stale++;
        continue;
      }
      served++;
      const rows = await measureParts(src, r.def, r.period, r.filters, today);
      if (JSON.stringify(asList(kept)) !== JSON.stringify(asList(rows))) differ.push(`${r.def.name} ${r.period.from}..${r.period.to} ${JSON.stringify(r.filters)} on ${today}`);
    }
    // Daily series (what projections step through): each partner's, and the whole group's summed by day.
    for (const r of standardSeries(ALL, today)) {
      for (const group of [...ids.map((id) => [id]), ids]) {
        const one = cohortSource(handle.db, group);
        const kept = await stored.series(one, r);
        if (!kept) {
          stale++;
          continue;
        }
        served++;
        const rows = await flowByDay(one, r.def, r.period, r.filters);
        if (JSON.stringify(kept) !== JSON.stringify(rows)) differ.push(`series ${r.def.name} ${r.period.from}..${r.period.to} partners ${group.length === 1 ? group[0] : 'all'} on ${today}`);
      }
    }
  }
  return { served, stale, differ };
}

async function expectAllServedAndEqual(): Promise<void> {
  const c = await compare();
  expect(c.differ).toEqual([]);
  expect(c.stale).toBe(0);
  expect(c.served).toBeGreaterThan(50);
}

async function expectNoneServed(): Promise<void> {
  const c = await compare();
  expect(c.served).toBe(0);
  expect(c.stale).toBeGreaterThan(50);
}

describe('standard figures', () => {
  it('equal the metrics read from the rows, and the hand-written SQL, once computed', async () => {
    const r = await refreshFigures(handle.db, ALL, AT);
    expect(r.written).toBeGreaterThan(50);
    await expectAllServedAndEqual();
    // Revenue over the tier window, written out by hand.
    const today = (await daysInUse(handle.db, AT))[0] ?? '';
    const p = windowPeriod('trailing_12_months', today);
    const bare = await sql<{ partner_id: number; v: string }>`
      select p.id as partner_id, coalesce(sum(r.amount_cents), 0) / 100.0 as v
      from partners p left join revenue r on r.partner_id = p.id and r.booked_on >= ${p.from} and r.booked_on < ${p.to} group by p.id`.execute(handle.db);
    const ids = bare.rows.map((x) => x.partner_id);
    const kept = await storedFigures(handle.db, today).parts(cohortSource(handle.db, ids), { def: BUILT_IN_METRICS.def('revenue'), period: p, filters: {} });
    expect(kept).not.toBeNull();
    for (const x of bare.rows) expect(kept?.get(x.partner_id)?.num).toBeCloseTo(Number(x.v), 6);
    // Nothing is computed twice for the same data.
    expect((await refreshFigures(handle.db, ALL, AT)).written).toBe(0);
  });

  it('are read once per turn: the same figure asked again sends no second statement', async () => {
    await refreshFigures(handle.db, ALL, AT);
    const sent: string[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: handle.pool }),
      log: (e) => {
        if (e.level === 'query' && e.query.sql.includes('partner_figures')) sent.push(e.query.sql);
      },
    });
    const today = (await daysInUse(handle.db, AT))[0] ?? '';
    const ids = (await handle.db.selectFrom('partners').select('id').orderBy('id').limit(3).execute()).map((p) => p.id);
    const stored = storedFigures(db, today);
    const req = { def: BUILT_IN_METRICS.def('revenue'), period: windowPeriod('trailing_12_months', today), filters: {} };
    const first = await stored.parts(cohortSource(db, ids), req);
    expect(first?.size).toBe(3);
    // The same partners in another order are the same question.
    expect(await stored.parts(cohortSource(db, [...ids].reverse()), req)).toBe(first);
    expect(sent).toHaveLength(1);
    // Other partners, or another turn, read again.
    expect((await stored.parts(cohortSource(db, ids.slice(0, 1)), req))?.size).toBe(1);
    expect(await storedFigures(db, today).parts(cohortSource(db, ids), req)).not.toBe(first);
    expect(sent).toHaveLength(3);
  });

  it('are not served after a CSV import until computed again, then equal the rows', async () => {
    const csv = 'external_id,partner,product_line,customer,amount,booked_on\nF-1,P-1001,Cloud,Figures Co,"$9,999.00",2026-11-20\nF-2,P-1002,Security,Figures Co,120,2026-02-03\n';
    expect(expectOk(await importBytes(deps, 'revenue', csv)).inserted).toBe(2);
    await expectNoneServed();
    await refreshFigures(handle.db, ALL, AT);
    await expectAllServedAndEqual();
  });

  it('are not served after a webhook ingest until computed again, then equal the rows', async () => {
    const secret = 'whsec_figures';
    const ts = Math.floor(AT.getTime() / 1000);
    const rawBody = Buffer.from('external_id,partner,product_line,customer,amount,booked_on\nW-F1,P-1001,Cloud,Hook Co,"$1,500.00",2026-11-02\n');
    const res = await handleIngest(
      { ...deps, secret, nowSeconds: () => ts },
      { entity: 'revenue', rawBody, headers: { 'content-type': 'text/csv', 'x-pulse-timestamp': String(ts), 'x-pulse-signature': signBody(secret, ts, rawBody) } },
    );
    expect(res.status).toBe(200);
    await expectNoneServed();
    await refreshFigures(handle.db, ALL, AT);
    await expectAllServedAndEqual();
  });

  it('are not served after a hand-made UPDATE or DELETE until computed again, then equal the rows', async () => {
    await handle.db.updateTable('deal_registrations').set({ status: 'won', closed_on: '2026-11-10' }).where('status', 'in', ['submitted', 'approved']).execute();
    await expectNoneServed();
    await refreshFigures(handle.db, ALL, AT);
    await expectAllServedAndEqual();

    await handle.db.deleteFrom('certifications').where('id', 'in', (q) => q.selectFrom('certifications').select('id').orderBy('id').limit(3)).execute();
    await handle.db.deleteFrom('revenue').where('customer', '=', 'Figures Co').execute();
    await expectNoneServed();
    await refreshFigures(handle.db, ALL, AT);
    await expectAllServedAndEqual();
  });

  it('stay served and equal after a rolled-back write', async () => {
    await handle.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('revenue').set({ amount_cents: sql`amount_cents * 2` }).execute();
        await trx.deleteFrom('renewals').execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await expectAllServedAndEqual();
  });

  it('go through the scope: a partner outside it is refused though its figures are stored', async () => {
    const user = await handle.db.selectFrom('users').select(['id', 'partner_id']).where('role', '=', 'partner_user').where('partner_id', 'is not', null).executeTakeFirstOrThrow();
    const other = await handle.db.selectFrom('partners').select('id').where('id', '!=', user.partner_id ?? -1).executeTakeFirstOrThrow();
    const principal = await loadPrincipal(handle.db, user.id);
    if (!principal.ok) throw new Error(principal.error.message);
    const today = (await daysInUse(handle.db, AT))[0] ?? '';
    const data = createPartnerData(handle.db, principal.value, today);
    const period = windowPeriod('trailing_12_months', today);
    await expect(data.metric('revenue', other.id, period)).rejects.toBeInstanceOf(Forbidden);
    const own = await data.metric('revenue', user.partner_id ?? -1, period);
    expect(own.value).toBeGreaterThanOrEqual(0);
  });
});
