import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, plan, run } from './ask.ts';
import { activeCerts, partnerId, revenue, T12M, TOMORROW } from './sql.ts';

// forecast, what_if and explain_change on the demo data, each figure checked against SQL written
// here from the definitions (not through the catalog), plus the arithmetic of the model by hand.

let h: DbHandle;
let nw = 0;
beforeAll(async () => {
  h = await testDb({ demo: true });
  nw = await partnerId(h.db, 'Northwind Traders');
});

const openApproved = async (pid: number): Promise<{ n: number; amount: number }> => {
  const r = await sql<{ n: number; amount: number }>`select count(*)::int as n, coalesce(sum(amount_cents), 0) / 100.0 as amount
    from deal_registrations where partner_id = ${pid} and status = 'approved' and (expires_on is null or expires_on >= '2026-11-23')`.execute(h.db);
  return { n: r.rows[0]?.n ?? 0, amount: Number(r.rows[0]?.amount ?? 0) };
};

interface ReqOut {
  metric: string;
  before: number;
  after: number;
  required: number;
  met: boolean;
}

describe('what_if', () => {
  it('"if my open deals close, will I make Gold?" → yes for Northwind, labelled hypothetical', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'if my open deals close, will I make Gold?');
    expect(a.plan).toMatchObject({ kind: 'intent', intent: 'what_if', args: { scenario: 'open_deals_close', tier: 'Gold' } });
    const r = a.result;
    const open = await openApproved(nw);
    const rev = await revenue(h.db, nw, T12M);
    expect(open.amount).toBeGreaterThan(500_000 - rev);
    const rows = r?.data.requirements as ReqOut[];
    const revRow = rows.find((x) => x.metric === 'revenue');
    expect(revRow?.before).toBeCloseTo(rev, 2);
    expect(revRow?.after).toBeCloseTo(rev + open.amount, 2);
    expect(revRow?.met).toBe(true);
    expect(r?.data).toMatchObject({ hypothetical: true, reachesTier: true, targetTier: 'Gold' });
    expect(r?.reply.hypothetical).toBe(true);
    expect(r?.reply.summary).toMatch(/^Hypothetically, .* yes — you would meet all 4 Gold requirements and reach Gold\. This is a what-if/);
    expect(r?.reply.charts[0]?.title).toMatch(/^What-if/);
    // The figures in the reply are the what-if ones, and say so.
    expect(r?.reply.requirements?.find((x) => x.metric === 'revenue')?.current).toBeCloseTo(rev + open.amount, 2);
    expect(r?.reply.facts.every((f) => f.label.endsWith('(what-if)'))).toBe(true);
  });

  it('"what if I certify two more people?" adds 2 to active certifications and says Gold still needs revenue', async () => {
    const a = await ask(h.db, 'seller@northwind.example', 'what if I certify two more people?');
    expect(a.plan).toMatchObject({ intent: 'what_if', args: { scenario: 'add_certifications', amount: 2 } });
    const rows = a.result?.data.requirements as ReqOut[];
    const certs = rows.find((x) => x.metric === 'active_certifications');
    expect(certs?.after).toBe((await activeCerts(h.db, nw)) + 2);
    expect(a.result?.data.reachesTier).toBe(false);
    expect(a.result?.reply.summary).toContain('revenue would still be $80,000 short');
  });

  it('"if our revenue were $500,000": the revenue requirement set outright, others kept; a figure no requirement uses changes nothing', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'if our revenue was $500k would we make gold?');
    expect(a.plan).toMatchObject({ intent: 'what_if', args: { scenario: 'metric_at', metric: 'revenue', amount: 500_000 } });
    const rows = a.result?.data.requirements as ReqOut[];
    expect(rows.find((x) => x.metric === 'revenue')).toMatchObject({ before: await revenue(h.db, nw, T12M), after: 500_000, met: true });
    expect(rows.find((x) => x.metric === 'active_certifications')?.after).toBe(await activeCerts(h.db, nw));
    expect(a.result?.data.reachesTier).toBe(true);
    const rate = await ask(h.db, 'owner@northwind.example', 'what if our win rate were 40%?');
    expect(rate.result?.reply.summary).toMatch(/^Win rate is not one of the Gold requirements \(.*\), so on its own it would not change your tier\.$/);
  });

  it('absurd or negative numbers get one clear line and no chart', async () => {
    for (const q of ['what if I certify -2 people', 'what if we certify 5000 more people', 'what if we win 0 more deals']) {
      const a = await ask(h.db, 'owner@northwind.example', q);
      expect(a.plan, q).toMatchObject({ intent: 'what_if' });
      expect(a.result?.reply.charts, q).toEqual([]);
      expect(a.result?.data.error, q).toMatchObject({ code: 'bad_input' });
      expect(a.result?.reply.hypothetical, q).toBeUndefined();
    }
    const vague = await ask(h.db, 'owner@northwind.example', 'what if something changes?');
    expect(vague.plan.kind).toBe('clarify');
  });
});

describe('forecast', () => {
  it('"can I make Gold by end of Q1?": the weekly revenue needed equals SQL over the 31 Mar window', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'can I make Gold by end of Q1?');
    expect(a.plan).toMatchObject({ intent: 'forecast', args: { tier: 'Gold', by: 'end of Q1' } });
    const data = a.result?.data as { by: string; makesIt: boolean; requirements: { metric: string; by: { neededTotal: number; weeklyNeeded: number; met: boolean } }[] };
    expect(data.by).toBe('2027-03-31');
    // The window that ends 31 Mar 2027 starts 1 Apr 2026; what is booked in it so far counts.
    const booked = await revenue(h.db, nw, { from: '2026-04-01', to: TOMORROW });
    const rev = data.requirements.find((x) => x.metric === 'revenue');
    expect(rev?.by.neededTotal).toBeCloseTo(500_000 - booked, 2);
    // 128 days from 24 Nov 2026 to 31 Mar 2027 inclusive.
    expect(rev?.by.weeklyNeeded).toBeCloseTo(((500_000 - booked) / 128) * 7, 2);
    expect(data.makesIt).toBe(false);
    expect(a.result?.reply.summary).toMatch(/^Can Northwind Traders make Gold by Mar 31, 2027\? Not at today's pace: revenue/);
    const kinds = a.result?.reply.charts.map((c) => c.kind);
    expect(kinds).toEqual(['tier_progress', 'trend']);
    // The weekly chart: 12 weeks of bookings, whose total is the last 84 days of revenue, against the weekly need.
    const trend = a.result?.reply.charts[1];
    const last84 = await revenue(h.db, nw, { from: '2026-08-31', to: TOMORROW });
    expect(trend?.series[0]?.values.reduce((s, v) => s + v, 0)).toBeCloseTo(last84, 1);
    expect(trend?.targets?.[0]?.value).toBeCloseTo(rev?.by.weeklyNeeded ?? 0, 4);
  });

  it('a date in the past, too far ahead or unreadable is a clear answer', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    for (const by of ['1 January 2020', 'end of 2040', 'whenever']) {
      const r = await run(ctx, 'forecast', { tier: 'Gold', by });
      expect(r.data.error, by).toMatchObject({ code: 'bad_input' });
      expect(r.reply.charts, by).toEqual([]);
    }
    const unknown = await run(ctx, 'forecast', { tier: 'Diamond' });
    expect(unknown.reply.summary).toMatch(/^There is no tier called “Diamond”/);
  });
});

describe('tier_progress projections', () => {
  it('each requirement carries its run rate, projected date and quarter-end verdict', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const r = await run(ctx, 'tier_progress', { tier: 'Gold' });
    const rows = r.data.requirements as { metric: string; met: boolean; runRate: number | null; projectedDate: string | null; metByQuarterEnd: boolean | null }[];
    const rev = rows.find((x) => x.metric === 'revenue');
    // Run rate: revenue over the trailing year ÷ 365 days × 7.
    expect(rev?.runRate).toBeCloseTo(((await revenue(h.db, nw, T12M)) / 365) * 7, 3);
    for (const row of rows.filter((x) => x.met)) expect(row.projectedDate, row.metric).toBe('2026-11-23');
    expect(r.data.quarterEnd).toBe('2026-12-31');
    // The certification that lapses on day 19 takes Gold's 5 below the minimum by the quarter end.
    expect(rows.find((x) => x.metric === 'active_certifications')?.metByQuarterEnd).toBe(false);
    expect(r.reply.requirements?.every((x) => x.projectedDate !== undefined)).toBe(true);
  });
});

describe('explain_change', () => {
  const monthRevenue = (from: string, to: string) => revenue(h.db, nw, { from, to });
  const byCustomer = async (from: string, to: string) =>
    new Map(
      (
        await sql<{ k: string; v: number }>`select customer as k, sum(amount_cents) / 100.0 as v from revenue
          where partner_id = ${nw} and booked_on >= ${from}::date and booked_on < ${to}::date group by customer`.execute(h.db)
      ).rows.map((r) => [r.k, Number(r.v)]),
    );

  it('"why did my revenue drop last month?": the total change and the top customers with their share of it', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'why did my revenue drop last month?');
    expect(a.plan).toMatchObject({ intent: 'explain_change', args: { metric: 'revenue', period: 'last month' } });
    const oct = await monthRevenue('2026-10-01', '2026-11-01');
    const sep = await monthRevenue('2026-09-01', '2026-10-01');
    const data = a.result?.data as { delta: number; byCustomer: { key: string; delta: number; share: number }[]; byProduct: { key: string; share: number }[] };
    expect(data.delta).toBeCloseTo(oct - sep, 2);
    expect(data.delta).toBeLessThan(0);
    const [octC, sepC] = [await byCustomer('2026-10-01', '2026-11-01'), await byCustomer('2026-09-01', '2026-10-01')];
    const top = data.byCustomer[0];
    // The demo's lost customer leads, and its share is its change over the total change.
    expect(top?.key).toBe('Alpine Ski House');
    const alpine = (octC.get('Alpine Ski House') ?? 0) - (sepC.get('Alpine Ski House') ?? 0);
    expect(top?.delta).toBeCloseTo(alpine, 2);
    expect(top?.share).toBeCloseTo((100 * alpine) / (oct - sep), 1);
    expect(data.byProduct.length).toBeGreaterThan(0);
    expect(a.result?.reply.summary).toMatch(/down .* Biggest contributors to the drop: by customer, Alpine Ski House/);
    expect(a.result?.reply.table?.rows.length).toBe(data.byCustomer.length + data.byProduct.length);
    expect(a.result?.reply.charts[0]?.kind).toBe('leaderboard');
  });

  it('a period with no data, or a rate that does not split, is a clear answer without a chart', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const empty = await run(ctx, 'explain_change', { metric: 'revenue', period: 'January 2015' });
    expect(empty.reply.summary).toMatch(/no change to explain/);
    expect(empty.reply.charts).toEqual([]);
    const rate = await run(ctx, 'explain_change', { metric: 'win_rate' });
    expect(rate.data.error).toMatchObject({ code: 'bad_input' });
    expect(rate.reply.summary).toMatch(/^I can explain changes in revenue/);
    const future = await run(ctx, 'explain_change', { period: 'next year' });
    expect(future.reply.charts).toEqual([]);
  });
});

describe('a manager who names no partner', () => {
  it('is asked which, and every option plans back to the same question about that partner', async () => {
    const ctx = await contextFor(h.db, 'manager@contoso.example');
    const cases: [string, Record<string, unknown>][] = [
      ['forecast', { tier: 'Gold' }],
      ['what_if', { scenario: 'open_deals_close' }],
      ['what_if', { scenario: 'add_certifications', amount: 2 }],
      ['what_if', { scenario: 'win_deals', amount: 3 }],
      ['compare_peers', {}],
      ['explain_change', {}],
    ];
    for (const [intent, args] of cases) {
      const which = await run(ctx, intent, args);
      const options = which.reply.clarify?.options ?? [];
      expect(options.length, intent).toBeGreaterThan(1);
      for (const o of options.slice(0, 2)) {
        const p = await plan(ctx, o.text);
        expect(p, `${intent}: ${o.text}`).toMatchObject({ kind: 'intent', intent, args: { ...('scenario' in args ? { scenario: args.scenario } : {}), partner: o.label } });
      }
    }
  });
});

describe('what-if scenarios read from a question', () => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await testDb({ demo: true });
  });

  it.each([
    ['if my open deals close, will I make Gold?', { scenario: 'open_deals_close' }],
    ['what if I certify two more people?', { scenario: 'add_certifications', amount: 2 }],
    ['what if a couple of our engineers get certified', { scenario: 'add_certifications', amount: 2 }],
    ['if we win 3 more deals', { scenario: 'win_deals', amount: 3 }],
    ['what if we book another $50k', { scenario: 'add_revenue', amount: 50_000 }],
    ['if we bring in 1.2M more', { scenario: 'add_revenue', amount: 1_200_000 }],
    ['what if we add €30,000 in bookings', { scenario: 'add_revenue', amount: 30_000 }],
    ['what if I certify -2 people', { scenario: 'add_certifications', amount: -2 }],
    ['what if we close all our approved registrations', { scenario: 'open_deals_close' }],
    ['what if our win rate were 40%', { scenario: 'metric_at', metric: 'win_rate', amount: 40 }],
    ['if our revenue was $900k would we make gold', { scenario: 'metric_at', metric: 'revenue', amount: 900_000, tier: 'Gold' }],
    ['suppose our renewal rate hit 95%', { scenario: 'metric_at', metric: 'renewal_rate', amount: 95 }],
  ])('%s', async (text, want) => {
    const p = await plan(await contextFor(db.db, 'owner@northwind.example'), text);
    expect(p).toMatchObject({ kind: 'intent', intent: 'what_if', args: want });
  });

  it('a question with no hypothetical in it is not a what-if', async () => {
    const ctx = await contextFor(db.db, 'owner@northwind.example');
    for (const q of ['how close am I to Gold tier?', 'what was our revenue last quarter']) {
      const p = await plan(ctx, q);
      expect(p.kind === 'intent' ? p.intent : p.kind, q).not.toBe('what_if');
    }
  });
});
