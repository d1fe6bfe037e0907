import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { intentByName } from '../../intents/index.ts';
import type { IntentResult } from '../../intents/types.ts';
import { runIntent } from '../../src/core/run-intent.ts';
import type { Trace } from '../../src/core/trace.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from './ask.ts';
import { distributorTree } from './group-sql.ts';
import { LAST_QUARTER, partnerId, pipeline, revenue, T12M, THIS_QUARTER } from './sql.ts';

// Every group rule, attacked: a partner asking for a group gets a refusal and nothing of anyone
// else; compare_partners with one name out of scope reads exactly like a name that does not
// exist, with no figure of any partner; a distributor's group holds its own tree and nothing more.

let h: DbHandle;
let partnerNames: string[] = [];
beforeAll(async () => {
  h = await testDb({ demo: true });
  partnerNames = (await sql<{ name: string }>`select name from partners`.execute(h.db)).rows.map((r) => r.name);
  const ww = await partnerId(h.db, 'Wide World Importers');
  await sql`insert into users (email, name, role, partner_id) values ('seller@wideworld.example', 'WW Seller', 'partner_user', ${ww}) on conflict do nothing`.execute(h.db);
  const litware = await partnerId(h.db, 'Litware Inc');
  await sql`insert into users (email, name, role, partner_id) values ('owner@litware.example', 'Lit Owner', 'partner_admin', ${litware}) on conflict do nothing`.execute(h.db);
});

const cantFind = (name: string) => `I can't find a partner called “${name}” among the partners you can see.`;
const shape = (r: IntentResult, name: string) => JSON.parse(JSON.stringify(r).split(name).join('<NAME>')) as unknown;

/** Money figures of every partner but `own`, as replies show them. */
async function othersMoney(own: readonly string[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const name of partnerNames.filter((n) => !own.includes(n))) {
    const id = await partnerId(h.db, name);
    for (const v of [await revenue(h.db, id, T12M), await revenue(h.db, id, LAST_QUARTER), await revenue(h.db, id, THIS_QUARTER), await pipeline(h.db, id)]) {
      if (v >= 1000) [v, Math.round(v)].forEach((x) => out.add(x));
    }
  }
  return out;
}

const numbersIn = (v: unknown): number[] =>
  [...JSON.stringify(v).matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, ''))).filter(Number.isFinite);

/** Names of partners other than `own` that appear anywhere in a result. */
const otherNamesIn = (r: unknown, own: readonly string[]): string[] => {
  const text = JSON.stringify(r);
  return partnerNames.filter((n) => !own.includes(n) && text.includes(n));
};

const GROUP_ASKS: [string, Record<string, unknown>][] = [
  ['metric_query', { metric: 'revenue', group: 'portfolio' }],
  ['metric_query', { metric: 'revenue', group: 'sub_partners', period: 'last quarter' }],
  ['metric_query', { metric: 'win_rate', group: 'portfolio', tier: 'Gold', region: 'NA' }],
  ['certifications', { group: 'portfolio', expiringWithinDays: 90 }],
  ['leaderboard', { group: 'sub_partners' }],
  ['leaderboard', { group: 'sub_partners', order: 'bottom', limit: 5 }],
];

describe('partners asking for a group', () => {
  const cases: [string, string][] = [
    ['seller@northwind.example', 'Northwind Traders'], // partner user
    ['owner@northwind.example', 'Northwind Traders'], // partner admin, not a distributor
    ['seller@wideworld.example', 'Wide World Importers'], // a distributor's partner user
    ['owner@litware.example', 'Litware Inc'], // the admin of a sub-partner (a reseller)
  ];
  it('every group question is refused, says what they can ask instead, and carries nothing of another partner', async () => {
    const money = await othersMoney(['Northwind Traders', 'Wide World Importers', 'Litware Inc']);
    for (const [email, own] of cases) {
      const ctx = await contextFor(h.db, email);
      for (const [intent, args] of GROUP_ASKS) {
        const r = await run(ctx, intent, args);
        const label = `${email} ${intent} ${JSON.stringify(args)}`;
        expect(r.data.error, label).toMatchObject({ code: 'forbidden' });
        expect(r.reply.summary, label).toContain(`${own}’`);
        expect(r.reply.summary, label).toMatch(/You can ask for/);
        expect(r.reply.suggestions.length, label).toBeGreaterThan(0);
        expect(otherNamesIn(r, [own]), label).toEqual([]);
        expect(numbersIn(r).filter((n) => money.has(n)), label).toEqual([]);
        expect(r.data, label).not.toHaveProperty('value');
        expect(r.data, label).not.toHaveProperty('ranking');
      }
    }
  });

  it("a distributor's partner user is pointed to its partner admin", async () => {
    const r = await run(await contextFor(h.db, 'seller@wideworld.example'), 'metric_query', { metric: 'revenue', group: 'sub_partners' });
    expect(r.reply.summary).toMatch(/^Figures across your sub-partners are for your partner admin\./);
  });

  it('without a group a partner keeps its own answers: its own figure, its anonymous place', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const own = await run(ctx, 'metric_query', { metric: 'revenue', period: 'last quarter' });
    expect(own.data.partner).toBe('Northwind Traders');
    const place = await run(ctx, 'leaderboard', {});
    expect(place.data).toHaveProperty('rank');
    expect(place.data).not.toHaveProperty('ranking');
    const regional = await run(ctx, 'leaderboard', { region: 'north america', order: 'bottom', limit: 3 });
    expect(regional.data).toMatchObject({ partner: 'Northwind Traders', tier: 'Silver', region: 'NA' });
    expect(regional.data).not.toHaveProperty('ranking');
    expect(otherNamesIn(regional, ['Northwind Traders'])).toEqual([]);
    const ww = await run(await contextFor(h.db, 'owner@wideworld.example'), 'leaderboard', { order: 'bottom', limit: 3 });
    expect(ww.data).toHaveProperty('rank');
    expect(otherNamesIn(ww, ['Wide World Importers'])).toEqual([]);
  });
});

describe("a distributor's group is its own tree and nothing more", () => {
  it('every name and figure in its group answers belongs to itself or its sub-partners', async () => {
    const tree = (await distributorTree(h.db, 'Wide World Importers')).map((p) => p.name);
    const money = await othersMoney(tree);
    const ctx = await contextFor(h.db, 'owner@wideworld.example');
    for (const [intent, args] of [
      ['leaderboard', { group: 'sub_partners', limit: 100 }],
      ['leaderboard', { group: 'sub_partners', metric: 'win_rate', order: 'bottom' }],
      ['metric_query', { metric: 'revenue', group: 'sub_partners', compare: true }],
      ['metric_query', { metric: 'pipeline_value', group: 'portfolio' }],
      ['certifications', { group: 'portfolio' }],
    ] as const) {
      const r = await run(ctx, intent, args);
      const label = `${intent} ${JSON.stringify(args)}`;
      expect(r.data.error, label).toBeUndefined();
      expect(r.data.partnerCount, label).toBe(5);
      expect(otherNamesIn(r, tree), label).toEqual([]);
      expect(numbersIn(r).filter((n) => money.has(n)), label).toEqual([]);
    }
  });

  it("a manager's group is their own book: nothing of another manager's partners", async () => {
    const mine = (await sql<{ name: string }>`select p.name from partners p join users u on u.id = p.channel_manager_id where u.email = 'manager@contoso.example'`.execute(h.db)).rows.map((r) => r.name);
    const ctx = await contextFor(h.db, 'manager@contoso.example');
    for (const [intent, args] of [
      ['leaderboard', { limit: 100 }],
      ['leaderboard', { order: 'bottom', limit: 100, region: 'EMEA' }],
      ['metric_query', { metric: 'revenue', compare: true }],
      ['certifications', {}],
    ] as const) {
      const r = await run(ctx, intent, args);
      expect(otherNamesIn(r, mine), `${intent} ${JSON.stringify(args)}`).toEqual([]);
    }
  });
});

describe('compare_partners outside the scope', () => {
  const attempts: [string, string[], string][] = [
    // asker, names, the one that is not theirs
    ['manager@contoso.example', ['Fabrikam Systems', 'Wide World Importers'], 'Wide World Importers'],
    ['manager@contoso.example', ['Wide World Importers', 'Fabrikam Systems', 'Tailspin Toys'], 'Wide World Importers'],
    ['owner@wideworld.example', ['Litware Inc', 'Fabrikam Systems'], 'Fabrikam Systems'],
    ['owner@northwind.example', ['Northwind Traders', 'Fabrikam Systems'], 'Fabrikam Systems'],
    ['owner@litware.example', ['Litware Inc', 'Wide World Importers'], 'Wide World Importers'],
  ];
  it("any name out of scope: the one can't-find answer, word for word as for a name that does not exist, and no figure", async () => {
    for (const [email, names, hidden] of attempts) {
      const ctx = await contextFor(h.db, email);
      for (const metric of ['revenue', undefined]) {
        const args = { partners: names, ...(metric ? { metric } : {}) };
        const real = await run(ctx, 'compare_partners', args);
        const fake = await run(ctx, 'compare_partners', { ...args, partners: names.map((n) => (n === hidden ? 'Globex Nonexistent' : n)) });
        const label = `${email} ${names.join(' / ')} ${metric ?? 'tiers'}`;
        expect(real.reply.summary, label).toBe(cantFind(hidden));
        expect(shape(real, hidden), label).toEqual(shape(fake, 'Globex Nonexistent'));
        expect(real.data, label).toEqual({ error: { code: 'not_found', message: cantFind(hidden) } });
        expect(real.reply.facts, label).toEqual([]);
        expect(real.reply.charts, label).toEqual([]);
        expect(real.reply.table, label).toBeUndefined();
        expect(real.reply.sensitive, label).toBe(false);
      }
    }
  });

  it('a distributor compares its own sub-partners; a partner user may not use the intent at all', async () => {
    const d = await run(await contextFor(h.db, 'owner@wideworld.example'), 'compare_partners', { partners: ['Litware Inc', 'Proseware Inc'], metric: 'revenue', period: 'last quarter' });
    expect((d.data.partners as { name: string }[]).map((p) => p.name)).toEqual(['Litware Inc', 'Proseware Inc']);
    const def = intentByName('compare_partners');
    if (!def) throw new Error('compare_partners is not registered');
    expect(def.roles).not.toContain('partner_user');
    const ctx = await contextFor(h.db, 'seller@northwind.example');
    const trace: Trace = { userId: ctx.principal.userId, actor: 'test', user: null, planner: null, intent: null, args: {} };
    const step = await runIntent(def, { partners: ['Northwind Traders', 'Fabrikam Systems'], metric: 'revenue' }, ctx, trace);
    expect(step.outcome).toBe('denied');
    expect(JSON.stringify(step.reply)).not.toContain('Fabrikam');
  });
});
