import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema.ts';
import type { App } from '../src/app.ts';
import { answer } from '../src/core/answer.ts';
import { createRulesPlanner } from '../src/planner/rules.ts';
import { consoleIdentity } from '../src/identity/resolve-user.ts';
import type { Outcome } from '../src/core/types.ts';
import type { Chart } from '../src/reply/types.ts';
import type { Question } from './questions.ts';

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

export interface Answered {
  q: Question;
  ms: number;
  intent: string | null;
  outcome: Outcome;
  data: Record<string, unknown>;
  /** Every statement the answer sent to Postgres, in order (the audit insert included). */
  statements: Statement[];
  /** The reply's first chart, if any: the PNG bench renders real charts. */
  chart?: Chart;
}

/**
 * The app on the same pool, with a Kysely that records each statement of the turn in flight.
 * Questions run one at a time, so the record belongs to exactly one answer.
 */
export interface RecordingApp {
  app: App;
  take: () => Statement[];
}

export function recordingApp(app: App, pool: pg.Pool): RecordingApp {
  let current: Statement[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e: LogEvent) => {
      if (e.level === 'query') current.push({ sql: e.query.sql, params: e.query.parameters });
    },
  });
  return {
    app: { ...app, db },
    take: () => {
      const out = current;
      current = [];
      return out;
    },
  };
}

/**
 * Each question through the rules planner, the intent and reply composition, in this process. One
 * recording app serves every run: what a server keeps per database (cohorts, name indexes) stays
 * warm between runs, as it does between questions in `pulse serve`.
 */
export async function answerAll(rec: RecordingApp, questions: readonly Question[]): Promise<Answered[]> {
  const planner = createRulesPlanner();
  const out: Answered[] = [];
  for (const q of questions) {
    rec.take();
    const started = performance.now();
    const r = await answer(rec.app, { ...consoleIdentity(q.email), text: q.text }, { planner });
    const ms = performance.now() - started;
    out.push({ q, ms, intent: r.intent, outcome: r.outcome, data: r.data, statements: rec.take(), chart: r.reply.charts[0] });
  }
  return out;
}

/**
 * The same statements the answer sent, back to back on one client through bare `pg`: what the
 * database work alone costs, without planner, scope checks, composition or Kysely.
 */
export async function bareTime(client: pg.ClientBase, statements: readonly Statement[]): Promise<number> {
  const started = performance.now();
  for (const s of statements) await client.query(s.sql, [...s.params]);
  return performance.now() - started;
}
