import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { IntentResult } from '../../intents/types.ts';
import { atRiskPartners } from '../../src/portfolio/at-risk.ts';
import { nearNextTier } from '../../src/portfolio/near-next.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, program, run } from '../intents/ask.ts';
import {
  expectedAtRisk,
  expectedNearNext,
  expiringCount,
  moves,
  partnersOf,
  PREVIOUS,
  REVIEW,
  standings,
  THIS_QUARTER,
  tierCounts,
  TOMORROW,
  totals,
  type Asker,
  type Filters,
} from './sql.ts';

// Every portfolio view for the demo's channel manager (30 partners), the vendor admin (212, and
// filtered by a tier and by a region) and Wide World Importers' admin (a distributor: itself and
// 4 sub-partners), against hand-written SQL in ./sql.ts.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

interface Case {
  title: string;
  asker: Asker;
  email: string;
  filters: Filters;
  size?: number;
}

const CASES: Case[] = [
  { title: 'the channel manager', asker: 'manager', email: 'manager@contoso.example', filters: {}, size: 30 },
  { title: 'the vendor admin', asker: 'admin', email: 'admin@contoso.example', filters: {}, size: 212 },
  { title: 'the vendor admin, Gold partners', asker: 'admin', email: 'admin@contoso.example', filters: { tier: 'Gold' } },
  { title: 'the vendor admin, EMEA', asker: 'admin', email: 'admin@contoso.example', filters: { region: 'EMEA' } },
  { title: 'the distributor', asker: 'wideworld', email: 'owner@wideworld.example', filters: {}, size: 5 },
];

type Row = Record<string, unknown>;
const partnersIn = (r: IntentResult): Row[] => r.data.partners as Row[];

async function view(c: Case, args: Record<string, unknown>): Promise<IntentResult> {
  const ctx = await contextFor(h.db, c.email);
  return run(ctx, 'portfolio', { ...args, ...c.filters, limit: 100 });
}

async function groupOf(c: Case) {
  const ctx = await contextFor(h.db, c.email);
  const want = await partnersOf(h.db, c.asker, c.filters);
  const ids = new Set(want.map((p) => p.id));
  const partners = (await ctx.data.visiblePartners()).filter((p) => ids.has(p.id));
  expect(partners.map((p) => p.name)).toEqual(want.map((p) => p.name));
  return { ctx, partners, want };
}

describe.each(CASES)('portfolio figures for $title', (c) => {
  it('summary: partners per tier, totals and ratio-of-sums rates, tier moves and expiring certifications equal SQL', async () => {
    const r = await view(c, { view: 'summary' });
    const want = await partnersOf(h.db, c.asker, c.filters);
    if (c.size !== undefined) expect(want).toHaveLength(c.size);
    expect(r.data.partnerCount).toBe(want.length);
    expect(r.reply.sensitive).toBe(true);

    const counts = await tierCounts(h.db, c.asker, c.filters);
    const shown = r.data.tierCounts as { tier: string; partners: number }[];
    expect(shown.map((t) => t.tier).slice(0, program().tiers.length)).toEqual(program().tiers.map((t) => t.name));
    for (const t of shown) expect(t.partners, t.tier).toBe(counts.get(t.tier) ?? 0);
    expect(shown.reduce((s, t) => s + t.partners, 0)).toBe(want.length);

    const now = await totals(h.db, c.asker, c.filters, THIS_QUARTER);
    const before = await totals(h.db, c.asker, c.filters, PREVIOUS);
    expect(r.data.period).toMatchObject(THIS_QUARTER);
    expect(r.data.previous).toMatchObject(PREVIOUS);
    for (const t of r.data.totals as { metric: keyof typeof now; current: number | null; previous: number | null; change: number | null }[]) {
      const [a, b] = [now[t.metric], before[t.metric]];
      if (a === null) expect(t.current, t.metric).toBeNull();
      else expect(t.current, t.metric).toBeCloseTo(a, t.metric === 'win_rate' ? 6 : 2);
      if (b === null) expect(t.previous, t.metric).toBeNull();
      else expect(t.previous, t.metric).toBeCloseTo(b, t.metric === 'win_rate' ? 6 : 2);
      if (a !== null && b !== null) expect(t.change ?? NaN, t.metric).toBeCloseTo(a - b, 2);
    }
    expect((r.data.totals as { metric: string }[]).map((t) => t.metric)).toEqual(['revenue', 'pipeline_value', 'deal_registrations', 'won_deals', 'win_rate']);

    const exp = r.data.expiringCertifications as { count: number; soonest: { partner: string; expiresOn: string }[] };
    expect(exp.count).toBe(await expiringCount(h.db, c.asker, c.filters));
    const names = new Set(want.map((p) => p.name));
    for (const s of exp.soonest) expect(names.has(s.partner)).toBe(true);
    expect(exp.soonest.map((s) => s.expiresOn)).toEqual([...exp.soonest.map((s) => s.expiresOn)].sort());

    const moved = await moves(h.db, c.asker, c.filters, THIS_QUARTER);
    expect((r.data.tierMoves as Row[]).map((m) => ({ name: m.name, from: m.from, to: m.to, on: m.on }))).toEqual(moved);

    // The table: the largest revenue of the quarter first, only partners of the group.
    const top = partnersIn(r);
    for (const p of top) expect(names.has(String(p.name))).toBe(true);
    const revenues = top.map((p) => Number(p.revenue));
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    expect(r.reply.table?.rows.map((row) => row[0])).toEqual(top.map((p) => p.name));
  });

  it('at_risk: the set, the order and the projected values equal SQL', async () => {
    const { ctx, partners, want } = await groupOf(c);
    const s = await standings(h.db, c.asker, c.filters);
    const expected = expectedAtRisk(program(), want, s);
    const got = await atRiskPartners(ctx.data, ctx.program, partners);
    expect(got.reviewDate).toBe(REVIEW);
    expect(got.partners.map((p) => ({ name: p.partner.name, metrics: p.failing.map((f) => f.metric) }))).toEqual(
      expected.map((e) => ({ name: e.name, metrics: e.metrics })),
    );
    for (const p of got.partners) {
      const atReview = s.get(p.partner.id)?.atReview ?? {};
      for (const f of p.failing) {
        const v = atReview[f.metric] ?? null;
        if (v === null) expect(f.value).toBeNull();
        else expect(f.value ?? NaN, `${p.partner.name} ${f.metric}`).toBeCloseTo(v, f.unit === 'percent' ? 6 : 2);
      }
    }

    const r = await view(c, { view: 'at_risk' });
    expect(r.data.reviewDate).toBe(REVIEW);
    expect(r.data.atRiskCount).toBe(expected.length);
    expect(partnersIn(r).map((p) => p.name)).toEqual(expected.slice(0, 100).map((e) => e.name));
    expect(partnersIn(r).map((p) => p.tier)).toEqual(expected.slice(0, 100).map((e) => e.tier));
    expect(r.reply.table?.rows.map((row) => row[0])).toEqual(partnersIn(r).map((p) => p.name));
  });

  it('near_next_tier: the set and order (fewest missing, then smallest relative gap) equal SQL', async () => {
    const { ctx, partners, want } = await groupOf(c);
    const s = await standings(h.db, c.asker, c.filters);
    const expected = expectedNearNext(program(), want, s);
    const got = await nearNextTier(ctx.data, ctx.program, partners);
    expect(got.map((p) => ({ name: p.partner.name, next: p.nextTier, metrics: p.missing.map((m) => m.metric) }))).toEqual(
      expected.map((e) => ({ name: e.name, next: e.next, metrics: e.metrics })),
    );
    for (const p of got) {
      const now = s.get(p.partner.id)?.now ?? {};
      for (const req of p.requirements) {
        const v = now[req.metric] ?? null;
        if (v === null) expect(req.value).toBeNull();
        else expect(req.value ?? NaN, `${p.partner.name} ${req.metric}`).toBeCloseTo(v, req.unit === 'percent' ? 6 : 2);
      }
    }
    const r = await view(c, { view: 'near_next_tier' });
    expect(partnersIn(r).map((p) => [p.name, p.tier, p.nextTier, p.missingCount])).toEqual(
      expected.slice(0, 100).map((e) => [e.name, e.tier, e.next, e.metrics.length]),
    );
    expect(r.reply.table?.rows.map((row) => row[0])).toEqual(partnersIn(r).map((p) => p.name));

    const gold = await view(c, { view: 'near_next_tier', targetTier: 'gold' });
    expect(partnersIn(gold).map((p) => p.name)).toEqual(expected.filter((e) => e.next === 'Gold').slice(0, 100).map((e) => e.name));
  });

  it('tier_moves: every move of the group in the period, newest first, equals SQL', async () => {
    const r = await view(c, { view: 'tier_moves', period: 'this year' });
    const moved = await moves(h.db, c.asker, c.filters, { from: '2026-01-01', to: TOMORROW });
    expect(partnersIn(r).map((m) => ({ name: m.name, from: m.from, to: m.to, on: m.on }))).toEqual([...moved].reverse().slice(0, 100));
    const want = await partnersOf(h.db, c.asker, c.filters);
    const tierOf = new Map(want.map((p) => [p.name, p.tier]));
    for (const m of partnersIn(r)) expect(m.tier).toBe(tierOf.get(String(m.name)));
  });
});
