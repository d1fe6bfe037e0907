import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/connect.ts';
import { remembered } from '../../src/metrics/remember.ts';
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

describe('what is kept, by data version and day', () => {
  it('serves an entry only under its own version; a newer version or day lets go of the older ones; a late turn of an older one keeps nothing', async () => {
    // A database of its own: only the key of what is kept.
    const db = {} as unknown as Db;
    let reads = 0;
    const read = (v: string) => async () => `${v}#${++reads}`;
    const at = (version: string, today = '2026-11-23') => ({ version, today });
    expect(await remembered(db, at('10'), 's', 'k', read('10'))).toBe('10#1');
    expect(await remembered(db, at('10'), 's', 'k', read('10'))).toBe('10#1');
    // Another scope never shares it.
    expect(await remembered(db, at('10'), 't', 'k', read('10'))).toBe('10#2');
    // Version 9 ("9" < "10" as text, not as a number) is older: computed, never kept, never served v10's.
    expect(await remembered(db, at('9'), 's', 'k', read('9'))).toBe('9#3');
    expect(await remembered(db, at('9'), 's', 'k', read('9'))).toBe('9#4');
    expect(await remembered(db, at('10'), 's', 'k', read('10'))).toBe('10#1');
    // A write: version 11 reads again, and version 10's entry is gone for good.
    expect(await remembered(db, at('11'), 's', 'k', read('11'))).toBe('11#5');
    expect(await remembered(db, at('10'), 's', 'k', read('10'))).toBe('10#6');
    // Midnight: a new day reads again whatever the version.
    expect(await remembered(db, at('11', '2026-11-24'), 's', 'k', read('11'))).toBe('11#7');
    expect(await remembered(db, at('11', '2026-11-24'), 's', 'k', read('11'))).toBe('11#7');
  });
});
