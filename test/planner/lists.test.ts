import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, plan } from '../intents/ask.ts';

// A list of people or customers asks the same question of each; two halves worded alike ask two
// questions. Phrasings of our own, not the exam's.
let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const partsOf = async (as: string, text: string) => {
  const p = await plan(await contextFor(h.db, as), text);
  return p.kind === 'parts' ? p.parts : [p];
};

describe('rules planner: lists and parallel questions', () => {
  it('asks about each person a certification question lists', async () => {
    for (const text of ['certs for sam seller and nora owner', 'cert list for sam seller + nora owner', "which certs does sam seller hold, also nora owner's"]) {
      expect(await partsOf('owner@northwind.example', text), text).toMatchObject([
        { kind: 'intent', intent: 'certifications', args: { holder: 'sam seller' } },
        { kind: 'intent', intent: 'certifications', args: { holder: 'nora owner' } },
      ]);
    }
  });

  it('asks about each customer a deal question lists, keeping its status', async () => {
    expect(await partsOf('owner@northwind.example', 'open deals for trey research and bellows college')).toMatchObject([
      { intent: 'list_deals', args: { status: 'open', customer: 'trey research' } },
      { intent: 'list_deals', args: { status: 'open', customer: 'bellows college' } },
    ]);
  });

  it('splits two halves worded alike that ask for another order or status', async () => {
    const [top, bottom, more] = await partsOf('manager@contoso.example', 'top 3 by revenue, bottom 3 by revenue');
    expect(top).toMatchObject({ intent: 'leaderboard', args: { metric: 'revenue', limit: 3 } });
    expect(top?.kind === 'intent' ? top.args.order : 'none').not.toBe('bottom');
    expect(bottom).toMatchObject({ intent: 'leaderboard', args: { metric: 'revenue', order: 'bottom', limit: 3 } });
    expect(more).toBeUndefined();
    expect(await partsOf('owner@fabrikam.example', 'our expired regs, our rejected regs')).toMatchObject([
      { intent: 'list_deals', args: { status: 'expired' } },
      { intent: 'list_deals', args: { status: 'rejected' } },
    ]);
  });

  it('keeps one question where the second half only adds to it', async () => {
    for (const text of ['open deals for trey research and their amounts', 'certs for sam seller and when they expire', 'our won deals, the big ones']) {
      expect(await partsOf('owner@northwind.example', text), text).toHaveLength(1);
    }
    // Partner names listed are one comparison, not one question per partner.
    expect(await partsOf('manager@contoso.example', 'compare northwind, fabrikam and tailspin on revenue')).toMatchObject([{ intent: 'compare_partners' }]);
  });
});
