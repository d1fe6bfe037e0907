import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from '../intents/ask.ts';

// Portfolio figures are kept per process until the data changes (data_version) or the day turns,
// per scope: a write shows at once, and an asker never gets another scope's answer back.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

type Total = { metric: string; current: number };
const revenueOf = (data: Record<string, unknown>) => (data.totals as Total[]).find((t) => t.metric === 'revenue')?.current ?? NaN;

describe('portfolio figures kept until the data changes', () => {
  it('a revenue line booked after a summary shows in the next one', async () => {
    const before = await run(await contextFor(h.db, 'manager@contoso.example'), 'portfolio', { view: 'summary' });
    const again = await run(await contextFor(h.db, 'manager@contoso.example'), 'portfolio', { view: 'summary' });
    expect(again.data).toEqual(before.data);
    const pid = (await sql<{ id: number }>`select id from partners where name = 'Northwind Traders'`.execute(h.db)).rows[0]?.id;
    await sql`insert into revenue (partner_id, product_line, customer, amount_cents, booked_on) values (${pid}, 'Cloud', 'Test Customer', 1234567, '2026-11-20')`.execute(h.db);
    const after = await run(await contextFor(h.db, 'manager@contoso.example'), 'portfolio', { view: 'summary' });
    expect(revenueOf(after.data)).toBeCloseTo(revenueOf(before.data) + 12_345.67, 2);
  });

  it('two scopes never share an answer, even for the same question', async () => {
    const mine = await run(await contextFor(h.db, 'manager@contoso.example'), 'portfolio', { view: 'at_risk', limit: 100 });
    const other = await run(await contextFor(h.db, 'manager2@contoso.example'), 'portfolio', { view: 'at_risk', limit: 100 });
    const names = (r: { data: Record<string, unknown> }) => new Set((r.data.partners as { name: string }[]).map((p) => p.name));
    const a = names(mine);
    for (const n of names(other)) expect(a.has(n)).toBe(false);
    expect(mine.data.label).toBe('your 30 partners');
    const theirs = (await sql<{ n: number }>`select count(*)::int as n from partners p join users u on u.id = p.channel_manager_id where u.email = 'manager2@contoso.example'`.execute(h.db)).rows[0]?.n;
    expect(other.data.partnerCount).toBe(theirs);
  });
});
