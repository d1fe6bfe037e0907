import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, plan, run } from './ask.ts';
import { activeCerts, partnerId, pipeline, revenue, T12M, wonDeals } from './sql.ts';

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

describe('partner_overview', () => {
  it("a partner's own overview: key figures as SQL and the next tier in one line", async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'partner_overview', {});
    const m = r.data.metrics as Record<string, number>;
    expect(m.revenue).toBeCloseTo(await revenue(h.db, nw, T12M), 6);
    expect(m.won_deals).toBe(await wonDeals(h.db, nw, T12M));
    expect(m.pipeline_value).toBeCloseTo(await pipeline(h.db, nw), 6);
    expect(m.active_certifications).toBe(await activeCerts(h.db, nw));
    expect(m.expiring_certifications).toBeGreaterThanOrEqual(1);
    expect(r.data).toMatchObject({ partner: 'Northwind Traders', tier: 'Silver', nextTier: { targetTier: 'Gold' } });
    expect(r.reply.summary).toMatch(/For Gold it meets \d of 4 requirements \(revenue is \$[\d,]+ short\)\.$/);
    expect(r.reply.sensitive).toBe(true);
  });

  it('a manager: by name, or a question back with their partners', async () => {
    const asked = await ask(h.db, 'manager@contoso.example', 'How is Fabrikam Systems doing?');
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'partner_overview', args: { partner: 'Fabrikam Systems' } });
    expect(asked.result?.data).toMatchObject({ partner: 'Fabrikam Systems', tier: 'Gold' });
    // Who looks after the partner, as the partners table says ("who manages Fabrikam?").
    const cm = (await sql<{ name: string }>`select u.name from partners p join users u on u.id = p.channel_manager_id where p.name = 'Fabrikam Systems'`.execute(h.db)).rows[0]?.name;
    expect(cm).toBeTruthy();
    expect(asked.result?.data.channelManager).toBe(cm);
    expect(asked.result?.reply.facts.find((f) => f.label === 'Channel manager')?.display).toBe(cm);
    expect(await plan(await contextFor(h.db, 'admin@contoso.example'), 'who manages fabrikam')).toMatchObject({ kind: 'intent', intent: 'partner_overview', args: { partner: 'Fabrikam Systems' } });
    const which = await run(await contextFor(h.db, 'manager@contoso.example'), 'partner_overview', {});
    expect(which.reply.clarify?.question).toMatch(/^Which partner do you mean\? You can see \d+ partners/);
    expect(which.reply.clarify?.options.map((o) => o.label)).not.toContain('Wide World Importers');
  });
});

describe('whoami and help', () => {
  it('whoami counts the partners in scope', async () => {
    const mgr = (await sql<{ id: number }>`select id from users where email = 'manager@contoso.example'`.execute(h.db)).rows[0]?.id;
    const n = (await sql<{ n: number }>`select count(*)::int as n from partners where channel_manager_id = ${mgr}`.execute(h.db)).rows[0]?.n;
    const asked = await ask(h.db, 'manager@contoso.example', 'who am I?');
    expect(asked.result?.data).toEqual({ name: expect.any(String), email: 'manager@contoso.example', role: 'channel_manager', partner: null, visiblePartners: n });
    const all = (await sql<{ n: number }>`select count(*)::int as n from partners`.execute(h.db)).rows[0]?.n;
    const admin = await run(await contextFor(h.db, 'admin@contoso.example'), 'whoami', {});
    expect(admin.reply.summary).toContain(`You can see all ${all} partners.`);
    const seller = await run(await contextFor(h.db, 'seller@northwind.example'), 'whoami', {});
    // A partner user learns its own contact at the vendor: Northwind's channel manager, read from the data.
    const cm = (await sql<{ name: string }>`select u.name from partners p join users u on u.id = p.channel_manager_id where p.name = 'Northwind Traders'`.execute(h.db)).rows[0]?.name;
    expect(cm).toBeTruthy();
    expect(seller.reply.summary).toMatch(/partner user at Northwind Traders\. You can see Northwind Traders only\. Your channel manager is (.+)\.$/);
    expect(seller.data.channelManager).toBe(cm);
    expect(seller.reply.facts.find((f) => f.label === 'Channel manager')?.display).toBe(cm);
    // "Who is our channel manager?" is that question.
    expect(await plan(await contextFor(h.db, 'seller@northwind.example'), 'who is our channel manager?')).toMatchObject({ kind: 'intent', intent: 'whoami' });
  });

  it("help gives examples for the asker's role, and each example plans to an intent", async () => {
    for (const email of ['owner@northwind.example', 'manager@contoso.example', 'admin@contoso.example']) {
      const ctx = await contextFor(h.db, email);
      const r = await run(ctx, 'help', {});
      const examples = r.data.examples as string[];
      expect(examples.length).toBeGreaterThanOrEqual(4);
      for (const q of examples) {
        const p = await plan(ctx, q);
        expect(p.kind, `${email}: ${q}`).toBe('intent');
        expect(p.kind === 'intent' && p.intent !== 'help', `${email}: ${q}`).toBe(true);
      }
    }
    const partner = await run(await contextFor(h.db, 'owner@northwind.example'), 'help', {});
    const manager = await run(await contextFor(h.db, 'manager@contoso.example'), 'help', {});
    expect(partner.data.examples).not.toEqual(manager.data.examples);
    expect(manager.reply.summary).toContain('partners you look after');
  });
});
