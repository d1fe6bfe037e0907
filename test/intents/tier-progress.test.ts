import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { evaluateTier } from '../../src/program/evaluate.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, plan, program, run } from './ask.ts';
import { activeCerts, partnerId, renewalRate, revenue, T12M, wonDeals } from './sql.ts';

interface Row {
  metric: string;
  label: string;
  current: number;
  required: number;
  gap: number;
  met: boolean;
  unit: string;
}

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

describe('tier_progress', () => {
  it('Northwind to Gold: every requirement equals SQL over the same tables', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const r = await run(ctx, 'tier_progress', { tier: 'Gold' });
    const nw = await partnerId(h.db, 'Northwind Traders');
    const expected: Record<string, number> = {
      revenue: await revenue(h.db, nw, T12M),
      active_certifications: await activeCerts(h.db, nw),
      won_deals: await wonDeals(h.db, nw, T12M),
      renewal_rate: (await renewalRate(h.db, nw, T12M)) ?? 0,
    };
    const gold = program().tiers.find((t) => t.name === 'Gold');
    expect(Object.keys(r.data).sort()).toEqual(['atRisk', 'currentTier', 'partner', 'quarterEnd', 'requirements', 'suggestions', 'targetTier']);
    expect(r.data).toMatchObject({ partner: 'Northwind Traders', currentTier: 'Silver', targetTier: 'Gold' });
    const rows = r.data.requirements as Row[];
    expect(rows.map((x) => x.metric)).toEqual(gold?.requirements.map((q) => q.metric));
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual([
        'current',
        'gap',
        'label',
        'met',
        'metByQuarterEnd',
        'metric',
        'projectedAtQuarterEnd',
        'projectedDate',
        'required',
        'runRate',
        'runRateText',
        'unit',
      ]);
      const want = expected[row.metric] ?? NaN;
      const min = gold?.requirements.find((q) => q.metric === row.metric)?.min ?? NaN;
      expect(row.current, row.metric).toBeCloseTo(want, 6);
      expect(row.required).toBe(min);
      expect(row.met).toBe(want >= min);
      expect(row.gap).toBeCloseTo(Math.max(0, min - want), 2);
    }
    // The demo story: revenue is the one requirement short, at about 84% of Gold.
    const rev = rows.find((x) => x.metric === 'revenue');
    expect(rev?.met).toBe(false);
    expect((rev?.current ?? 0) / (rev?.required ?? 1)).toBeGreaterThan(0.75);
    expect((rev?.current ?? 0) / (rev?.required ?? 1)).toBeLessThan(0.9);
    expect(rows.find((x) => x.metric === 'active_certifications')?.met).toBe(true);
  });

  it('words, chart and suggestions of the Northwind answer', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const r = await run(ctx, 'tier_progress', {});
    const rows = r.data.requirements as Row[];
    const met = rows.filter((x) => x.met).length;
    const rev = rows.find((x) => x.metric === 'revenue');
    const gap = `$${Math.round(rev?.gap ?? 0).toLocaleString('en-US')}`;
    // The record first, then where today's pace leads (projections are checked in test/insights).
    expect(r.reply.summary.startsWith(`Northwind Traders is Silver. For Gold you meet ${met} of ${rows.length} requirements; revenue is ${gap} short. At today's pace`)).toBe(true);
    expect(r.reply.sensitive).toBe(true);
    expect(r.reply.asOf).toBe(await ctx.data.asOf());
    expect(r.reply.requirements).toHaveLength(rows.length);

    const chart = r.reply.charts[0];
    expect(chart?.kind).toBe('tier_progress');
    expect(chart?.categories).toEqual(rows.map((x) => x.label));
    expect(chart?.series.map((s) => s.name)).toEqual(['current', 'required']);
    expect(chart?.series[1]?.values).toEqual(rows.map(() => 100));
    expect(chart?.series[0]?.values[rows.indexOf(rev as Row)]).toBeCloseTo(((rev?.current ?? 0) / (rev?.required ?? 1)) * 100, 0);
    expect((chart?.title.length ?? 99) <= 50).toBe(true);

    // Revenue first (the only gap), then renewing the certification that expires within 30 days.
    const s = r.reply.suggestions;
    expect(s.length).toBeGreaterThanOrEqual(2);
    expect(s.length).toBeLessThanOrEqual(5);
    expect(s[0]).toMatchObject({ metric: 'revenue', url: ctx.program.actions.revenue?.url, label: ctx.program.actions.revenue?.label });
    expect(s.some((x) => x.metric === 'expiring_certifications' && x.url === ctx.program.actions.expiring_certifications?.url)).toBe(true);
    for (const x of s) expect(x.question).toBeTruthy();
  });

  it("follow-up questions of the suggestions plan to the intent they promise", async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const r = await run(ctx, 'tier_progress', {});
    for (const s of r.reply.suggestions) {
      const p = await plan(ctx, s.question ?? '');
      const want = ({ revenue: 'list_deals', won_deals: 'list_deals', expiring_certifications: 'certifications' } as Record<string, string>)[s.metric ?? ''] ?? 'metric_query';
      expect(p, s.question).toMatchObject({ kind: 'intent', intent: want });
    }
  });

  it('asked in words, by a seller of the same partner, gives the same figures', async () => {
    const owner = await run(await contextFor(h.db, 'owner@northwind.example'), 'tier_progress', { tier: 'Gold' });
    const asked = await ask(h.db, 'seller@northwind.example', 'how close am I to Gold tier?');
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'tier_progress', args: { tier: 'Gold' } });
    expect(asked.result?.data).toEqual(owner.data);
  });

  it('at the top tier it measures the tier held', async () => {
    const ctx = await contextFor(h.db, 'owner@wideworld.example');
    const r = await run(ctx, 'tier_progress', {});
    expect(r.data).toMatchObject({ partner: 'Wide World Importers', currentTier: 'Platinum', targetTier: 'Platinum' });
    expect(r.reply.summary).toMatch(/^Wide World Importers holds Platinum, the top tier\./);
  });

  it('an unknown tier is an error that lists the tiers', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const r = await run(ctx, 'tier_progress', { tier: 'Diamond' });
    expect(r.reply.summary).toBe('There is no tier called “Diamond”. The tiers are Registered, Silver, Gold and Platinum.');
    expect(r.data).toMatchObject({ error: { code: 'bad_input' } });
    const ev = await evaluateTier(ctx.data, ctx.program, await partnerId(h.db, 'Northwind Traders'), 'diamond');
    expect(ev.ok).toBe(false);
  });

  it('a manager names the partner or is asked which', async () => {
    const ctx = await contextFor(h.db, 'manager@contoso.example');
    const which = await run(ctx, 'tier_progress', {});
    expect(which.reply.clarify?.options.length).toBeGreaterThan(1);
    for (const o of which.reply.clarify?.options ?? []) {
      expect(await plan(ctx, o.text)).toMatchObject({ kind: 'intent', intent: 'tier_progress', args: { partner: o.label } });
    }
    const named = await run(ctx, 'tier_progress', { partner: 'Northwind Traders', tier: 'Gold' });
    const own = await run(await contextFor(h.db, 'owner@northwind.example'), 'tier_progress', { tier: 'Gold' });
    expect(named.data).toEqual(own.data);
    expect(named.reply.summary).toContain('For Gold it meets');
  });
});
