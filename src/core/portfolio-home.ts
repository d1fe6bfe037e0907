import type { App } from '../app.ts';
import { resolveUser } from '../identity/resolve-user.ts';
import type { Planner } from '../planner/types.ts';
import type { Reply, Suggestion } from '../reply/types.ts';
import { answer, type AnswerOptions } from './answer.ts';
import type { Turn, TurnResult } from './types.ts';

// What a channel manager or vendor admin sees first (the Slack App Home, the Teams welcome):
// their portfolio at a glance. Each part is an ordinary answer of the portfolio intent, asked as
// that person through answer(): the same identity, role check, scope and audit as a typed question.

/** How many partners each list on the home shows. */
export const HOME_LIST = 5;

const PORTFOLIO_INTENT = 'portfolio';

/** The questions behind the home, as the audit log records them, with the arguments they run. */
export const PORTFOLIO_HOME_QUESTIONS = {
  summary: { text: 'portfolio summary', args: { view: 'summary', limit: HOME_LIST } },
  atRisk: { text: 'portfolio: partners at risk of dropping a tier', args: { view: 'at_risk', limit: HOME_LIST } },
  nearNext: { text: 'portfolio: partners closest to the next tier', args: { view: 'near_next_tier', limit: HOME_LIST } },
} as const;

/** Asked as text through the planner, like any question: certifications across the portfolio. */
export const HOME_CERTIFICATIONS_QUESTION = 'which certifications expire in the next 30 days?';

export interface PortfolioHome {
  summary: TurnResult;
  atRisk: TurnResult;
  nearNext: TurnResult;
  /** The expiring certifications across the portfolio (a clarifying question where the planner cannot answer it for a group). */
  certifications: TurnResult;
}

/** A planner that always picks one intent with fixed arguments: for answers a surface asks for itself, not typed by a person. */
export function fixedPlanner(intent: string, args: Record<string, unknown>): Planner {
  return { name: 'rules', plan: async () => ({ kind: 'intent', intent, args: { ...args } }) };
}

/** The answer of one intent with fixed arguments, asked as the person behind `turn`. */
export function answerIntent(app: App, turn: Turn, intent: string, args: Record<string, unknown>): Promise<TurnResult> {
  return answer(app, turn, { planner: fixedPlanner(intent, args) });
}

/** Whether the person behind the turn looks after a portfolio (a channel manager or a vendor admin). */
async function looksAfterPortfolio(app: App, turn: Turn): Promise<boolean> {
  const id = await resolveUser(app.db, turn);
  if (!id.ok) return false;
  const user = await app.db.selectFrom('users').select('role').where('id', '=', id.value).executeTakeFirst();
  return user?.role === 'channel_manager' || user?.role === 'vendor_admin';
}

/**
 * A channel manager's or vendor admin's portfolio home: the summary, the partners at risk at the
 * next review and those closest to the next tier. Undefined for anyone else (a partner's home
 * stays its own; a person who is not linked gets the usual "not linked" answer elsewhere).
 */
export async function portfolioHome(app: App, turn: Omit<Turn, 'text'>, opts: AnswerOptions = {}): Promise<PortfolioHome | undefined> {
  const base: Turn = { ...turn, text: PORTFOLIO_HOME_QUESTIONS.summary.text };
  if (!(await looksAfterPortfolio(app, base))) return undefined;
  const ask = (q: { text: string; args: Record<string, unknown> }) => answerIntent(app, { ...base, text: q.text }, PORTFOLIO_INTENT, q.args);
  const [summary, atRisk, nearNext, certifications] = await Promise.all([
    ask(PORTFOLIO_HOME_QUESTIONS.summary),
    ask(PORTFOLIO_HOME_QUESTIONS.atRisk),
    ask(PORTFOLIO_HOME_QUESTIONS.nearNext),
    answer(app, { ...base, text: HOME_CERTIFICATIONS_QUESTION }, opts),
  ]);
  return { summary, atRisk, nearNext, certifications };
}

const MAX_BUTTONS = 5;

/**
 * The home as one reply, for a surface that shows one card (the Teams welcome): the three
 * answers' sentences, the summary's figures and chart, the at-risk table and buttons that drill
 * into the partners named (at risk first).
 */
export function portfolioHomeReply(home: PortfolioHome): Reply {
  const parts = [home.summary, home.atRisk, home.nearNext, home.certifications].filter((r) => r.outcome === 'ok' && !r.reply.clarify).map((r) => r.reply);
  const first = parts[0] ?? home.summary.reply;
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const s of [...home.atRisk.reply.suggestions, ...home.nearNext.reply.suggestions, ...home.summary.reply.suggestions]) {
    const key = (s.question ?? s.url ?? s.label).toLowerCase();
    if (!s.question || seen.has(key) || suggestions.length >= MAX_BUTTONS) continue;
    seen.add(key);
    suggestions.push(s);
  }
  const table = home.atRisk.outcome === 'ok' ? home.atRisk.reply.table : undefined;
  return {
    summary: parts.map((r) => r.summary.trim()).join('\n\n') || first.summary,
    facts: home.summary.outcome === 'ok' ? home.summary.reply.facts : [],
    ...(table && table.rows.length > 0 ? { table } : {}),
    charts: home.summary.outcome === 'ok' ? home.summary.reply.charts : [],
    suggestions,
    sensitive: parts.some((r) => r.sensitive),
    asOf: parts.map((r) => r.asOf).sort()[0] ?? first.asOf,
  };
}
