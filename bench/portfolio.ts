import type pg from 'pg';
import type { App } from '../src/app.ts';
import { answerIntent } from '../src/core/portfolio-home.ts';
import { warmPortfolios } from '../src/jobs/portfolio-warmer.ts';
import type { Outcome } from '../src/core/types.ts';
import { consoleIdentity } from '../src/identity/resolve-user.ts';
import { PORTFOLIO_VIEWS, type PortfolioView } from '../src/portfolio/types.ts';
import { bareTime, recordingApp, type Statement } from './answers.ts';
import { checkGroupFigures } from './group-checks.ts';
import type { ResultRow } from './report.ts';
import { round, summarize } from './stats.ts';

// Portfolio answers at scale: a channel manager's views over their partners (about 50 on the
// scale data set) and a vendor admin's summary over every partner. They run through the core as
// the App Home asks them (identity, role check, scoped data, the portfolio computation, the reply,
// the audit row), with the intent and its arguments fixed: what a manager types is the planner's
// to route, and planning alone is measured apart (p95 ≤ 2 ms). Each manager's views are asked as
// `pulse serve` answers them, after reading every portfolio ahead, and then once each read cold
// from the database (as right after an import, before the read ahead is done).

export interface PortfolioAsk {
  /** 'manager': a channel manager's own partners; 'admin': the vendor admin over every partner. */
  who: 'manager' | 'admin';
  email: string;
  view: PortfolioView;
}

export interface PortfolioAnswered {
  ask: PortfolioAsk;
  ms: number;
  outcome: Outcome;
  data: Record<string, unknown>;
  statements: Statement[];
}

/** `count` channel managers spread over the id range, and the first vendor admin. */
export async function portfolioAskers(pool: pg.Pool, count: number): Promise<{ managers: string[]; admin: string | undefined }> {
  const m = await pool.query<{ email: string }>(
    `with m as (select id, email, ntile($1) over (order by id) as bucket from users where role = 'channel_manager')
     select distinct on (bucket) email from m order by bucket, id`,
    [count],
  );
  const a = await pool.query<{ email: string }>(`select email from users where role = 'vendor_admin' order by id limit 1`);
  return { managers: m.rows.map((r) => r.email), admin: a.rows[0]?.email };
}

/** The admin's views besides the summary, measured for the record (the App Home asks them): a quarter as often. */
const ADMIN_LISTS: readonly PortfolioView[] = ['at_risk', 'near_next_tier'];

/**
 * Every view for each manager in turn, `rounds` times; the admin's summary `adminRounds` times and
 * its at-risk and near-next-tier lists a quarter as often.
 */
export function portfolioAsks(managers: readonly string[], admin: string | undefined, rounds: number, adminRounds: number): PortfolioAsk[] {
  const out: PortfolioAsk[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const email of managers) for (const view of PORTFOLIO_VIEWS) out.push({ who: 'manager', email, view });
  }
  if (!admin) return out;
  for (let i = 0; i < adminRounds; i++) {
    out.push({ who: 'admin', email: admin, view: 'summary' });
    if (i % 4 === 0) for (const view of ADMIN_LISTS) out.push({ who: 'admin', email: admin, view });
  }
  return out;
}

/** One at a time, each timed from the turn in to the reply out, with the statements it sent. */
export async function answerPortfolio(
  app: App,
  pool: pg.Pool,
  asks: readonly PortfolioAsk[],
  rec: ReturnType<typeof recordingApp> = recordingApp(app, pool),
): Promise<PortfolioAnswered[]> {
  const out: PortfolioAnswered[] = [];
  for (const ask of asks) {
    rec.take();
    const started = performance.now();
    const r = await answerIntent(rec.app, { ...consoleIdentity(ask.email), text: `portfolio ${ask.view}` }, 'portfolio', { view: ask.view });
    const ms = performance.now() - started;
    out.push({ ask, ms, outcome: r.outcome, data: r.data, statements: rec.take() });
  }
  return out;
}

export interface PortfolioBench {
  rows: ResultRow[];
  checked: number;
  mismatches: string[];
}

const MANAGER_P95 = 50;
const ADMIN_P95 = 250;

/**
 * The portfolio rows: each view of a channel manager's portfolio (target p95 ≤ 50 ms), read cold
 * and as served after the read ahead, and a vendor admin's summary over every partner (p95 ≤ 250
 * ms), with the database work alone beside them, and every distinct answer (cold and served)
 * checked against hand-written SQL (group-checks.ts).
 */
export async function portfolioBench(
  app: App,
  bare: pg.ClientBase,
  o: { quick: boolean; today: string; say: (msg: string) => void },
): Promise<PortfolioBench> {
  const pool = app.handle.pool;
  const { managers, admin } = await portfolioAskers(pool, o.quick ? 5 : 20);
  const sizes = await pool.query<{ n: number }>(
    `select count(p.id)::int as n from users u left join partners p on p.channel_manager_id = u.id where u.email = any($1) group by u.id`,
    [managers],
  );
  const total = (await pool.query<{ n: number }>('select count(*)::int as n from partners')).rows[0]?.n ?? 0;
  const avg = sizes.rows.length > 0 ? sizes.rows.reduce((s, r) => s + r.n, 0) / sizes.rows.length : 0;
  const asks = portfolioAsks(managers, admin, o.quick ? 2 : 5, o.quick ? 5 : 40);
  o.say(`portfolio: ${managers.length} channel managers (${round(avg, 0)} partners each on average) × ${PORTFOLIO_VIEWS.length} views, and the vendor admin's summary over ${total} partners; ${asks.length} answers`);
  // Warm the code on an app of its own (its own kept figures).
  await answerPortfolio(app, pool, asks.filter((a, i) => i % 7 === 0).slice(0, 10));
  // As pulse serve does at start and after each data change, every portfolio read ahead on the
  // app that answers (src/jobs/portfolio-warmer.ts): the vendor admin's, then each manager's.
  const managerCount = (await pool.query<{ n: number }>(`select count(distinct channel_manager_id)::int as n from partners`)).rows[0]?.n ?? 0;
  const rec = recordingApp(app, pool);
  const w0 = performance.now();
  const warmed = await warmPortfolios(rec.app, o.today);
  const warmMs = performance.now() - w0;
  rec.take();
  const answered = await answerPortfolio(app, pool, asks, rec);
  // Then each manager's views once more on an app of its own, which keeps nothing yet: every figure
  // read from the database, as before the read ahead is done (or for a manager it left out).
  const cold = await answerPortfolio(app, pool, portfolioAsks(managers, undefined, 1, 0), recordingApp(app, pool));

  const bareMs = new Map<PortfolioAnswered, number>();
  for (const a of [...cold, ...answered]) bareMs.set(a, await bareTime(bare, a.statements));
  const mismatches: string[] = [];
  let checked = 0;
  const seen = new Set<string>();
  for (const [how, list] of [['cold', cold], ['served', answered]] as const) {
    for (const a of list) {
      const key = `${how}|${a.ask.email}|${a.ask.view}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (a.outcome !== 'ok') {
        mismatches.push(`portfolio ${a.ask.view} for ${a.ask.email} (${how}): outcome ${a.outcome}`);
        continue;
      }
      const res = await checkGroupFigures(bare, { who: a.ask.who, email: a.ask.email, data: a.data, today: o.today, program: app.program });
      if (res.checked) {
        checked++;
        mismatches.push(...res.mismatches);
      }
    }
  }

  // The first answer of each (asker, view) after the read ahead (kept figures, unless the read
  // ahead left it out) is reported apart from the repeats, and the cold reads on rows of their own.
  const firstOf = new Set<PortfolioAnswered>();
  const seenAsk = new Set<string>();
  for (const a of answered) {
    const key = `${a.ask.email}|${a.ask.view}`;
    if (!seenAsk.has(key)) firstOf.add(a);
    seenAsk.add(key);
  }
  const row = (name: string, list: readonly PortfolioAnswered[], p95: number, what: string): ResultRow => {
    const ours = summarize(list.map((a) => a.ms));
    const firsts = list.filter((a) => firstOf.has(a));
    const first = summarize(firsts.map((a) => a.ms));
    const b = summarize(list.map((a) => bareMs.get(a) ?? 0));
    const errors = list.filter((a) => a.outcome !== 'ok').length;
    const statements = summarize(list.map((a) => a.statements.length));
    return {
      name,
      p50_ms: ours.p50,
      p95_ms: ours.p95,
      p99_ms: ours.p99,
      ratio_to_bare: ours.p50 / Math.max(b.p50, 0.001),
      target: `p95<=${p95}`,
      met: list.length > 0 ? ours.p95 <= p95 && errors === 0 : null,
      note: `n=${list.length}, ${what}; ${firsts.length > 0 && firsts.length < list.length ? `first ask of each asker and view (n=${first.n}): p50 ${round(first.p50, 1)} ms, max ${round(Math.max(...firsts.map((a) => a.ms)), 1)} ms; ` : ''}${round(statements.p50, 0)} statements (p50); bare p50 ${round(b.p50, 1)} ms${errors ? `, ${errors} not answered` : ''}`,
    };
  };
  const byManager = answered.filter((a) => a.ask.who === 'manager');
  const rows: ResultRow[] = [
    {
      name: 'portfolio read at start',
      p50_ms: null,
      p95_ms: null,
      p99_ms: null,
      ratio_to_bare: null,
      target: '-',
      met: null,
      note: `${warmed} views (the vendor admin's over all ${total} partners, then ${managerCount} channel managers') read in ${round(warmMs / 1000, 1)} s before the questions, as pulse serve does at start and after each data change`,
    },
    row('answer portfolio (channel manager)', byManager, MANAGER_P95, `${managers.length} managers, ${round(avg, 0)} partners each, every view, after the read ahead`),
    ...PORTFOLIO_VIEWS.map((v) =>
      row(`answer portfolio ${v} (channel manager)`, byManager.filter((a) => a.ask.view === v), MANAGER_P95, `${managers.length} managers, after the read ahead`),
    ),
    row('answer portfolio read cold (channel manager)', cold, MANAGER_P95, `${managers.length} managers × ${PORTFOLIO_VIEWS.length} views, each asked once with nothing kept: figures read from the database`),
    ...PORTFOLIO_VIEWS.map((v) =>
      row(`answer portfolio ${v} read cold (channel manager)`, cold.filter((a) => a.ask.view === v), MANAGER_P95, `${managers.length} managers, read from the database`),
    ),
    row('answer portfolio summary (vendor admin)', answered.filter((a) => a.ask.who === 'admin' && a.ask.view === 'summary'), ADMIN_P95, `all ${total} partners`),
    ...ADMIN_LISTS.map((v) => ({
      ...row(`answer portfolio ${v} (vendor admin)`, answered.filter((a) => a.ask.who === 'admin' && a.ask.view === v), ADMIN_P95, `all ${total} partners, for the record`),
      target: '-',
      met: null,
    })),
  ];
  return { rows, checked, mismatches };
}
