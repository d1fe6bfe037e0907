import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGroupFigures } from '../../bench/group-checks.ts';
import { answerPortfolio, portfolioAskers, portfolioAsks } from '../../bench/portfolio.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';

// The bench's portfolio rows on the demo data: what they ask runs through the core and answers,
// and the group correctness check passes right figures and catches a wrong one. No timing here.

let h: DbHandle;
let app: App;
let bare: pg.Client;
beforeAll(async () => {
  h = await testDb({ demo: true });
  app = await appFor(h);
  bare = new pg.Client({ connectionString: h.url });
  await bare.connect();
});
afterAll(async () => {
  await bare.end();
});

const TODAY = '2026-11-23';

describe('bench: portfolio answers and their check', () => {
  it('asks every view of sampled managers and the admin summary; every answer passes the group check', async () => {
    const { managers, admin } = await portfolioAskers(h.pool, 2);
    expect(managers).toHaveLength(2);
    expect(admin).toBe('admin@contoso.example');
    const asks = portfolioAsks(managers, admin, 1, 1);
    expect(asks).toHaveLength(2 * 4 + 3);
    const answered = await answerPortfolio(app, h.pool, asks);
    for (const a of answered) {
      expect(a.outcome, `${a.ask.email} ${a.ask.view}`).toBe('ok');
      expect(a.statements.length).toBeGreaterThan(0);
      const res = await checkGroupFigures(bare, { who: a.ask.who, email: a.ask.email, data: a.data, today: TODAY, program: app.program });
      expect(res, `${a.ask.email} ${a.ask.view}`).toEqual({ checked: true, mismatches: [] });
    }
  });

  it('catches a wrong total, a partner outside the group and a requirement that would be met', async () => {
    const [summary, atRisk] = await answerPortfolio(app, h.pool, [
      { who: 'manager', email: 'manager@contoso.example', view: 'summary' },
      { who: 'manager', email: 'manager@contoso.example', view: 'at_risk' },
    ]);
    const data = structuredClone(summary?.data ?? {});
    const totals = data.totals as { metric: string; current: number }[];
    const revenue = totals.find((t) => t.metric === 'revenue');
    if (revenue) revenue.current += 1;
    (data.partners as { name: string }[]).push({ name: 'Wide World Importers' });
    const res = await checkGroupFigures(bare, { who: 'manager', email: 'manager@contoso.example', data, today: TODAY, program: app.program });
    expect(res.checked && res.mismatches.some((m) => m.includes('revenue'))).toBe(true);
    expect(res.checked && res.mismatches.some((m) => m.includes('Wide World Importers'))).toBe(true);

    const risky = structuredClone(atRisk?.data ?? {});
    const first = (risky.partners as { failing: { projected: number; required: number }[] }[])[0]?.failing[0];
    expect(first).toBeDefined();
    if (first) first.projected = first.required + 1;
    const res2 = await checkGroupFigures(bare, { who: 'manager', email: 'manager@contoso.example', data: risky, today: TODAY, program: app.program });
    expect(res2.checked && res2.mismatches.length).toBeGreaterThan(0);
  });
});
