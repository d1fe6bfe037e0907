import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEFAULT_FORMAT } from '../../src/reply/format.ts';
import type { RequirementRow } from '../../src/reply/types.ts';
import { requirementLine } from '../../adapters/slack/render/reply.ts';
import { requirementFigures } from '../../adapters/teams/render/card.ts';
import { renderReply } from '../../adapters/console/render.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { activeCerts, partnerId, revenue, T12M, TODAY } from './sql.ts';

// An answer never says two things that read as opposites: a requirement met today that lapses
// before the review reads as met *and* at risk, with the day and what to renew; a forecast whose
// amount needed is more than today's gap says why (older months leave the 12-month window).
// Figures from the demo, each checked against SQL.

const money = (n: number) => DEFAULT_FORMAT.money(n);
let h: DbHandle;
let nw: number;
/** Northwind's certifications that lapse by the 31 Dec review, soonest first. */
let lapsing: { name: string; expires_on: string }[];

beforeAll(async () => {
  h = await testDb({ demo: true });
  nw = await partnerId(h.db, 'Northwind Traders');
  lapsing = (
    await sql<{ name: string; expires_on: string }>`
      select name, max(expires_on)::text as expires_on from certifications
      where partner_id = ${nw} and earned_on <= ${TODAY}::date
      group by lower(coalesce(holder_email, holder_name)), name
      having max(expires_on) between ${TODAY}::date and '2026-12-31'::date
      order by 2`.execute(h.db)
  ).rows;
});

describe('met today, lapsing before the review', () => {
  it('tier progress says met and at risk, with the date and the certification to renew, and never "would fall" alone', async () => {
    expect(await activeCerts(h.db, nw)).toBe(5);
    expect(await activeCerts(h.db, nw, '2027-01-01')).toBe(4);
    expect(lapsing).toEqual([{ name: 'Contoso Cloud Architect', expires_on: '2026-12-12' }]);

    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'tier_progress', { tier: 'Gold' });
    const s = r.reply.summary;
    expect(s).toContain(
      'Active certifications meets Gold today (5 of 5), but Contoso Cloud Architect expires on Dec 12, 2026, before the Dec 31, 2026 review, leaving 4 of the 5 Gold needs: renew it to keep the requirement.',
    );
    expect(s).not.toMatch(/would fall/);
    // The figure reads as met today and at risk, not plainly "(met)".
    const fact = r.reply.facts.find((f) => f.label === 'Active certifications');
    expect(fact?.display).toBe('5 of 5 (met today; at risk before the Dec 31, 2026 review)');
    const row = r.reply.requirements?.find((x) => x.metric === 'active_certifications');
    expect(row).toMatchObject({ met: true, atRisk: { from: '2026-12-13', note: 'met today; lapses before the Dec 31, 2026 review: renew Contoso Cloud Architect (Dec 12, 2026)' } });
    // Requirements that hold through the review stay plainly met.
    expect(r.reply.facts.find((f) => f.label === 'Won deals')?.display).toBe('18 of 15 (met)');
    expect(r.data.atRisk).toEqual([
      { metric: 'active_certifications', from: '2026-12-13', review: '2026-12-31', then: expect.any(Number), renew: [{ name: 'Contoso Cloud Architect', expiresOn: '2026-12-12' }], renewNeeded: 1 },
    ]);
  });

  it('every surface shows the row as met and at risk, never with a plain tick', async () => {
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'tier_progress', { tier: 'Gold' });
    const row = r.reply.requirements?.find((x) => x.metric === 'active_certifications') as RequirementRow;
    expect(requirementLine(row, DEFAULT_FORMAT)).toBe(
      ':warning: *Active certifications* — 5 of 5 · met today; lapses before the Dec 31, 2026 review: renew Contoso Cloud Architect (Dec 12, 2026)',
    );
    expect(requirementFigures(row, DEFAULT_FORMAT)).toBe('5 of 5 · met today; lapses before the Dec 31, 2026 review: renew Contoso Cloud Architect (Dec 12, 2026)');
    const text = renderReply(r.reply);
    expect(text).toMatch(/! {2}Active certifications +5 +5 +— +at risk from Dec 13, 2026/);
  });

  it('a partner whose requirements all hold through the review reads as plainly met', async () => {
    const r = await run(await contextFor(h.db, 'owner@wideworld.example'), 'tier_progress', {});
    expect(r.reply.requirements?.some((x) => x.atRisk)).toBe(false);
    expect(r.data.atRisk).toEqual([]);
    expect(r.reply.summary).not.toMatch(/at risk|lapses/);
  });
});

describe('forecast: why the amount needed is more than today\'s gap', () => {
  it('"will we make Gold by the review?" names what leaves the 12-month window, and the sums add up', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'will we make Gold by the review?');
    expect(a.plan).toMatchObject({ kind: 'intent', intent: 'forecast' });
    const now = await revenue(h.db, nw, T12M);
    // The window that ends on 31 Dec 2026 starts on 1 Jan 2026: 24 Nov – 31 Dec 2025 leaves it.
    const leaving = await revenue(h.db, nw, { from: '2025-11-24', to: '2026-01-01' });
    const gap = 500_000 - now;
    expect(gap).toBeCloseTo(80_000, 2);
    const s = a.result?.reply.summary ?? '';
    expect(s).toContain(
      `revenue is ${money(gap)} short today, and the ${money(leaving)} booked Nov 24 – Dec 31, 2025 leaves the 12-month window by Dec 31, 2026, so making it takes ${money(gap + leaving)} from tomorrow on`,
    );
    expect(money(gap + leaving)).toBe('$121,979');
    // The certification that lapses is named as met today and at risk, not as a bare shortfall.
    expect(s).toContain('active certifications meets Gold today (5 of 5), but Contoso Cloud Architect expires on Dec 12, 2026, before Dec 31, 2026');
    expect(s).not.toMatch(/would fall/);
    const data = a.result?.data as { requirements: { metric: string; by: { leaving: { total: number; from: string; to: string } | null } }[] };
    const rev = data.requirements.find((x) => x.metric === 'revenue');
    expect(rev?.by.leaving?.from).toBe('2025-11-24');
    expect(rev?.by.leaving?.to).toBe('2025-12-31');
    expect(rev?.by.leaving?.total).toBeCloseTo(leaving, 2);
  });

  it('a date far enough out that the whole window turns over says so, without dates', async () => {
    const a = await ask(h.db, 'owner@fabrikam.example', 'can we make Platinum by end of next year?');
    const fab = await partnerId(h.db, 'Fabrikam Systems');
    const now = await revenue(h.db, fab, T12M);
    expect(a.result?.reply.summary).toContain(`and all of today's ${money(now)} leave the 12-month window by Dec 31, 2027, so making it takes $2,000,000 from tomorrow on`);
  });

  it('a dip that recovers before the date asked about is no risk on that date, and the quarter-end dip is said as met today', async () => {
    const a = await ask(h.db, 'owner@northwind.example', 'can I make Gold by end of Q1?');
    const s = a.result?.reply.summary ?? '';
    expect(a.result?.reply.requirements?.some((x) => x.atRisk)).toBe(false);
    expect(s).toContain('by Dec 31, 2026 active certifications, met today, would fall to 4, below the Gold minimum');
  });
});
