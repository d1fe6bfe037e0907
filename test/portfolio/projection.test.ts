import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { reviewDate } from '../../src/insights/calendar.ts';
import { paceModel, projectTier } from '../../src/insights/projection.ts';
import { windowPeriod } from '../../src/metrics/period.ts';
import { evaluateTier } from '../../src/program/evaluate.ts';
import { projectCurrentTiers } from '../../src/portfolio/at-risk.ts';
import { projectAt } from '../../src/portfolio/projection.ts';
import { keyOf, pairsOf } from '../../src/portfolio/requirements.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor } from '../intents/ask.ts';

// The portfolio projects every partner at once with grouped queries; src/insights/projection.ts
// projects one partner from its daily history. For every partner the vendor admin sees and every
// requirement the program has, both must say the same value on the review day.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const close = (ours: number | null, theirs: number | null, unit: string, what: string) => {
  if (theirs === null) return expect(ours, what).toBeNull();
  expect(ours, what).not.toBeNull();
  // Money to the cent, counts and rates to 1e-6.
  expect(Math.abs((ours ?? NaN) - theirs), what).toBeLessThanOrEqual(unit === 'currency' ? 0.005 : 1e-6);
};

describe('set-based projection = the single-partner pace model', () => {
  it('every (metric, window) of the program, for each of the 212 partners, on the review day', async () => {
    const ctx = await contextFor(h.db, 'admin@contoso.example');
    const partners = await ctx.data.visiblePartners();
    expect(partners).toHaveLength(212);
    const review = reviewDate(ctx.program, ctx.today);
    const requirements = ctx.program.tiers.flatMap((t) => t.requirements);
    const pairs = pairsOf(requirements);
    const ours = await projectAt(ctx.data, pairs, partners.map((p) => p.id), review);
    let compared = 0;
    for (const p of partners) {
      for (const pair of pairs) {
        const req = requirements.find((r) => keyOf(r) === keyOf(pair));
        if (!req) throw new Error('no requirement');
        const now = (await ctx.data.metric(req.metric, p.id, windowPeriod(req.window, ctx.today))).value ?? 0;
        const model = await paceModel(ctx.data, p.id, req, now);
        const unit = req.metric === 'revenue' ? 'currency' : 'count';
        close(ours.get(keyOf(pair))?.get(p.id)?.projected ?? null, model.valueAt(review), unit, `${p.name} ${keyOf(pair)}`);
        compared++;
      }
    }
    expect(compared).toBe(212 * pairs.length);
  });

  it("each at-risk figure equals projectTier(...).by for the partner's own tier", async () => {
    const ctx = await contextFor(h.db, 'admin@contoso.example');
    const partners = await ctx.data.visiblePartners();
    const review = reviewDate(ctx.program, ctx.today);
    const projection = await projectCurrentTiers(ctx.data, ctx.program, partners);
    expect(projection.reviewDate).toBe(review);
    let checked = 0;
    for (const { partner, tier, checks } of projection.byPartner.values()) {
      const ev = await evaluateTier(ctx.data, ctx.program, partner.id, tier.name);
      if (!ev.ok) throw new Error(ev.error.message);
      const theirs = await projectTier(ctx.data, partner.id, tier.requirements, ev.value.requirements, review, { day: review, label: 'the review' });
      checks.forEach((c, i) => {
        const by = theirs[i]?.by;
        // projectTier rounds to 1e-4 for display.
        if (by?.projected === null || by?.projected === undefined) expect(c.value).toBeNull();
        else expect(Math.abs((c.value ?? NaN) - by.projected), `${partner.name} ${c.metric}`).toBeLessThanOrEqual(1e-4);
        expect(c.met, `${partner.name} ${c.metric} met`).toBe(by?.met ?? false);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(212);
  });
});
