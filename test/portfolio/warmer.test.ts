import { beforeAll, describe, expect, it } from 'vitest';
import { recordingApp } from '../../bench/answers.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { answerIntent } from '../../src/core/portfolio-home.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { warmPortfolios } from '../../src/jobs/portfolio-warmer.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';

// pulse serve reads the vendor admin's and every channel manager's portfolio ahead (at start, after
// each data change): their summary, at-risk and near-next answers then read no partner figures of
// their own, and say exactly what they would have said cold.

let h: DbHandle;
let app: App;
beforeAll(async () => {
  h = await testDb({ demo: true });
  app = await appFor(h);
});

const ADMIN = consoleIdentity('admin@contoso.example');
const MANAGER = consoleIdentity('manager@contoso.example');
const readsFigures = (sqls: string[]) => sqls.some((s) => /from "(revenue|revenue_months|deal_registrations|deal_months|renewals|certifications)"/.test(s));

describe('portfolio warmer', () => {
  it("reads the vendor admin's and each channel manager's three views ahead; answers then come back without reading figures, and equal cold ones", async () => {
    const views = ['summary', 'at_risk', 'near_next_tier'];
    const cold = new Map<string, Record<string, unknown>>();
    for (const who of [ADMIN, MANAGER]) {
      for (const view of views) cold.set(`${who.email}|${view}`, (await answerIntent(app, { ...who, text: `portfolio ${view}` }, 'portfolio', { view })).data);
    }
    const managers = await h.pool.query<{ n: number }>(
      `select count(distinct u.id)::int as n from users u join partners p on p.channel_manager_id = u.id where u.role = 'channel_manager'`,
    );
    const rec = recordingApp(app, h.pool);
    expect(await warmPortfolios(rec.app, '2026-11-23')).toBe(3 * (1 + (managers.rows[0]?.n ?? 0)));
    expect(readsFigures(rec.take().map((s) => s.sql))).toBe(true);
    for (const who of [ADMIN, MANAGER]) {
      for (const view of views) {
        const r = await answerIntent(rec.app, { ...who, text: `portfolio ${view}` }, 'portfolio', { view });
        expect(r.outcome, view).toBe('ok');
        expect(readsFigures(rec.take().map((s) => s.sql)), `${who.email} ${view}`).toBe(false);
        expect(r.data, `${who.email} ${view}`).toEqual(cold.get(`${who.email}|${view}`));
      }
    }
  });
});
