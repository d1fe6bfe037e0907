import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { IntentResult } from '../../intents/types.ts';
import { INTENTS } from '../../intents/index.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { LAST_QUARTER, partnerId, pipeline, revenue, T12M, THIS_QUARTER } from './sql.ts';

// Every access rule, attacked through the planner and the intents as a person (or a model
// filling arguments) would: the answer for a partner outside the scope must be word for word the
// answer for a partner that does not exist, and no figure of another partner may appear anywhere.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const cantFind = (name: string) => `I can't find a partner called “${name}” among the partners you can see.`;
const PARTNER_INTENTS = ['tier_progress', 'metric_query', 'list_deals', 'certifications', 'partner_overview', 'forecast', 'what_if', 'compare_peers', 'explain_change'];
/** Arguments an intent cannot do without, as a model would fill them. */
const REQUIRED_ARGS: Record<string, Record<string, unknown>> = { metric_query: { metric: 'revenue' }, what_if: { scenario: 'open_deals_close' } };

/** The result with the asked-for name blanked, to compare two answers' shape and words. */
const shape = (r: IntentResult | undefined, name: string) => JSON.parse(JSON.stringify(r ?? null).split(name).join('<NAME>')) as unknown;

/** Every number written anywhere in a result, as written and with grouping commas removed. */
function numbersIn(r: unknown): number[] {
  const text = JSON.stringify(r);
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, ''))).filter((n) => Number.isFinite(n));
}

/** Distinctive money figures of every partner except `own`: exact and rounded as replies show them. */
async function othersFigures(own: readonly number[]): Promise<Set<number>> {
  const ids = (await sql<{ id: number }>`select id from partners`.execute(h.db)).rows.map((r) => r.id).filter((id) => !own.includes(id));
  const out = new Set<number>();
  for (const id of ids) {
    for (const v of [
      await revenue(h.db, id, T12M),
      await revenue(h.db, id, LAST_QUARTER),
      await revenue(h.db, id, THIS_QUARTER),
      await pipeline(h.db, id),
    ]) {
      // Small numbers (counts, days, percentages) collide by chance; money figures do not.
      if (v >= 1000) {
        out.add(v);
        out.add(Math.round(v));
        out.add(Math.round(v * 100) / 100);
      }
    }
  }
  return out;
}

describe('a partner naming another partner', () => {
  it('"how is Fabrikam Systems doing?" as Northwind reads exactly like an unknown partner', async () => {
    const real = await ask(h.db, 'owner@northwind.example', 'how is Fabrikam Systems doing?');
    const fake = await ask(h.db, 'owner@northwind.example', 'how is Globex Widgets doing?');
    expect(real.plan).toMatchObject({ kind: 'intent', args: { partner: 'Fabrikam Systems' } });
    expect(real.result?.reply.summary).toBe(cantFind('Fabrikam Systems'));
    expect(fake.result?.reply.summary).toBe(cantFind('Globex Widgets'));
    expect(shape(real.result, 'Fabrikam Systems')).toEqual(shape(fake.result, 'Globex Widgets'));
    expect(real.result?.reply.sensitive).toBe(false);
  });

  it('every partner intent, with the name filled in directly (as a model could), says the same', async () => {
    const ctx = await contextFor(h.db, 'seller@northwind.example');
    for (const intent of PARTNER_INTENTS) {
      const args = REQUIRED_ARGS[intent] ?? {};
      const real = await run(ctx, intent, { ...args, partner: 'Fabrikam Systems' });
      const fake = await run(ctx, intent, { ...args, partner: 'Nonexistent Partner Co' });
      expect(real.reply.summary, intent).toBe(cantFind('Fabrikam Systems'));
      expect(shape(real, 'Fabrikam Systems'), intent).toEqual(shape(fake, 'Nonexistent Partner Co'));
      // Part of a name is no way in either.
      expect((await run(ctx, intent, { ...args, partner: 'fabrikam' })).reply.summary, intent).toBe(cantFind('fabrikam'));
    }
  });

  it('rankings and peer questions give a partner its own place only, with nothing of anyone else', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const others = await othersFigures([nw]);
    const names = (await sql<{ name: string }>`select name from partners where id <> ${nw}`.execute(h.db)).rows.map((r) => r.name);
    for (const q of ['rank all partners by revenue', 'show me the partner leaderboard', 'what is the revenue of every partner?', 'compare us with the other partners']) {
      const a = await ask(h.db, 'owner@northwind.example', q);
      // Either refused (by the planner, or by an intent asked for a group), or answered by an intent built to answer it anonymously.
      const refused = (a.result?.data.error as { code?: string } | undefined)?.code === 'forbidden';
      expect(a.plan.kind === 'help' || refused || (a.plan.kind === 'intent' && ['leaderboard', 'compare_peers'].includes(a.plan.intent)), q).toBe(true);
      expect(numbersIn(a).filter((n) => others.has(n)), q).toEqual([]);
      const text = JSON.stringify(a);
      expect(names.filter((n) => text.includes(n)), q).toEqual([]);
    }
  });
});

describe('scope of managers and distributors', () => {
  it("a manager asking about Wide World Importers (not theirs) can't find it", async () => {
    const a = await ask(h.db, 'manager@contoso.example', 'How is Wide World Importers doing?');
    const b = await ask(h.db, 'manager@contoso.example', 'How is Woodgrove Nonexistent doing?');
    expect(a.result?.reply.summary).toBe(cantFind('Wide World Importers'));
    expect(shape(a.result, 'Wide World Importers')).toEqual(shape(b.result, 'Woodgrove Nonexistent'));
    const m = await ask(h.db, 'manager@contoso.example', 'revenue of Wide World Importers last quarter');
    expect(m.result?.reply.summary).toBe(cantFind('Wide World Importers'));
  });

  it("a sub-partner's owner asking about its parent distributor can't find it", async () => {
    const ww = await partnerId(h.db, 'Wide World Importers');
    const sub = (await sql<{ id: number; name: string }>`select id, name from partners where parent_id = ${ww} order by id limit 1`.execute(h.db)).rows[0];
    expect(sub).toBeDefined();
    let email = (await sql<{ email: string }>`select email from users where partner_id = ${sub?.id} and role = 'partner_admin' limit 1`.execute(h.db)).rows[0]?.email;
    if (!email) {
      email = 'owner@sub-partner.example';
      await sql`insert into users (email, name, role, partner_id) values (${email}, 'Sub Owner', 'partner_admin', ${sub?.id})`.execute(h.db);
    }
    const a = await ask(h.db, email, 'How is Wide World Importers doing?');
    expect(a.result?.reply.summary).toBe(cantFind('Wide World Importers'));
    const t = await ask(h.db, email, 'how close is Wide World Importers to Platinum');
    expect(t.result?.reply.summary).toBe(cantFind('Wide World Importers'));
    // Its own figures it does get.
    const own = await ask(h.db, email, 'how are we doing?');
    expect(own.result?.data.partner).toBe(sub?.name);
  });

  it('the distributor admin sees its sub-partners; a partner user of the distributor does not', async () => {
    const ww = await partnerId(h.db, 'Wide World Importers');
    const sub = (await sql<{ name: string }>`select name from partners where parent_id = ${ww} order by id limit 1`.execute(h.db)).rows[0]?.name ?? '';
    const admin = await ask(h.db, 'owner@wideworld.example', `How is ${sub} doing?`);
    expect(admin.result?.data.partner).toBe(sub);

    await sql`insert into users (email, name, role, partner_id) values ('seller@wideworld.example', 'WW Seller', 'partner_user', ${ww})
      on conflict do nothing`.execute(h.db);
    const seller = await ask(h.db, 'seller@wideworld.example', `How is ${sub} doing?`);
    expect(seller.result?.reply.summary).toBe(cantFind(sub));
    const who = await ask(h.db, 'seller@wideworld.example', 'who am I?');
    expect(who.result?.data.visiblePartners).toBe(1);
  });

  it('seller@northwind (partner user) sees one partner and no roll-up of others', async () => {
    const who = await ask(h.db, 'seller@northwind.example', 'which partners can I see?');
    expect(who.result?.data).toMatchObject({ role: 'partner_user', visiblePartners: 1 });
    const ww = await ask(h.db, 'seller@northwind.example', 'How is Wide World Importers doing?');
    expect(ww.result?.reply.summary).toBe(cantFind('Wide World Importers'));
  });
});

describe('leak scan', () => {
  // 34 answers and every partner's figures from SQL: well past the default timeout on a busy machine.
  it("no number in several Northwind answers equals a money figure of any other partner", async () => {
    const others = await othersFigures([await partnerId(h.db, 'Northwind Traders')]);
    expect(others.size).toBeGreaterThan(10);
    const questions = [
      'how close am I to Gold tier?',
      'what was our revenue last quarter compared with the quarter before?',
      'revenue over the last 12 months',
      'what is our pipeline?',
      'give me an overview of our account',
      'show our deals',
      'which certifications expire in the next 90 days?',
      'how is Fabrikam Systems doing?',
      'revenue of Fabrikam Systems last quarter',
      'who am I?',
      'help',
      'how do I compare to other Silver partners?',
      'where do we rank on revenue',
      'show me the partner leaderboard',
      'if my open deals close, will I make Gold?',
      'can I make Gold by end of Q1?',
      'why did my revenue drop last month?',
    ];
    for (const email of ['owner@northwind.example', 'seller@northwind.example']) {
      for (const q of questions) {
        const a = await ask(h.db, email, q);
        const leaked = numbersIn(a).filter((n) => others.has(n));
        expect(leaked, `${email}: ${q}`).toEqual([]);
      }
    }
  }, 120_000);

  it('the scan would catch a leak: Fabrikam asking for itself shows its own figures', async () => {
    const others = await othersFigures([await partnerId(h.db, 'Northwind Traders')]);
    const a = await ask(h.db, 'owner@fabrikam.example', 'what was our revenue last quarter?');
    expect(numbersIn(a).some((n) => others.has(n))).toBe(true);
  });

  it('every intent is registered for the scan above', () => {
    expect(INTENTS.map((i) => i.name)).toEqual(expect.arrayContaining(PARTNER_INTENTS));
  });
});
