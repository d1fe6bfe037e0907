import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { INTENTS } from '../../intents/index.ts';
import { listDeals } from '../../intents/list-deals.ts';
import type { IntentDef } from '../../intents/types.ts';
import { runIntent } from '../../src/core/run-intent.ts';
import type { Trace } from '../../src/core/trace.ts';
import { createRulesPlanner } from '../../src/planner/rules.ts';
import { textReply } from '../../src/reply/types.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, plan, run } from '../intents/ask.ts';

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

describe('rules planner: odd input', () => {
  it('20,000 characters: plans on the start of it, quickly', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const long = `What was our revenue last quarter? ${'lorem ipsum dolor sit amet '.repeat(800)}`;
    expect(long.length).toBeGreaterThan(20_000);
    // Warm: the planner learns its weights on first use; what is timed is the long text itself.
    await plan(ctx, 'hello');
    const t0 = performance.now();
    const p = await plan(ctx, long);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(p).toMatchObject({ kind: 'intent', intent: 'metric_query', args: { metric: 'revenue', period: 'last quarter' } });
    const junk = await plan(ctx, 'x'.repeat(20_000));
    expect(junk.kind).toBe('help');
  });

  it('emoji, other scripts, gibberish and punctuation get help', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    for (const t of ['🙂🚀🔥', '収益はいくらですか', 'Какая выручка?', 'qwzx vbnm plkj', '?!?!', '   ', '0000']) {
      expect((await plan(ctx, t)).kind, t).toBe('help');
    }
  });

  it('SQL and markup do nothing but what the words ask', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const tagged = await plan(ctx, '<script>alert(1)</script> <b>show our approved deals</b>');
    expect(tagged).toMatchObject({ kind: 'intent', intent: 'list_deals', args: { status: 'approved' } });
    for (const t of ["'; DROP TABLE partners; --", "revenue' OR 1=1 --", 'deals with Robert"); DELETE FROM deal_registrations; --']) {
      const p = await plan(ctx, t);
      if (p.kind === 'intent') {
        const r = await run(ctx, p.intent, p.args);
        expect(r.reply.summary.length, t).toBeGreaterThan(0);
      }
    }
    const count = await h.db.selectFrom('deal_registrations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    expect(Number(count?.n)).toBeGreaterThan(0);
    const partners = await h.db.selectFrom('partners').select('id').execute();
    expect(partners.length).toBeGreaterThan(0);
  });

  it('smart quotes and full-width letters read as plain ones', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    expect(await plan(ctx, 'ｗｈａｔ’s our revenue last quarter?')).toMatchObject({ kind: 'intent', intent: 'metric_query' });
  });
});

describe('rules planner: roles and ties', () => {
  // Real intent definitions under other names: the planner's behaviour with an intent list is
  // what is tested, not a stand-in for one of our modules.
  const adminOnly: IntentDef = { ...listDeals, name: 'purge_cache', roles: ['vendor_admin'], examples: ['purge the cache', 'purge cache now', 'please purge the cache'] };

  it('an intent the role may not use is planned as asked and refused by the core, before its handler', async () => {
    const planner = createRulesPlanner([...INTENTS, adminOnly]);
    const partner = await contextFor(h.db, 'owner@northwind.example');
    const admin = await contextFor(h.db, 'admin@contoso.example');
    const input = (ctx: typeof partner) => ({ text: 'please purge the cache', principal: ctx.principal, program: ctx.program, data: ctx.data, today: ctx.today });
    for (const ctx of [partner, admin]) expect(await planner.plan(input(ctx))).toMatchObject({ kind: 'intent', intent: 'purge_cache' });
    let ran = false;
    const guarded: IntentDef = { ...adminOnly, handler: async () => ((ran = true), { reply: textReply('purged', ''), data: {} }) };
    const trace = (): Trace => ({ userId: null, actor: '', user: null, planner: null, intent: null, args: {} });
    const refused = await runIntent(guarded, {}, partner, trace());
    expect(refused).toMatchObject({ outcome: 'denied', reply: { summary: expect.stringMatching(/for vendor admins; you're signed in as a partner admin/) } });
    expect(ran).toBe(false);
    expect((await runIntent(guarded, {}, admin, trace())).outcome).toBe('ok');
    expect(ran).toBe(true);
  });

  it('two intents that fit equally well: one question with both as options', async () => {
    // Neither twin is list_deals, so neither learns from its lines in intents/train.jsonl: they
    // know exactly the same words.
    const planner = createRulesPlanner([{ ...listDeals, name: 'deals_a' }, { ...listDeals, name: 'deals_b' }]);
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const p = await planner.plan({ text: 'show our deals', principal: ctx.principal, program: ctx.program, data: ctx.data, today: ctx.today });
    expect(p.kind).toBe('clarify');
    if (p.kind === 'clarify') expect(p.clarify.options).toHaveLength(2);
  });

  it('"… and how many did we win": a count with no noun of its own keeps the question before\'s period', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const p = await plan(ctx, 'how many deals did we register last month and how many did we win');
    expect(p).toMatchObject({
      kind: 'parts',
      parts: [
        { kind: 'intent', intent: 'metric_query', args: { metric: 'deal_registrations', period: 'last month' } },
        { kind: 'intent', intent: 'metric_query', args: { metric: 'won_deals', period: 'last month' } },
      ],
    });
    // A count that names its own thing asks about that, over its own time.
    const own = await plan(ctx, 'how many deals did we register last month and how many certs do we have');
    expect(own.kind === 'parts' && own.parts[1]?.kind === 'intent' ? own.parts[1].args.period : 'not two parts').toBeUndefined();
  });

  it('a figure asked for without naming one: which figure?', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const p = await plan(ctx, 'how much did the number go up this quarter');
    expect(p.kind).toBe('clarify');
    if (p.kind === 'clarify') {
      // "Which figure?" or "a single figure, or why it changed?": either way every choice is a
      // question that plans as it stands.
      for (const o of p.clarify.options) expect((await plan(ctx, o.text)).kind, o.text).toBe('intent');
    }
  });

  it('a partner name is matched only in scope, and passed through as written otherwise', async () => {
    const manager = await contextFor(h.db, 'manager@contoso.example');
    expect(await plan(manager, 'how is fabrikam doing')).toMatchObject({ args: { partner: 'Fabrikam Systems' } });
    expect(await plan(manager, 'northwind traders revenue this year')).toMatchObject({ args: { partner: 'Northwind Traders', metric: 'revenue' } });
    const partner = await contextFor(h.db, 'owner@northwind.example');
    expect(await plan(partner, 'How is Fabrikam Systems doing')).toMatchObject({ args: { partner: 'Fabrikam Systems' } });
    expect(await plan(partner, 'show deals with Fabrikam')).toMatchObject({ intent: 'list_deals', args: { customer: 'Fabrikam' } });
  });
});
