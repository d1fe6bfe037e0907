import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { Chart } from '../../src/reply/types.ts';
import { coarsen } from '../../intents/peer-parts.ts';
import { ordinal } from '../../src/insights/ranking.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { partnerId, T12M } from './sql.ts';

// compare_peers and leaderboard: a partner gets its own place and anonymous counts, never a peer's
// name or figure, and that is checked on the data behind the charts, not only on the words.

let h: DbHandle;
let nw = 0;
beforeAll(async () => {
  h = await testDb({ demo: true });
  nw = await partnerId(h.db, 'Northwind Traders');
});

/** Trailing-12-month revenue of every partner, from SQL. */
async function revenues(db = h.db): Promise<Map<number, { name: string; tier: string; region: string; value: number }>> {
  const r = await sql<{ id: number; name: string; tier: string; region: string; v: number | null }>`
    select p.id, p.name, p.tier, p.region, (select sum(amount_cents) / 100.0 from revenue r
      where r.partner_id = p.id and booked_on >= ${T12M.from}::date and booked_on < ${T12M.to}::date) as v
    from partners p`.execute(db);
  return new Map(r.rows.map((x) => [x.id, { name: x.name, tier: x.tier, region: x.region, value: Number(x.v ?? 0) }]));
}

/** Every number anywhere in a value, grouping commas removed. */
const numbersIn = (v: unknown): number[] =>
  [...JSON.stringify(v).matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, ''))).filter(Number.isFinite);

/** What a reader could take from a chart: its labels and every plotted or displayed figure. */
const chartData = (c: Chart) => ({ categories: c.categories, series: c.series, targets: c.targets ?? [] });

function expectAnonymousDistribution(c: Chart | undefined, cohortSize: number, otherNames: readonly string[]): void {
  expect(c?.kind).toBe('peer_distribution');
  if (!c) return;
  // Counts of partners per range: they add up to the group, and every label is a range.
  expect(c.series).toHaveLength(1);
  expect(c.series[0]?.values.reduce((s, v) => s + v, 0)).toBe(cohortSize);
  // Whole partners, at least three to a range: no range narrows down to one peer's figure.
  for (const v of c.series[0]?.values ?? []) {
    expect(Number.isInteger(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(3);
  }
  for (const cat of c.categories) expect(cat).toMatch(/^[$\d.,KM%]+–[$\d.,KM%]+$/);
  const text = JSON.stringify(chartData(c));
  expect(otherNames.filter((n) => text.includes(n))).toEqual([]);
}

describe('coarsen', () => {
  it('merges ranges of fewer than three partners into a neighbour, keeping the total', () => {
    const b = [
      { from: 2, to: 3, count: 1 },
      { from: 3, to: 4, count: 8 },
      { from: 4, to: 5, count: 8 },
      { from: 5, to: 6, count: 2 },
    ];
    expect(coarsen(b)).toEqual([
      { from: 2, to: 4, count: 9 },
      { from: 4, to: 6, count: 10 },
    ]);
    expect(coarsen([{ from: 0, to: 1, count: 2 }])).toEqual([{ from: 0, to: 1, count: 2 }]);
  });
});

describe('compare_peers', () => {
  it('"how do I compare to other Silver partners?": percentiles among Silver peers in NA, nobody else’s name or figure', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'how do I compare to other Silver partners?');
    expect(a.plan).toMatchObject({ kind: 'intent', intent: 'compare_peers', args: { tier: 'Silver' } });
    const all = await revenues();
    const me = all.get(nw);
    const peers = [...all.entries()].filter(([id, p]) => id !== nw && p.tier === 'Silver' && p.region === me?.region);
    const data = a.result?.data as { comparisons: Record<string, unknown>[] };
    const rev = data.comparisons.find((c) => c.metric === 'revenue');
    expect(rev).toMatchObject({ withheld: false, cohortSize: peers.length + 1, group: 'Silver partners in NA' });
    // Percentile: share of the peers below (ties half), by hand from SQL.
    const below = peers.filter(([, p]) => p.value < (me?.value ?? 0)).length;
    const equal = peers.filter(([, p]) => p.value === (me?.value ?? 0)).length;
    expect(rev?.percentile).toBe(Math.round((100 * (below + equal / 2)) / peers.length));
    expect(rev?.yourValue).toBeCloseTo(me?.value ?? 0, 2);
    // No median or quartiles (an odd group's median is one partner's figure).
    for (const c of data.comparisons) {
      expect(Object.keys(c).filter((k) => /median|p25|p75|min|max/.test(k))).toEqual([]);
      for (const b of c.buckets as { count: number }[]) expect(b.count).toBeGreaterThanOrEqual(3);
    }
    expect(a.result?.reply.summary).toMatch(/percentile/);

    const others = [...all.entries()].filter(([id]) => id !== nw);
    expectAnonymousDistribution(a.result?.reply.charts[0], peers.length + 1, others.map(([, p]) => p.name));
    // No other partner's revenue, exact or as replies round it, anywhere in the answer.
    const figures = new Set(others.flatMap(([, p]) => (p.value >= 1000 ? [p.value, Math.round(p.value), Math.round(p.value * 100) / 100] : [])));
    expect(numbersIn(a).filter((n) => figures.has(n))).toEqual([]);
  });

  it('a channel manager comparing a partner sees no name outside their scope either', async () => {
    const ctx = await contextFor(h.db, 'manager@contoso.example');
    const r = await run(ctx, 'compare_peers', { partner: 'Northwind Traders', metric: 'revenue' });
    const visible = new Set((await ctx.data.visiblePartners()).map((p) => p.name));
    const outside = [...(await revenues()).values()].map((p) => p.name).filter((n) => !visible.has(n));
    const text = JSON.stringify(r);
    expect(outside.filter((n) => text.includes(n))).toEqual([]);
    expect(r.data.partner).toBe('Northwind Traders');
  });

  it('groups under 5 are withheld: no percentile, no chart; at 5 partners the asker cannot see they show', async () => {
    const own = await testDb({ demo: true });
    const id = await partnerId(own.db, 'Northwind Traders');
    const few = (await sql<{ id: number }>`select id from partners where tier = 'Gold' and id <> ${id} order by id limit 5`.execute(own.db)).rows.map((r) => r.id);
    await sql`update partners set tier = 'Titanium' where id = any(${[id, ...few.slice(0, 3)]}::int[])`.execute(own.db);
    const ctx = await contextFor(own.db, 'owner@northwind.example');
    const small = await run(ctx, 'compare_peers', { metric: 'revenue' });
    expect(small.reply.charts).toEqual([]);
    expect((small.data.comparisons as { withheld: boolean }[])[0]).toMatchObject({ withheld: true, minCohort: 5 });
    expect(small.reply.summary).toMatch(/at least 5 comparable partners/);
    const board = await run(ctx, 'leaderboard', {});
    expect(board.data).toMatchObject({ withheld: true });
    expect(board.reply.charts).toEqual([]);
    expect(board.reply.summary).toMatch(/stays private/);
    // Not a single money figure: not even the asker's own, which would sit beside the peers' spread.
    expect(JSON.stringify(board.reply)).not.toContain('$');

    // Five partners, but only four the asker cannot see: the asker's own figure is no cover.
    await sql`update partners set tier = 'Titanium' where id = ${few[3] ?? 0}`.execute(own.db);
    const four = await run(await contextFor(own.db, 'owner@northwind.example'), 'compare_peers', { metric: 'revenue' });
    expect((four.data.comparisons as { withheld: boolean }[])[0]).toMatchObject({ withheld: true, minCohort: 5 });
    expect(four.reply.summary).toMatch(/at least 5 comparable partners besides the ones you can already see/);
    expect(four.reply.charts).toEqual([]);

    await sql`update partners set tier = 'Titanium' where id = ${few[4] ?? 0}`.execute(own.db);
    const five = await run(await contextFor(own.db, 'owner@northwind.example'), 'compare_peers', { metric: 'revenue' });
    expect((five.data.comparisons as { withheld: boolean; cohortSize: number }[])[0]).toMatchObject({ withheld: false, cohortSize: 6 });
    expectAnonymousDistribution(five.reply.charts[0], 6, []);
  });

  it("a distributor's admin gets no percentile for its sub-partners in a group of them and one other partner (issue 16, B5)", async () => {
    const own = await testDb({ demo: true });
    const ctx = await contextFor(own.db, 'owner@wideworld.example');
    const subs = ['Adventure Works Cycles', 'Litware Inc', 'Proseware Inc', 'Lucerne Publishing'];
    // In the demo's own tiers each sub-partner has plenty of peers Wide World cannot see.
    const before = await run(ctx, 'compare_peers', { partner: 'Litware Inc', metric: 'revenue' });
    expect((before.data.comparisons as { withheld: boolean; percentile: number }[])[0]).toMatchObject({ withheld: false });

    // One group: Wide World, its four sub-partners and one other EMEA partner.
    const tree = await Promise.all(['Wide World Importers', ...subs].map((n) => partnerId(own.db, n)));
    const other = (await sql<{ id: number }>`select id from partners where region = 'EMEA' and id <> all(${tree}::int[]) order by id limit 1`.execute(own.db)).rows[0]?.id ?? 0;
    await sql`update partners set tier = 'Titanium' where id = any(${[...tree, other]}::int[])`.execute(own.db);
    const admin = await contextFor(own.db, 'owner@wideworld.example');
    for (const sub of subs) {
      const r = await run(admin, 'compare_peers', { partner: sub, metric: 'revenue' });
      const c = (r.data.comparisons as Record<string, unknown>[])[0];
      expect(c, sub).toMatchObject({ withheld: true, minCohort: 5 });
      expect(c).not.toHaveProperty('percentile');
      expect(r.reply.charts).toEqual([]);
      expect(r.reply.summary).toMatch(/besides the ones you can already see/);
      expect(JSON.stringify(r.reply)).not.toMatch(/percentile/);
    }
    // Its own place among them is withheld the same way.
    const board = await run(admin, 'leaderboard', { metric: 'revenue' });
    expect(board.data).toMatchObject({ withheld: true, tier: 'Titanium' });
    expect(board.reply.summary).toMatch(/besides the partners you can already see/);
    expect(board.reply.charts).toEqual([]);
  });
});

describe('leaderboard', () => {
  it('a partner gets its own rank among its tier and the anonymous spread, nothing else', async () => {
    const a = await ask(h.db, 'seller@northwind.example', 'where do we rank on revenue');
    expect(a.plan).toMatchObject({ intent: 'leaderboard', args: { metric: 'revenue' } });
    const all = await revenues();
    const me = all.get(nw)?.value ?? 0;
    const silver = [...all.entries()].filter(([, p]) => p.tier === 'Silver');
    const rank = silver.filter(([id, p]) => id !== nw && p.value > me).length + 1;
    expect(a.result?.data).toMatchObject({ rank, of: silver.length, tier: 'Silver', partner: 'Northwind Traders' });
    expect(Object.keys(a.result?.data ?? {}).sort()).toEqual(['buckets', 'metric', 'of', 'partner', 'percentile', 'period', 'rank', 'tier', 'yourValue']);
    expect(a.result?.reply.table).toBeUndefined();
    const others = silver.filter(([id]) => id !== nw);
    expectAnonymousDistribution(a.result?.reply.charts[0], silver.length, [...all.entries()].filter(([id]) => id !== nw).map(([, p]) => p.name));
    const figures = new Set(others.flatMap(([, p]) => (p.value >= 1000 ? [p.value, Math.round(p.value)] : [])));
    expect(numbersIn(a).filter((n) => figures.has(n))).toEqual([]);
  });

  it('a partner ranked against a tier it is not in reads "would place Nth among N", the field counting it (issue 16)', async () => {
    // Tailspin (Registered, the smallest revenue in the demo) placed among the Gold partners: last.
    const ctx = await contextFor(h.db, 'owner@tailspin.example');
    const r = await run(ctx, 'leaderboard', { metric: 'revenue', tier: 'Gold' });
    const gold = [...(await revenues()).values()].filter((p) => p.tier === 'Gold');
    expect(r.data).toMatchObject({ tier: 'Gold', partner: 'Tailspin Toys', rank: gold.length + 1, of: gold.length + 1 });
    const last = ordinal(gold.length + 1);
    expect(r.reply.summary).toContain(`would place ${last} among ${gold.length + 1}, counted with the ${gold.length} Gold partners`);
    const place = r.reply.facts.find((f) => f.label === 'Your place');
    expect(place?.display).toBe(`${last} of ${gold.length + 1}`);

    // Its own tier in another region is not its group either: Northwind (NA) among Silver partners in EMEA.
    const nwCtx = await contextFor(h.db, 'owner@northwind.example');
    const emea = await run(nwCtx, 'leaderboard', { metric: 'revenue', tier: 'Silver', region: 'EMEA' });
    const silverEmea = [...(await revenues()).values()].filter((p) => p.tier === 'Silver' && p.region === 'EMEA');
    const data = emea.data as { rank: number; of: number };
    expect(data.of).toBe(silverEmea.length + 1);
    expect(data.rank).toBeLessThanOrEqual(data.of);
    expect(emea.reply.summary).toMatch(new RegExp(`would place \\d+\\w\\w among ${data.of}, counted with the ${silverEmea.length} Silver partners in EMEA`));
  });

  it('a channel manager gets the named ranking of their own partners, in SQL order', async () => {
    const a = await ask(h.db, 'manager@contoso.example', 'rank my partners by revenue');
    expect(a.plan).toMatchObject({ intent: 'leaderboard', args: { metric: 'revenue' } });
    const mine = (await sql<{ id: number }>`select p.id from partners p join users u on u.id = p.channel_manager_id
      where u.email = 'manager@contoso.example'`.execute(h.db)).rows.map((r) => r.id);
    const all = await revenues();
    const expected = mine
      .map((id) => all.get(id))
      .filter((p): p is NonNullable<typeof p> => p !== undefined)
      .sort((x, y) => y.value - x.value);
    const ranking = a.result?.data.ranking as { partner: string; value: number | null; rank: number | null }[];
    expect(ranking.map((r) => r.partner)).toEqual(expected.map((p) => p.name));
    ranking.forEach((r, i) => expect(r.value ?? 0).toBeCloseTo(expected[i]?.value ?? NaN, 2));
    const chart = a.result?.reply.charts[0];
    expect(chart?.kind).toBe('leaderboard');
    expect(new Set(chart?.categories)).toEqual(new Set(expected.map((p) => p.name)));
    expect(a.result?.reply.table?.rows[0]?.[1]).toBe(expected[0]?.name);
  });

  it('an admin can rank one tier; an unknown tier or a future period is a clear answer', async () => {
    const ctx = await contextFor(h.db, 'admin@contoso.example');
    const gold = await run(ctx, 'leaderboard', { metric: 'won_deals', tier: 'Gold' });
    const tiers = (gold.data.ranking as { tier: string }[]).map((r) => r.tier);
    expect(tiers.length).toBeGreaterThan(5);
    expect(new Set(tiers)).toEqual(new Set(['Gold']));
    const bad = await run(ctx, 'leaderboard', { tier: 'Diamond' });
    expect(bad.data.error).toMatchObject({ code: 'bad_input' });
    const future = await run(ctx, 'leaderboard', { period: 'next year' });
    expect(future.data.error).toMatchObject({ code: 'bad_input' });
    expect(future.reply.charts).toEqual([]);
  });
});
