import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from './ask.ts';
import { partnerId, renewalRate, revenue, wonDeals } from './sql.ts';

// explain_change with tierMove: the partner's latest move from tier_changes, and each requirement
// of the tier it left (a drop) or reached (a rise) over its window ending on the day of the move.
// Demo: Fabrikam Silver → Gold 4 days ago, Tailspin Silver → Registered 2 days ago (today 2026-11-23).

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

interface MoveReq {
  metric: string;
  current: number;
  required: number;
  gap: number;
  met: boolean;
  metBefore: boolean;
  window: { from: string; to: string };
}
interface Move {
  from: string;
  to: string;
  on: string;
  direction: 'up' | 'down';
  measuredTier: string;
  previousReview: string;
  requirements: MoveReq[];
  failing: string[];
  newlyMet: string[];
}

/** Trailing 12 months ending on `day` (inclusive): [day + 1 − 12 months, day + 1). */
const t12m = (from: string, to: string) => ({ from, to });

/** Certifications held on `day`, one per person (e-mail, else name) and certification name, as the metric declares. */
const heldOn = async (db: Db, pid: number, day: string): Promise<number> =>
  (
    await sql<{ v: number }>`select count(distinct (lower(trim(coalesce(nullif(trim(holder_email), ''), nullif(trim(holder_name), '')))), lower(trim(name))))::int as v
      from certifications where partner_id = ${pid} and earned_on <= ${day}::date and expires_on >= ${day}::date`.execute(db)
  ).rows[0]?.v ?? 0;

/** The move as the tier_changes table has it: the latest one with a from tier. */
async function latestMove(db: Db, pid: number): Promise<{ from: string; to: string; on: string }> {
  const r = await sql<{ from_tier: string; to_tier: string; on: string }>`select from_tier, to_tier, to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD') as on
    from tier_changes where partner_id = ${pid} and from_tier is not null order by changed_at desc, id desc limit 1`.execute(db);
  const m = r.rows[0];
  if (!m) throw new Error('no move');
  return { from: m.from_tier, to: m.to_tier, on: m.on };
}

describe('why a partner moved tier', () => {
  it('Tailspin Toys dropped Silver → Registered: Silver’s requirements on that day, the failing ones named', async () => {
    const id = await partnerId(h.db, 'Tailspin Toys');
    const want = await latestMove(h.db, id);
    expect(want).toEqual({ from: 'Silver', to: 'Registered', on: '2026-11-21' });
    const r = await run(await contextFor(h.db, 'manager@contoso.example'), 'explain_change', { partner: 'Tailspin Toys', tierMove: true });
    const m = r.data.tierMove as Move;
    expect(m).toMatchObject({ ...want, direction: 'down', measuredTier: 'Silver', previousReview: '2026-08-21' });
    const win = t12m('2025-11-22', '2026-11-22');
    const expected = {
      revenue: { current: await revenue(h.db, id, win), required: 100_000 },
      active_certifications: { current: await heldOn(h.db, id, '2026-11-21'), required: 2 },
      won_deals: { current: await wonDeals(h.db, id, win), required: 5 },
    };
    expect(m.requirements.map((q) => q.metric)).toEqual(Object.keys(expected));
    for (const q of m.requirements) {
      const e = expected[q.metric as keyof typeof expected];
      expect(q.current, q.metric).toBeCloseTo(e.current, 2);
      expect(q.required).toBe(e.required);
      expect(q.met).toBe(e.current >= e.required);
    }
    expect(m.requirements.find((q) => q.metric === 'revenue')?.window).toEqual(win);
    const failing = Object.entries(expected).filter(([, e]) => e.current < e.required).map(([k]) => k);
    expect(failing.length).toBeGreaterThan(0);
    expect(m.failing).toEqual(failing);
    expect(r.reply.summary).toMatch(/^Tailspin Toys dropped from Silver to Registered on Nov 21, 2026\. At that review it missed \d of Silver’s 3 requirements: revenue \$[\d,]+ of \$100,000 \(\$[\d,]+ short\)/);
    expect(r.reply.requirements).toHaveLength(3);
    expect(r.reply.charts[0]?.kind).toBe('tier_progress');
  });

  it('Fabrikam Systems rose Silver → Gold: Gold’s requirements on that day, and what was newly met', async () => {
    const id = await partnerId(h.db, 'Fabrikam Systems');
    const want = await latestMove(h.db, id);
    expect(want).toEqual({ from: 'Silver', to: 'Gold', on: '2026-11-19' });
    const r = await run(await contextFor(h.db, 'admin@contoso.example'), 'explain_change', { partner: 'Fabrikam Systems', tierMove: true });
    const m = r.data.tierMove as Move;
    expect(m).toMatchObject({ ...want, direction: 'up', measuredTier: 'Gold', previousReview: '2026-08-19' });
    const win = t12m('2025-11-20', '2026-11-20');
    const before = t12m('2025-08-20', '2026-08-20');
    const expected = {
      revenue: { now: await revenue(h.db, id, win), then: await revenue(h.db, id, before), required: 500_000 },
      active_certifications: { now: await heldOn(h.db, id, '2026-11-19'), then: await heldOn(h.db, id, '2026-08-19'), required: 5 },
      won_deals: { now: await wonDeals(h.db, id, win), then: await wonDeals(h.db, id, before), required: 15 },
      renewal_rate: { now: (await renewalRate(h.db, id, win)) ?? 0, then: (await renewalRate(h.db, id, before)) ?? 0, required: 80 },
    };
    expect(m.requirements.map((q) => q.metric)).toEqual(Object.keys(expected));
    for (const q of m.requirements) {
      const e = expected[q.metric as keyof typeof expected];
      expect(q.current, q.metric).toBeCloseTo(e.now, 2);
      expect(q.met).toBe(e.now >= e.required);
      expect(q.metBefore).toBe(e.then >= e.required);
    }
    expect(m.newlyMet).toEqual(Object.entries(expected).filter(([, e]) => e.now >= e.required && e.then < e.required).map(([k]) => k));
    expect(m.failing).toEqual(Object.entries(expected).filter(([, e]) => e.now < e.required).map(([k]) => k));
    expect(r.reply.summary).toMatch(/^Fabrikam Systems rose from Silver to Gold on Nov 19, 2026\. On that day it met \d of Gold’s 4 requirements/);
  });

  it('a partner asks about its own move; one that never moved is told so', async () => {
    const own = await run(await contextFor(h.db, 'owner@tailspin.example'), 'explain_change', { tierMove: true });
    expect(own.data).toMatchObject({ partner: 'Tailspin Toys', tierMove: { from: 'Silver', to: 'Registered', direction: 'down' } });
    const never = await run(await contextFor(h.db, 'owner@wideworld.example'), 'explain_change', { tierMove: true });
    expect(never.data).toMatchObject({ partner: 'Wide World Importers', tierMove: null });
    expect(never.reply.summary).toBe('Wide World Importers has not moved tier in the history I have; it is Platinum.');
  });

  it("another partner's move reads exactly like a partner that does not exist", async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const real = await run(ctx, 'explain_change', { partner: 'Tailspin Toys', tierMove: true });
    const fake = await run(ctx, 'explain_change', { partner: 'Tailspin Nonexistent', tierMove: true });
    expect(real.reply.summary).toBe("I can't find a partner called “Tailspin Toys” among the partners you can see.");
    expect(JSON.stringify(real).split('Tailspin Toys').join('<N>')).toBe(JSON.stringify(fake).split('Tailspin Nonexistent').join('<N>'));
    expect(real.data).not.toHaveProperty('tierMove');
  });
});
