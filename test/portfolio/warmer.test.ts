import { beforeAll, describe, expect, it } from 'vitest';
import { recordingApp } from '../../bench/answers.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { answerIntent } from '../../src/core/portfolio-home.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { warmPortfolios } from '../../src/jobs/portfolio-warmer.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';

// pulse serve reads the vendor admin's portfolio ahead (at start, after each data change): the
// admin's summary, at-risk and near-next answers then read no partner figures of their own, and
// say exactly what they would have said cold.

let h: DbHandle;
let app: App;
beforeAll(async () => {
  h = await testDb({ demo: true });
  app = await appFor(h);
});

const ADMIN = consoleIdentity('admin@contoso.example');
const readsFigures = (sqls: string[]) => sqls.some((s) => /from "(revenue|revenue_months|deal_registrations|deal_months|renewals|certifications)"/.test(s));

describe('portfolio warmer', () => {
  it("reads the vendor admin's three views ahead; answers then come back without reading figures, and equal cold ones", async () => {
    const cold = await answerIntent(app, { ...ADMIN, text: 'portfolio summary' }, 'portfolio', { view: 'summary' });
    const rec = recordingApp(app, h.pool);
    expect(await warmPortfolios(rec.app, '2026-11-23')).toBe(3);
    expect(readsFigures(rec.take().map((s) => s.sql))).toBe(true);
    for (const view of ['summary', 'at_risk', 'near_next_tier']) {
      const r = await answerIntent(rec.app, { ...ADMIN, text: `portfolio ${view}` }, 'portfolio', { view });
      expect(r.outcome, view).toBe('ok');
      expect(readsFigures(rec.take().map((s) => s.sql)), view).toBe(false);
      if (view === 'summary') expect(r.data).toEqual(cold.data);
    }
  });
});
