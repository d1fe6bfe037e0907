import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { distributorTree, everyPartner, managedBy, revenueByPartner, THIS_YEAR, winRateByPartner } from './group-sql.ts';
import { partnerId, renewalRate, revenue, T12M, THIS_QUARTER, wonDeals } from './sql.ts';

// leaderboard both ways, with a limit and a region, and compare_partners, against hand-written SQL.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const MANAGER = 'manager@contoso.example';

interface Row {
  rank: number | null;
  partner: string;
  value: number | null;
}

/** Competition rank counted from the best (higher is better): 1 + how many have more. */
const rankOf = (all: readonly { v: number | null }[], v: number | null): number | null => (v === null ? null : all.filter((x) => x.v !== null && x.v > v).length + 1);

describe('leaderboard: top and bottom, limit, region', () => {
  it('"bottom 5 by win rate": the five lowest rates, weakest first, each with its place from the top', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const rates = await winRateByPartner(h.db, mine, T12M);
    const measured = rates.filter((r) => r.v !== null);
    expect(rates.length - measured.length).toBeGreaterThan(0); // someone with no deal decided: must rank last
    const want = [...measured].sort((a, b) => (a.v ?? 0) - (b.v ?? 0)).slice(0, 5);
    const r = await run(await contextFor(h.db, MANAGER), 'leaderboard', { metric: 'win_rate', order: 'bottom', limit: 5 });
    const got = r.data.ranking as Row[];
    expect(r.data).toMatchObject({ order: 'bottom', limit: 5, partnerCount: 30, group: 'portfolio' });
    expect(got.map((x) => x.partner)).toEqual(want.map((w) => w.name));
    got.forEach((x, i) => {
      expect(x.value).toBeCloseTo(want[i]?.v ?? NaN, 6);
      expect(x.rank).toBe(rankOf(rates, want[i]?.v ?? null));
    });
    expect(r.reply.table?.rows).toHaveLength(5);
    expect(r.reply.summary).toMatch(/^Bottom 5 of your 30 partners on win rate/);
    for (const w of want) expect(r.reply.summary).toContain(w.name);
    expect(r.reply.charts[0]?.categories).toEqual(want.map((w) => w.name));
  });

  it('"which partners haven\'t won a deal this quarter": the bottom ten by won deals, those at none first', async () => {
    const asked = await ask(h.db, MANAGER, "which partners haven't won a deal this quarter");
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'leaderboard', args: { metric: 'won_deals', order: 'bottom', period: 'this quarter', limit: 10 } });
    const mine = await managedBy(h.db, MANAGER);
    const counts = await Promise.all(mine.map(async (p) => ({ name: p.name, n: await wonDeals(h.db, p.id, THIS_QUARTER) })));
    const idle = counts.filter((c) => c.n === 0).map((c) => c.name);
    expect(idle.length).toBeGreaterThan(0);
    const got = asked.result?.data.ranking as Row[];
    // Every partner at none is listed before anyone with a won deal (up to ten rows).
    expect(got.slice(0, Math.min(10, idle.length)).every((x) => x.value === 0 && idle.includes(x.partner))).toBe(true);
    // A partner user asking the same is not shown other partners: the rule is for managers and admins.
    expect((await ask(h.db, 'owner@northwind.example', "which partners haven't won a deal this quarter")).plan).not.toMatchObject({ args: { limit: 10 } });
  });

  it('partners with no rate rank after every partner with one, in both orders', async () => {
    const ctx = await contextFor(h.db, MANAGER);
    const mine = await managedBy(h.db, MANAGER);
    const none = (await winRateByPartner(h.db, mine, T12M)).filter((r) => r.v === null).map((r) => r.name);
    for (const order of ['top', 'bottom'] as const) {
      const r = await run(ctx, 'leaderboard', { metric: 'win_rate', order });
      const got = r.data.ranking as Row[];
      expect(got).toHaveLength(30);
      expect(got.slice(-none.length).map((x) => x.partner).sort()).toEqual([...none].sort());
      expect(got.slice(0, -none.length).every((x) => x.value !== null)).toBe(true);
      const values = got.slice(0, -none.length).map((x) => x.value ?? 0);
      expect(values).toEqual([...values].sort((a, b) => (order === 'top' ? b - a : a - b)));
    }
  });

  it('"who are my weakest partners": revenue, weakest first, the usual 20 rows and three named', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const want = [...(await revenueByPartner(h.db, mine, T12M))].reverse();
    const r = await run(await contextFor(h.db, MANAGER), 'leaderboard', { order: 'bottom' });
    const got = r.data.ranking as Row[];
    expect(got.map((x) => x.value ?? 0)).toEqual(want.map((w) => expect.closeTo(w.v, 2) as unknown as number));
    expect(got[0]?.partner).toBe(want[0]?.name);
    expect(r.reply.table?.rows).toHaveLength(20);
    expect(r.reply.summary).toMatch(/^The weakest of your 30 partners on revenue/);
    for (const w of want.slice(0, 3)) expect(r.reply.summary).toContain(w.name);
  });

  it('"top 3 by revenue this year"', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const want = (await revenueByPartner(h.db, mine, THIS_YEAR)).slice(0, 3);
    const r = await run(await contextFor(h.db, MANAGER), 'leaderboard', { metric: 'revenue', period: 'this year', limit: 3 });
    const got = r.data.ranking as Row[];
    expect(got.map((x) => x.partner)).toEqual(want.map((w) => w.name));
    got.forEach((x, i) => expect(x.value).toBeCloseTo(want[i]?.v ?? NaN, 2));
    expect(got.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(r.reply.summary).toMatch(/^Top 3 of your 30 partners on revenue, this year/);
  });

  it('the vendor admin by region (and tier): only that region, in SQL order', async () => {
    const ctx = await contextFor(h.db, 'admin@contoso.example');
    const emea = await everyPartner(h.db, { region: 'EMEA' });
    const want = (await revenueByPartner(h.db, emea, T12M)).slice(0, 10);
    const r = await run(ctx, 'leaderboard', { region: 'emea', limit: 10 });
    expect(r.data).toMatchObject({ region: 'EMEA', partnerCount: emea.length });
    const got = r.data.ranking as Row[];
    expect(got.map((x) => x.partner)).toEqual(want.map((w) => w.name));
    got.forEach((x, i) => expect(x.value).toBeCloseTo(want[i]?.v ?? NaN, 2));

    const silverEmea = await everyPartner(h.db, { region: 'EMEA', tier: 'Silver' });
    const bottom = [...(await revenueByPartner(h.db, silverEmea, T12M))].reverse().slice(0, 4);
    const b = await run(ctx, 'leaderboard', { region: 'EMEA', tier: 'silver', order: 'bottom', limit: 4 });
    expect((b.data.ranking as Row[]).map((x) => x.partner)).toEqual(bottom.map((w) => w.name));
    expect(b.data).toMatchObject({ tier: 'Silver', partnerCount: silverEmea.length });
  });

  it("a distributor's admin ranks itself and its sub-partners by name, and nobody else", async () => {
    const tree = await distributorTree(h.db, 'Wide World Importers');
    const want = await revenueByPartner(h.db, tree, T12M);
    const r = await run(await contextFor(h.db, 'owner@wideworld.example'), 'leaderboard', { group: 'sub_partners' });
    expect(r.data).toMatchObject({ group: 'sub_partners', partnerCount: 5 });
    const got = r.data.ranking as Row[];
    expect(got.map((x) => x.partner)).toEqual(want.map((w) => w.name));
    got.forEach((x, i) => expect(x.value).toBeCloseTo(want[i]?.v ?? NaN, 2));
    expect(r.reply.charts[0]?.categories.slice().sort()).toEqual(tree.map((t) => t.name).sort());
    expect(r.reply.charts[0]?.highlight).toBe(want.findIndex((w) => w.name === 'Wide World Importers'));
    const bottom2 = await run(await contextFor(h.db, 'owner@wideworld.example'), 'leaderboard', { group: 'sub_partners', order: 'bottom', limit: 2 });
    expect((bottom2.data.ranking as Row[]).map((x) => x.partner)).toEqual([...want].reverse().slice(0, 2).map((w) => w.name));
  });
});

describe('compare_partners', () => {
  it('two to five partners on one figure over a period, in the order named, equal to SQL', async () => {
    const names = ['Tailspin Toys', 'Fabrikam Systems', 'Northwind Traders'];
    const r = await run(await contextFor(h.db, MANAGER), 'compare_partners', { partners: ['tailspin', 'Fabrikam', 'Northwind Traders'], metric: 'revenue', period: 'this year' });
    const got = r.data.partners as { name: string; value: number }[];
    expect(got.map((p) => p.name)).toEqual(names);
    for (const [i, n] of names.entries()) expect(got[i]?.value).toBeCloseTo(await revenue(h.db, await partnerId(h.db, n), THIS_YEAR), 2);
    expect(r.data.period).toMatchObject(THIS_YEAR);
    const chart = r.reply.charts[0];
    expect(chart?.kind).toBe('leaderboard');
    expect(chart?.categories).toEqual(names);
    const best = [...got].sort((a, b) => b.value - a.value)[0];
    expect(r.reply.summary).toContain(`${best?.name} is ahead`);
    expect(r.reply.sensitive).toBe(true);
  });

  it("the default period is metric_query's: this quarter so far for a flow", async () => {
    const r = await run(await contextFor(h.db, MANAGER), 'compare_partners', { partners: ['Fabrikam Systems', 'Northwind Traders'], metric: 'won_deals' });
    expect(r.data.period).toMatchObject(THIS_QUARTER);
    const got = r.data.partners as { name: string; value: number }[];
    expect(got[0]?.value).toBe(await wonDeals(h.db, await partnerId(h.db, 'Fabrikam Systems'), THIS_QUARTER));
    expect(got[1]?.value).toBe(await wonDeals(h.db, await partnerId(h.db, 'Northwind Traders'), THIS_QUARTER));
  });

  it('with no figure: each against the tier it is working toward, values equal to SQL', async () => {
    const r = await run(await contextFor(h.db, MANAGER), 'compare_partners', { partners: ['Northwind Traders', 'Tailspin Toys'] });
    type Req = { metric: string; current: number; required: number; met: boolean };
    const got = r.data.partners as { name: string; tier: string; targetTier: string; met: number; of: number; requirements: Req[] }[];
    expect(got.map((p) => [p.name, p.tier, p.targetTier])).toEqual([
      ['Northwind Traders', 'Silver', 'Gold'],
      ['Tailspin Toys', 'Registered', 'Silver'],
    ]);
    for (const p of got) {
      const id = await partnerId(h.db, p.name);
      const by = (m: string) => p.requirements.find((q) => q.metric === m);
      expect(by('revenue')?.current).toBeCloseTo(await revenue(h.db, id, T12M), 2);
      expect(by('won_deals')?.current).toBe(await wonDeals(h.db, id, T12M));
      for (const q of p.requirements) expect(q.met).toBe(q.current >= q.required);
      expect(p.met).toBe(p.requirements.filter((q) => q.met).length);
    }
    const nwRenewal = got[0]?.requirements.find((q) => q.metric === 'renewal_rate');
    expect(nwRenewal?.current).toBeCloseTo((await renewalRate(h.db, await partnerId(h.db, 'Northwind Traders'), T12M)) ?? NaN, 6);
    expect(r.reply.summary).toMatch(/^Northwind Traders \(Silver\) meets 3 of 4 Gold requirements \(revenue \$80,000 short\)\. Tailspin Toys \(Registered\) meets 0 of 3 Silver requirements/);
    const chart = r.reply.charts[0];
    expect(chart?.kind).toBe('leaderboard');
    expect(chart?.categories).toEqual(['Northwind Traders → Gold', 'Tailspin Toys → Silver']);
    expect(chart?.series.map((s) => s.name)).toEqual(['Revenue', 'Active certifications', 'Won deals', 'Renewal rate']);
  });

  it('argument limits: fewer than two or more than five names do not parse', async () => {
    const ctx = await contextFor(h.db, MANAGER);
    await expect(run(ctx, 'compare_partners', { partners: ['Fabrikam Systems'] })).rejects.toThrow();
    await expect(run(ctx, 'compare_partners', { partners: ['a', 'b', 'c', 'd', 'e', 'f'] })).rejects.toThrow();
  });

  // Last: it adds a partner to the manager's book.
  it('an ambiguous name gets the clarification; the same partner twice is a plain question back', async () => {
    const mgr = (await sql<{ id: number }>`select id from users where email = ${MANAGER}`.execute(h.db)).rows[0]?.id;
    await sql`insert into partners (name, tier, type, region, channel_manager_id, joined_on) values ('Fabrikam Labs', 'Silver', 'reseller', 'NA', ${mgr}, '2024-01-01')`.execute(h.db);
    const ctx = await contextFor(h.db, MANAGER);
    const r = await run(ctx, 'compare_partners', { partners: ['Fabrikam', 'Tailspin Toys'], metric: 'revenue' });
    expect(r.reply.clarify?.options.map((o) => o.label)).toEqual(['Fabrikam Labs', 'Fabrikam Systems']);
    expect(r.reply.clarify?.options[1]?.text).toBe('Compare Fabrikam Systems and Tailspin Toys on revenue');
    expect(r.data).not.toHaveProperty('partners');
    const twice = await run(ctx, 'compare_partners', { partners: ['Fabrikam Systems', 'fabrikam systems'] });
    expect(twice.data.error).toMatchObject({ code: 'bad_input' });
  });
});
