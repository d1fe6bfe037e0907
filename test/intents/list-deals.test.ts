import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { partnerId, TODAY } from './sql.ts';

interface Deal {
  customer: string;
  product: string;
  amount: number;
  status: string;
  submittedOn: string;
  closedOn: string | null;
  expiresOn: string | null;
}

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('list_deals', () => {
  it('approved deals: count and total as SQL, newest first, at most 20 rows', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const want = (
      await sql<{ n: number; total: number | null }>`select count(*)::int as n, sum(amount_cents) / 100.0 as total
        from deal_registrations where partner_id = ${nw} and status = 'approved'`.execute(h.db)
    ).rows[0];
    const asked = await ask(h.db, 'owner@northwind.example', 'show our approved deals');
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'list_deals', args: { status: 'approved' } });
    const d = asked.result?.data as { count: number; totalAmount: number; deals: Deal[] };
    expect(d.count).toBe(want?.n);
    expect(d.totalAmount).toBeCloseTo(want?.total ?? 0, 2);
    expect(d.deals.length).toBe(Math.min(20, want?.n ?? 0));
    expect(d.deals.every((x) => x.status === 'approved')).toBe(true);
    const dates = d.deals.map((x) => x.submittedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const facts = asked.result?.reply.facts ?? [];
    expect(facts.find((f) => f.label === 'Deals')?.value).toBe(want?.n);
    expect(asked.result?.reply.table?.rows.length).toBe(d.deals.length);
    // The story of the demo: approved open deals are worth more than the revenue gap to Gold.
    expect(d.count).toBeGreaterThan(0);
  });

  it('amount bounds: "over 20k", "under $10,000", "between 10k and 50k" count and total as SQL', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const cases: [string, Record<string, unknown>, number, number][] = [
      ['open deals over 20k', { status: 'open', minAmount: 20_000 }, 20_000, 1e12],
      ['our deals under $10,000', { maxAmount: 10_000 }, 0, 10_000],
      ['deals between 10k and 50k', { minAmount: 10_000, maxAmount: 50_000 }, 10_000, 50_000],
    ];
    for (const [text, args, min, max] of cases) {
      const open = args.status === 'open';
      const want = (
        await sql<{ n: number; total: number | null }>`select count(*)::int as n, coalesce(sum(amount_cents), 0) / 100.0 as total
          from deal_registrations where partner_id = ${nw} and amount_cents >= ${min * 100} and amount_cents <= ${max * 100}
          and (${!open} or status in ('submitted', 'approved'))`.execute(h.db)
      ).rows[0];
      const asked = await ask(h.db, 'owner@northwind.example', text);
      expect(asked.plan, text).toMatchObject({ kind: 'intent', intent: 'list_deals', args });
      const d = asked.result?.data as { count: number; totalAmount: number; deals: Deal[] };
      expect(d.count, text).toBe(want?.n);
      expect(d.totalAmount, text).toBeCloseTo(want?.total ?? 0, 2);
      expect(d.deals.every((x) => x.amount >= min && x.amount <= max), text).toBe(true);
      expect(asked.result?.reply.summary, text).toMatch(/sized \$/);
    }
    // A count of deals bounded by amount is a list (a figure cannot be), and keeps the status the figure named.
    const won = await ask(h.db, 'owner@northwind.example', 'how many deals over 5k did we win this year');
    expect(won.plan).toMatchObject({ kind: 'intent', intent: 'list_deals', args: { status: 'won', minAmount: 5_000, period: 'this year' } });
  });

  it('customer filter: a substring, case-insensitive', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const first = (await sql<{ customer: string }>`select customer from deal_registrations where partner_id = ${nw} order by id limit 1`.execute(h.db)).rows[0];
    const word = (first?.customer ?? '').split(/\s+/)[0] ?? '';
    const want = (
      await sql<{ n: number }>`select count(*)::int as n from deal_registrations where partner_id = ${nw} and customer ilike ${`%${word}%`}`.execute(h.db)
    ).rows[0]?.n;
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'list_deals', { customer: word.toLowerCase() });
    expect(r.data.count).toBe(want);
    for (const x of r.data.deals as Deal[]) expect(x.customer.toLowerCase()).toContain(word.toLowerCase());
  });

  it('registrations about to expire are open ones within the horizon', async () => {
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'list_deals', { expiringWithinDays: 60 });
    for (const x of r.data.deals as Deal[]) {
      expect(['submitted', 'approved']).toContain(x.status);
      expect(x.expiresOn && x.expiresOn >= TODAY && x.expiresOn <= plusDays(TODAY, 60)).toBe(true);
    }
    expect(r.reply.table?.columns).toContain('Expires');
  });

  it('nothing matching says so', async () => {
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'list_deals', { customer: 'zzz-no-such-customer' });
    expect(r.data.count).toBe(0);
    expect(r.reply.summary).toBe('Northwind Traders has no deals with customers matching “zzz-no-such-customer”.');
  });
});
