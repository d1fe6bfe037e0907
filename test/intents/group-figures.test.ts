import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from './ask.ts';
import {
  distributorTree,
  everyPartner,
  groupActiveCerts,
  groupExpiringCerts,
  groupPipeline,
  groupRenewalRate,
  groupRevenue,
  groupWinRate,
  groupWonDeals,
  managedBy,
  meanOfWinRates,
  revenueByPartner,
  THIS_YEAR,
} from './group-sql.ts';
import { LAST_QUARTER, QUARTER_BEFORE, T12M, THIS_QUARTER } from './sql.ts';

// metric_query and certifications over a group, against hand-written SQL: a manager's partners,
// every partner for the vendor admin (also by tier and region), a distributor and its
// sub-partners. Amounts and counts are sums; rates the ratio of the group's sums.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const MANAGER = 'manager@contoso.example';
const ADMIN = 'admin@contoso.example';
const DISTRIBUTOR = 'owner@wideworld.example';

interface Contributor {
  partner: string;
  value: number | null;
  share: number | null;
}

describe('metric_query over a group', () => {
  it('a manager who names no partner gets the portfolio figure, not a picker: revenue = SQL sum', async () => {
    const mine = await managedBy(h.db, MANAGER);
    expect(mine.length).toBe(30);
    const r = await run(await contextFor(h.db, MANAGER), 'metric_query', { metric: 'revenue' });
    expect(r.reply.clarify).toBeUndefined();
    expect(r.data).toMatchObject({ metric: 'revenue', group: 'portfolio', partnerCount: 30, period: THIS_QUARTER, unit: 'currency' });
    expect(r.data.value).toBeCloseTo(await groupRevenue(h.db, mine, THIS_QUARTER), 2);
    expect(r.data).not.toHaveProperty('partner');
    expect(r.reply.sensitive).toBe(true);
    expect(r.reply.summary).toContain(`$${Math.round(r.data.value as number).toLocaleString('en-US')}`);
  });

  it('the change against the previous period and the top contributors with their shares', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const r = await run(await contextFor(h.db, MANAGER), 'metric_query', { metric: 'revenue', period: 'last quarter', compare: true, group: 'portfolio' });
    const cur = await groupRevenue(h.db, mine, LAST_QUARTER);
    const prev = await groupRevenue(h.db, mine, QUARTER_BEFORE);
    expect(r.data.value).toBeCloseTo(cur, 2);
    const p = r.data.previous as { value: number; period: unknown; delta: number; changePct: number | null };
    expect(p.period).toEqual(QUARTER_BEFORE);
    expect(p.value).toBeCloseTo(prev, 2);
    expect(p.delta).toBeCloseTo(cur - prev, 2);
    expect(p.changePct).toBeCloseTo(((cur - prev) / prev) * 100, 4);
    expect(r.reply.summary).toMatch(/(Up|Down|Unchanged)/);
    expect(r.reply.charts[0]?.kind).toBe('trend');

    const each = await revenueByPartner(h.db, mine, LAST_QUARTER);
    const top = r.data.contributors as Contributor[];
    expect(top.map((c) => c.partner)).toEqual(each.slice(0, 3).map((e) => e.name));
    top.forEach((c, i) => {
      expect(c.value).toBeCloseTo(each[i]?.v ?? NaN, 2);
      expect(c.share).toBeCloseTo((100 * (each[i]?.v ?? 0)) / cur, 1);
    });
    expect(r.reply.summary).toContain(`Top contributors: ${top[0]?.partner}`);
  });

  it('a rate over the group is won ÷ decided over all its deals, not a mean of the partners’ rates', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const want = await groupWinRate(h.db, mine, T12M);
    const mean = await meanOfWinRates(h.db, mine, T12M);
    expect(want).not.toBeNull();
    // The check can tell the two apart on this data.
    expect(Math.abs((want ?? 0) - (mean ?? 0))).toBeGreaterThan(0.01);
    const r = await run(await contextFor(h.db, MANAGER), 'metric_query', { metric: 'win_rate', period: 'last 12 months' });
    expect(r.data).toMatchObject({ group: 'portfolio', unit: 'percent', period: T12M });
    expect(r.data.value).toBeCloseTo(want ?? NaN, 6);
    expect(r.reply.summary).toMatch(/not an average of rates/);

    const renew = await run(await contextFor(h.db, MANAGER), 'metric_query', { metric: 'renewal_rate', period: 'last 12 months' });
    expect(renew.data.value).toBeCloseTo((await groupRenewalRate(h.db, mine, T12M)) ?? NaN, 6);
  });

  it('counts and stocks add up: won deals this year, pipeline today', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const ctx = await contextFor(h.db, MANAGER);
    const won = await run(ctx, 'metric_query', { metric: 'won_deals', period: 'this year' });
    expect(won.data.value).toBe(await groupWonDeals(h.db, mine, THIS_YEAR));
    const pipe = await run(ctx, 'metric_query', { metric: 'pipeline_value' });
    expect(pipe.data.value).toBeCloseTo(await groupPipeline(h.db, mine), 2);
  });

  it('the vendor admin: every partner, and filtered by tier and by region', async () => {
    const ctx = await contextFor(h.db, ADMIN);
    const all = await everyPartner(h.db);
    const r = await run(ctx, 'metric_query', { metric: 'revenue', period: 'last quarter' });
    expect(r.data).toMatchObject({ group: 'portfolio', partnerCount: all.length });
    expect(r.data.value).toBeCloseTo(await groupRevenue(h.db, all, LAST_QUARTER), 2);

    const gold = await everyPartner(h.db, { tier: 'Gold' });
    const g = await run(ctx, 'metric_query', { metric: 'win_rate', period: 'last 12 months', group: 'portfolio', tier: 'gold' });
    expect(g.data).toMatchObject({ partnerCount: gold.length, filters: { tier: 'Gold', region: null } });
    expect(g.data.value).toBeCloseTo((await groupWinRate(h.db, gold, T12M)) ?? NaN, 6);

    const emeaGold = await everyPartner(h.db, { tier: 'Gold', region: 'EMEA' });
    expect(emeaGold.length).toBeGreaterThan(1);
    const eg = await run(ctx, 'metric_query', { metric: 'revenue', period: 'this year', tier: 'Gold', region: 'emea' });
    expect(eg.data).toMatchObject({ partnerCount: emeaGold.length, filters: { tier: 'Gold', region: 'EMEA' } });
    expect(eg.data.value).toBeCloseTo(await groupRevenue(h.db, emeaGold, THIS_YEAR), 2);
    expect(eg.reply.summary).toContain(`all ${emeaGold.length} Gold partners in EMEA`);

    const bad = await run(ctx, 'metric_query', { metric: 'revenue', tier: 'Diamond' });
    expect(bad.data.error).toMatchObject({ code: 'bad_input' });
    const none = await run(await contextFor(h.db, MANAGER), 'metric_query', { metric: 'revenue', region: 'APAC' });
    expect(none.data).toMatchObject({ partnerCount: 0 });
    expect(none.data).not.toHaveProperty('value');
  });

  it("a distributor's admin: itself and its sub-partners, summed", async () => {
    const tree = await distributorTree(h.db, 'Wide World Importers');
    expect(tree.length).toBe(5);
    const ctx = await contextFor(h.db, DISTRIBUTOR);
    const r = await run(ctx, 'metric_query', { metric: 'revenue', period: 'last quarter', group: 'sub_partners' });
    expect(r.data).toMatchObject({ group: 'sub_partners', partnerCount: 5 });
    expect(r.data.value).toBeCloseTo(await groupRevenue(h.db, tree, LAST_QUARTER), 2);
    expect(r.reply.summary).toContain('Wide World Importers and its 4 sub-partners');
    // "portfolio" from a distributor's admin means the same group.
    const same = await run(ctx, 'metric_query', { metric: 'win_rate', period: 'last 12 months', group: 'portfolio' });
    expect(same.data).toMatchObject({ group: 'sub_partners', partnerCount: 5 });
    expect(same.data.value).toBeCloseTo((await groupWinRate(h.db, tree, T12M)) ?? NaN, 6);
    // Without a group it still answers for its own partner, as before.
    const own = await run(ctx, 'metric_query', { metric: 'revenue', period: 'last quarter' });
    expect(own.data.partner).toBe('Wide World Importers');
    expect(own.data.value).toBeCloseTo(await groupRevenue(h.db, tree.filter((p) => p.name === 'Wide World Importers'), LAST_QUARTER), 2);
  });

  it('a manager naming a partner still gets that partner alone', async () => {
    const r = await run(await contextFor(h.db, MANAGER), 'metric_query', { metric: 'revenue', period: 'last quarter', partner: 'Fabrikam Systems' });
    expect(r.data.partner).toBe('Fabrikam Systems');
    expect(r.data).not.toHaveProperty('group');
  });
});

describe('certifications over a group', () => {
  it('a manager with no partner named: expiring certifications across the portfolio with holder, partner and date', async () => {
    const mine = await managedBy(h.db, MANAGER);
    const want = await groupExpiringCerts(h.db, mine, 60);
    expect(want.length).toBeGreaterThan(1);
    const r = await run(await contextFor(h.db, MANAGER), 'certifications', { expiringWithinDays: 60 });
    expect(r.data).toMatchObject({ group: 'portfolio', partnerCount: 30, count: want.length });
    const rows = r.data.certifications as { partner: string; holder: string; name: string; expiresOn: string }[];
    expect(rows.map((c) => [c.partner, c.holder, c.name, c.expiresOn])).toEqual(want.map((w) => [w.partner, w.holder, w.name, w.expiresOn]));
    expect(r.reply.table?.columns).toEqual(['Partner', 'Holder', 'Certification', 'Expires', 'Days left']);
    expect(r.reply.summary).toContain(want[0]?.holder ?? '?');
    expect(r.reply.summary).toContain(want[0]?.partner ?? '?');
  });

  it('the vendor admin: every partner (counted by the metric past the list limit), and a distributor its tree', async () => {
    const ctx = await contextFor(h.db, ADMIN);
    const all = await everyPartner(h.db);
    const soon = await run(ctx, 'certifications', { expiringWithinDays: 30 });
    const want = await groupExpiringCerts(h.db, all, 30);
    expect(soon.data).toMatchObject({ group: 'portfolio', partnerCount: all.length, count: want.length });
    // More active ones than the list reads: the count is the metric's, the same figure metric_query gives.
    const every = await run(ctx, 'certifications', {});
    expect(await groupActiveCerts(h.db, all)).toBeGreaterThan(500);
    expect((every.data.certifications as unknown[]).length).toBe(500);
    expect(every.data.count).toBe((await run(ctx, 'metric_query', { metric: 'active_certifications' })).data.value);
    const tree = await distributorTree(h.db, 'Wide World Importers');
    const d = await run(await contextFor(h.db, DISTRIBUTOR), 'certifications', { group: 'portfolio', expiringWithinDays: 365 });
    const inTree = await groupExpiringCerts(h.db, tree, 365);
    expect(d.data).toMatchObject({ group: 'sub_partners', partnerCount: 5, count: inTree.length });
    const partners = new Set((d.data.certifications as { partner: string }[]).map((c) => c.partner));
    for (const p of partners) expect(tree.map((t) => t.name)).toContain(p);
  });
});
