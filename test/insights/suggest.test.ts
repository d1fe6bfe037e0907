import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from '../intents/ask.ts';
import { partnerId } from '../intents/sql.ts';

// Ranked suggestions on the demo data: what each says, where it links (program.yml), and the
// order (effect on the tiers, then urgency). Each case changes the data it needs in its own database.

interface Out {
  kind: string;
  label: string;
  metric: string;
  reason: string;
  url: string;
  score: number;
  deadline?: string;
}

const suggestionsOf = async (db: DbHandle['db'], args: Record<string, unknown> = {}): Promise<Out[]> => {
  const r = await run(await contextFor(db, 'owner@northwind.example'), 'tier_progress', args);
  return r.data.suggestions as Out[];
};

describe('ranked suggestions for Northwind (Silver, aiming for Gold)', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await testDb({ demo: true });
  });

  it('the revenue gap first, then the certification whose lapse breaks Gold, registrations and MDF about to expire', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const s = await suggestionsOf(h.db);
    expect(s.map((x) => x.kind)).toEqual(['gap', 'certification', 'registration', 'mdf']);
    const scores = s.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Every one links to the action program.yml names for the metric it moves.
    const actions = ctx.program.actions;
    expect(s.map((x) => x.url)).toEqual([actions.revenue?.url, actions.expiring_certifications?.url, actions.won_deals?.url, actions.mdf_utilization?.url]);
    expect(s[0]?.reason).toBe('Revenue is $80,000 short of the $500,000 Gold asks for; the next review is Dec 31, 2026.');
    // The certification expires before the 31 Dec review and names the requirement a lapse breaks.
    expect(s[1]?.reason).toMatch(/Contoso Cloud Architect.*expires before the Dec 31, 2026 review.*Dec 12, 2026.*leaves 4 active certifications, below the 5 Gold requires\./);
    expect(s[1]?.deadline).toBe('2026-12-12');
    expect(s[2]?.reason).toMatch(/approved registration.*expires within 30 days.*Dec 2, 2026; closing it counts toward the revenue requirement/);
    expect(s[3]?.reason).toMatch(/\$[\d,]+ of marketing funds is unclaimed and lapses from Dec 20, 2026/);
    // The reply carries them with their links and reasons, in the same order.
    const reply = (await run(ctx, 'tier_progress', {})).reply.suggestions;
    expect(reply.map((x) => x.url)).toEqual(s.map((x) => x.url));
    for (const x of reply) expect(x.reason && x.metric && x.question).toBeTruthy();
  });
});

describe('suggestions that depend on the data', () => {
  it('a renewal rate below the median of the tier: suggested, without the median itself', async () => {
    const h = await testDb({ demo: true });
    const nw = await partnerId(h.db, 'Northwind Traders');
    // Five more churned renewals take Northwind from 9 of 10 to 9 of 15 (60%), below the Silver
    // median; measured against Silver (which asks no renewal rate), so no gap suggestion covers it.
    await sql`insert into renewals (partner_id, customer, amount_cents, due_on, status)
      select ${nw}, 'Churned Customer ' || g, 100000, date '2026-06-01' + g, 'churned' from generate_series(1, 5) g`.execute(h.db);
    const s = await suggestionsOf(h.db, { tier: 'Silver' });
    const renewal = s.find((x) => x.kind === 'renewal_rate');
    expect(renewal?.url).toBe('https://partners.contoso.example/renewals');
    expect(renewal?.reason).toMatch(/^A renewal rate of 60% over the last 12 months is below the median of Silver partners \(\d+(st|nd|rd|th) percentile\)\.$/);
    // The only percent in it is Northwind's own rate.
    expect(renewal?.reason.match(/\d+%/g)).toHaveLength(1);
  });

  it('a lapse that would cost the tier held outranks everything', async () => {
    const h = await testDb({ demo: true });
    const nw = await partnerId(h.db, 'Northwind Traders');
    // Keep two active certifications, one of them the one that expires on 12 Dec: Silver needs 2.
    await sql`delete from certifications where partner_id = ${nw} and id not in (
      (select id from certifications where partner_id = ${nw} and name = 'Contoso Cloud Architect' and expires_on >= '2026-11-23' order by expires_on limit 1)
      union all
      (select id from certifications where partner_id = ${nw} and name <> 'Contoso Cloud Architect' and expires_on > '2027-01-31' order by id limit 1))`.execute(h.db);
    const s = await suggestionsOf(h.db);
    expect(s[0]?.kind).toBe('certification');
    expect(s[0]?.reason).toMatch(/leaves 1 active certification, below the 2 Silver requires: the tier you hold\.$/);
  });
});
