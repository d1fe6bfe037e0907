import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { IntentResult } from '../../intents/types.ts';
import type { App } from '../../src/app.ts';
import { answerIntent } from '../../src/core/portfolio-home.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from '../intents/ask.ts';

// The portfolio must never widen what an asker sees. A partner that is not a distributor, and any
// partner user, is refused with nothing about another partner anywhere in the reply or the data,
// whatever the arguments; a channel manager's views name only the partners assigned to them.

let h: DbHandle;
let app: App;
beforeAll(async () => {
  h = await testDb({ demo: true });
  app = await appFor(h);
});

const VIEWS = ['summary', 'at_risk', 'near_next_tier', 'tier_moves'] as const;
/** Arguments a person or a model might try, filters that would widen or narrow the group included. */
const ATTEMPTS: Record<string, unknown>[] = [
  ...VIEWS.map((view) => ({ view })),
  ...VIEWS.map((view) => ({ view, limit: 100, period: 'this year' })),
  { view: 'at_risk', tier: 'Gold', limit: 100 },
  { view: 'near_next_tier', targetTier: 'Platinum', region: 'NA', limit: 100 },
  { view: 'summary', region: 'EMEA' },
];

const REFUSAL = /^Portfolio views are for channel managers, vendor admins and distributors; I can show (.+?)’s? own figures: try ‘how close are we to the next tier\?’$/;

const names = async (): Promise<{ id: number; name: string }[]> => (await sql<{ id: number; name: string }>`select id, name from partners`.execute(h.db)).rows;

/** Money figures of every partner but `own` over the periods the portfolio reads, exact and rounded. */
async function othersMoney(own: number): Promise<Set<number>> {
  const r = await sql<{ v: string }>`
    select sum(amount_cents) / 100.0 as v from revenue where partner_id <> ${own} and booked_on >= '2026-10-01' group by partner_id
    union all select sum(amount_cents) / 100.0 from revenue where partner_id <> ${own} and booked_on >= '2025-11-24' group by partner_id
    union all select sum(amount_cents) / 100.0 from deal_registrations where partner_id <> ${own} and status in ('submitted', 'approved') group by partner_id`.execute(h.db);
  const out = new Set<number>();
  for (const x of r.rows) {
    const v = Number(x.v);
    if (v >= 1000) for (const n of [v, Math.round(v), Math.round(v * 100) / 100]) out.add(n);
  }
  return out;
}

function leaks(result: unknown, others: readonly string[], money: Set<number>): string[] {
  const text = JSON.stringify(result);
  const found = others.filter((n) => text.includes(n));
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    const n = Number(m[0].replace(/,/g, ''));
    if (money.has(n)) found.push(`figure ${m[0]}`);
  }
  return found;
}

describe('partners asking for a portfolio', () => {
  for (const email of ['owner@northwind.example', 'seller@northwind.example', 'owner@fabrikam.example']) {
    it(`${email}: every view and filter is refused, naming only its own partner`, async () => {
      const ctx = await contextFor(h.db, email);
      const own = ctx.principal.partnerId ?? -1;
      const ownName = (await ctx.data.partner(own)).name;
      const others = (await names()).filter((p) => p.id !== own && !ownName.includes(p.name)).map((p) => p.name);
      const money = await othersMoney(own);
      for (const args of ATTEMPTS) {
        const r: IntentResult = await run(ctx, 'portfolio', args);
        expect(r.reply.summary, JSON.stringify(args)).toMatch(REFUSAL);
        expect(REFUSAL.exec(r.reply.summary)?.[1]).toBe(ownName);
        expect(r.data).toEqual({ error: { code: 'forbidden', message: r.reply.summary } });
        expect(r.reply.sensitive).toBe(false);
        expect(r.reply.table).toBeUndefined();
        expect(r.reply.charts).toEqual([]);
        expect(leaks(r, others, money), JSON.stringify(args)).toEqual([]);
      }
    });
  }

  it('a partner user is stopped by the role check through the core, and the denial is audited', async () => {
    const r = await answerIntent(app, { ...consoleIdentity('seller@northwind.example'), text: 'portfolio summary' }, 'portfolio', { view: 'summary', limit: 100 });
    expect(r.outcome).toBe('denied');
    expect(r.reply.summary).toMatch(/for channel managers, vendor admins and partner admins/);
    expect(JSON.stringify(r)).not.toMatch(/Fabrikam|Tailspin|Wide World/);
    const audit = await sql<{ outcome: string; intent: string }>`select outcome, intent from audit_log order by id desc limit 1`.execute(h.db);
    expect(audit.rows[0]).toEqual({ outcome: 'denied', intent: 'portfolio' });
  });

  it("a non-distributor's admin through the core: refused and recorded as a denial", async () => {
    const r = await answerIntent(app, { ...consoleIdentity('owner@northwind.example'), text: 'portfolio at risk' }, 'portfolio', { view: 'at_risk', limit: 100 });
    expect(r.outcome).toBe('denied');
    expect(r.reply.summary).toMatch(REFUSAL);
    expect(r.reply.suggestions.map((s) => s.question)).toEqual(['How close are we to the next tier?']);
  });

  it("a distributor's partner user is refused too: the roll-up is its admin's", async () => {
    const users = await sql<{ email: string }>`
      select u.email from users u join partners p on p.id = u.partner_id where p.type = 'distributor' and u.role = 'partner_user' order by u.id limit 1`.execute(h.db);
    const email = users.rows[0]?.email;
    expect(email).toBeDefined();
    const ctx = await contextFor(h.db, email ?? '');
    const r = await run(ctx, 'portfolio', { view: 'summary' });
    expect(r.reply.summary).toMatch(REFUSAL);
  });
});

describe('a channel manager', () => {
  it('never sees a partner outside their list, in any view, filter or period', async () => {
    const ctx = await contextFor(h.db, 'manager@contoso.example');
    const mine = new Set((await sql<{ name: string }>`
      select p.name from partners p join users u on u.id = p.channel_manager_id where u.email = 'manager@contoso.example'`.execute(h.db)).rows.map((r) => r.name));
    expect(mine.size).toBe(30);
    const others = (await names()).map((p) => p.name).filter((n) => !mine.has(n) && ![...mine].some((m) => m.includes(n)));
    for (const args of [...ATTEMPTS, { view: 'tier_moves', period: 'since 2020' }]) {
      const r = await run(ctx, 'portfolio', args);
      const listed = (r.data.partners as { name: string }[] | undefined) ?? [];
      for (const p of listed) expect(mine.has(p.name), `${JSON.stringify(args)}: ${p.name}`).toBe(true);
      expect(leaks(r, others, new Set()), JSON.stringify(args)).toEqual([]);
    }
  });

  it('a region outside their partners gives no one else: the answer says where their partners are', async () => {
    const ctx = await contextFor(h.db, 'manager@contoso.example');
    const r = await run(ctx, 'portfolio', { view: 'summary', region: 'APAC' });
    const regions = (await sql<{ region: string }>`
      select distinct p.region from partners p join users u on u.id = p.channel_manager_id where u.email = 'manager@contoso.example'`.execute(h.db)).rows.map((x) => x.region);
    if (regions.includes('APAC')) expect(r.data.partnerCount).toBeGreaterThan(0);
    else {
      expect(r.reply.summary).toMatch(/no partners in APAC/);
      expect(r.data.partnerCount).toBe(0);
    }
  });

  it("the distributor's admin sees itself and its four sub-partners, nobody else", async () => {
    const ctx = await contextFor(h.db, 'owner@wideworld.example');
    const group = new Set(['Wide World Importers', 'Adventure Works Cycles', 'Litware Inc', 'Proseware Inc', 'Lucerne Publishing']);
    const others = (await names()).map((p) => p.name).filter((n) => !group.has(n) && ![...group].some((g) => g.includes(n)));
    for (const args of ATTEMPTS) {
      const r = await run(ctx, 'portfolio', args);
      for (const p of (r.data.partners as { name: string }[] | undefined) ?? []) expect(group.has(p.name)).toBe(true);
      expect(leaks(r, others, new Set()), JSON.stringify(args)).toEqual([]);
    }
    const summary = await run(ctx, 'portfolio', { view: 'summary' });
    expect(summary.data.partnerCount).toBe(5);
    expect(summary.reply.summary.startsWith('Wide World Importers and its 4 sub-partners')).toBe(true);
  });
});
