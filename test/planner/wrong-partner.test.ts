import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, askIn, contextFor } from '../intents/ask.ts';

// Never the wrong partner (issue 13): a name resolves only to a partner the asker can see, by its
// whole name, a run of its words no other visible partner shares, or a close typo. A partner
// outside the asker's scope reads exactly like one that does not exist, and a word several
// partners share never picks one of them.

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const cantFind = (name: string): string => `I can't find a partner called “${name}” among the partners you can see.`;

const MANAGERS = ['manager@contoso.example', 'manager2@contoso.example', 'manager3@contoso.example', 'manager4@contoso.example', 'manager5@contoso.example'];

/** Every figure a reply shows: facts, table cells and chart values. */
function figuresOf(result: Awaited<ReturnType<typeof ask>>['result']): unknown[] {
  if (!result) return [];
  const r = result.reply;
  return [...r.facts, ...(r.table?.rows ?? []), ...r.charts.flatMap((c) => c.series.flatMap((s) => s.values))];
}

describe('a name outside the scope is never another partner', () => {
  it('each demo channel manager, asking by name about every partner they do not manage, gets the can\'t-find reply and no figure', async () => {
    let asked = 0;
    for (const email of MANAGERS) {
      const ctx = await contextFor(h.db, email);
      const mine = new Set((await ctx.data.visiblePartners()).map((p) => p.id));
      const others = await sql<{ id: number; name: string }>`select id, name from partners order by name`.execute(h.db);
      for (const p of others.rows.filter((r) => !mine.has(r.id))) {
        const a = await askIn(ctx, `how is ${p.name} doing?`);
        const where = `${email}: ${p.name}`;
        expect(a.plan, where).toMatchObject({ kind: 'intent', args: { partner: p.name } });
        expect(a.result?.reply.summary, where).toBe(cantFind(p.name));
        expect(a.result?.data, where).toEqual({ error: { code: 'not_found', message: cantFind(p.name) } });
        expect(figuresOf(a.result), where).toEqual([]);
        asked++;
      }
    }
    // 212 partners, each managed by one of the five managers: every one asked about four times.
    expect(asked).toBe(212 * 4);
  }, 300_000);

  it('the names that once answered with another partner now answer with none', async () => {
    // Blue Forge Solutions shares "Forge" with Lakeside Forge Consulting, which manager@ manages.
    for (const q of ['how is Blue Forge Solutions doing?', 'revenue of blue forge solutions last quarter', 'how close is Jade Stone Solutions to Platinum']) {
      const a = await ask(h.db, 'manager@contoso.example', q);
      expect(a.result?.data.error, q).toMatchObject({ code: 'not_found' });
      expect(JSON.stringify(a.result), q).not.toMatch(/Lakeside Forge|Jade Point/);
    }
  });

  it('a single word several partners share never picks one: a question back among the asker\'s own, or nothing', async () => {
    for (const word of ['Forge', 'Spring', 'Hill', 'Keystone', 'Lakeside']) {
      const a = await ask(h.db, 'manager@contoso.example', `how is ${word} doing?`);
      expect(a.plan.kind, word).toBe('clarify');
      if (a.plan.kind !== 'clarify') continue;
      const mine = new Set((await (await contextFor(h.db, 'manager@contoso.example')).data.visiblePartners()).map((p) => p.name));
      for (const o of a.plan.clarify.options) expect(mine, `${word}: ${o.label}`).toContain(o.label);
    }
    // A generic company word names nobody.
    const g = await ask(h.db, 'manager@contoso.example', 'how is Integrators doing?');
    expect(g.plan.kind === 'intent' ? g.plan.args.partner : undefined).toBeUndefined();
  });

  it('a run of words only one visible partner has, or a close typo, picks that partner', async () => {
    const cases: [string, string][] = [
      ['how is keystone bridge doing', 'Keystone Bridge Group'],
      ['nortwind revenue last quarter', 'Northwind Traders'],
      ['how is fabrikm doing', 'Fabrikam Systems'],
      ['tailspn win rate', 'Tailspin Toys'],
      ['how is silver soft integrators doing', 'Silver Soft Integrators'],
    ];
    for (const [q, name] of cases) {
      const a = await ask(h.db, 'manager@contoso.example', q);
      expect(a.plan, q).toMatchObject({ kind: 'intent', args: { partner: name } });
    }
  });
});
