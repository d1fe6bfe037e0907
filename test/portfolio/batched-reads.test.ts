import { beforeAll, describe, expect, it } from 'vitest';
import { recordingApp } from '../../bench/answers.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { answerIntent } from '../../src/core/portfolio-home.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import type { PartsRequest } from '../../src/metrics/partner-data.ts';
import { parsePeriod, windowPeriod } from '../../src/metrics/period.ts';
import type { Period } from '../../src/metrics/types.ts';
import { evaluateTier, evaluateTiers } from '../../src/program/evaluate.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, run } from '../intents/ask.ts';

// Group figures are read set-based: several metrics and periods for a whole group in one statement
// per table (PartnerData.metricPartsMany). They must be exactly what the reads one at a time give,
// and a portfolio answer read cold sends one statement per table, not one per figure.

let h: DbHandle;
let app: App;
beforeAll(async () => {
  h = await testDb({ demo: true });
  app = await appFor(h);
});

const MANAGER = 'manager@contoso.example';
const ADMIN = 'admin@contoso.example';

function period(text: string, today: string): Period {
  const p = parsePeriod(text, today);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('metricPartsMany', () => {
  it('equals metricParts one request at a time: every metric, several periods and filters, for a manager and for the admin', async () => {
    for (const email of [MANAGER, ADMIN]) {
      const ctx = await contextFor(h.db, email);
      const ids = (await ctx.data.visiblePartners()).map((p) => p.id);
      const periods = ['this quarter', 'last quarter', 'this year', 'last year'].map((t) => period(t, ctx.today));
      periods.push(windowPeriod('trailing_12_months', ctx.today));
      const requests: PartsRequest[] = ctx.data.metrics.all.flatMap((def) => periods.map((p) => ({ metric: def.name, period: p })));
      requests.push(
        { metric: 'expiring_certifications', period: windowPeriod('current', ctx.today), filters: { withinDays: 60 } },
        { metric: 'deal_registrations', period: periods[0] as Period, filters: { status: ['won', 'approved'] } },
        // The same request twice is read once and answered twice.
        { metric: 'revenue', period: periods[0] as Period },
      );
      const many = await ctx.data.metricPartsMany(requests, ids);
      expect(many).toHaveLength(requests.length);
      for (const [i, r] of requests.entries()) {
        const one = await ctx.data.metricParts(r.metric, ids, r.period, r.filters);
        expect(many[i], `${email} ${r.metric} ${r.period.from}..${r.period.to} ${JSON.stringify(r.filters ?? {})}`).toEqual(one);
      }
    }
  });

  it('reads nothing for an empty group, and refuses a partner outside the scope like metricParts', async () => {
    const ctx = await contextFor(h.db, MANAGER);
    const p = period('this quarter', ctx.today);
    expect(await ctx.data.metricPartsMany([{ metric: 'revenue', period: p }], [])).toEqual([new Map()]);
    const visible = ctx.principal.visible;
    const outside = (await (await contextFor(h.db, ADMIN)).data.visiblePartners()).find((x) => visible.kind === 'some' && !visible.ids.has(x.id));
    expect(outside).toBeDefined();
    await expect(ctx.data.metricPartsMany([{ metric: 'revenue', period: p }], [outside?.id ?? 0])).rejects.toThrow();
  });
});

describe('evaluateTiers', () => {
  it("equals evaluateTier partner by partner for every one of the manager's partners", async () => {
    const ctx = await contextFor(h.db, MANAGER);
    const partners = await ctx.data.visiblePartners();
    const all = await evaluateTiers(ctx.data, ctx.program, partners);
    if (!all.ok) throw new Error(all.error.message);
    for (const [i, p] of partners.entries()) {
      const one = await evaluateTier(ctx.data, ctx.program, p.id);
      if (!one.ok) throw new Error(one.error.message);
      expect(all.value[i], p.name).toEqual(one.value);
    }
  });

  it('compare_partners on the tier requirements reads each table once, whatever the number of partners', async () => {
    const rec = recordingApp(app, h.pool);
    const ctx = await contextFor(rec.app.db, MANAGER);
    rec.take();
    const r = await run(ctx, 'compare_partners', { partners: ['Northwind Traders', 'Tailspin Toys', 'Fabrikam Systems'] });
    expect((r.data.partners as unknown[]).length).toBe(3);
    // Revenue, deals, certifications, renewals: the tables the Silver, Gold and Platinum requirements read.
    expect(figureReads(rec.take().map((s) => s.sql)).length).toBeLessThanOrEqual(4);
  });
});

/** Statements that read partner figures (not partners, users, audit or tier changes). */
const figureReads = (sqls: readonly string[]) =>
  sqls.filter((s) => /from "(revenue|revenue_months|deal_registrations|deal_months|renewals|certifications|leads|mdf|incentives|facts)"/.test(s));

describe('a portfolio answer read cold', () => {
  it('sends one figure statement per table it reads (a stock held on a day on its own), not one per figure', async () => {
    const cases: [string, number][] = [
      // Revenue and deals (this quarter and the last), last quarter's pipeline as it stood (every
      // deal held on its last day), the certifications expiring soon: counted, then the soonest listed.
      // One statement per figure sent 13.
      ['summary', 5],
      // Revenue, deals and renewals over the requirements' windows; active and lapsing
      // certifications; the certifications earned lately. One per figure sent 11.
      ['at_risk', 6],
      ['near_next_tier', 4],
    ];
    for (const [view, most] of cases) {
      // A new recording app keeps figures of its own: nothing is read back from an earlier answer.
      const rec = recordingApp(app, h.pool);
      const r = await answerIntent(rec.app, { ...consoleIdentity(MANAGER), text: `portfolio ${view}` }, 'portfolio', { view });
      expect(r.outcome, view).toBe('ok');
      const reads = figureReads(rec.take().map((s) => s.sql));
      expect(reads.length, `${view}: ${reads.join('\n')}`).toBeLessThanOrEqual(most);
      expect(reads.length, view).toBeGreaterThan(0);
    }
  });
});
