import type { App } from '../app.ts';
import type { IntentContext } from '../../intents/types.ts';
import { intentByName, INTENTS } from '../../intents/index.ts';
import { loadPrincipal } from '../access/principal.ts';
import { now } from '../clock.ts';
import { Forbidden, isPulseError } from '../errors.ts';
import { consoleIdentity, notLinkedMessage, resolveUser } from '../identity/resolve-user.ts';
import { log } from '../log.ts';
import { dayIn } from '../metrics/calendar.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import { dataStamp } from '../metrics/reads/as-of.ts';
import { intentActions } from '../notifications/intent-actions.ts';
import { programMetrics } from '../program/metrics.ts';
import { formatterForReader, withStyle } from '../reply/format.ts';
import type { ContextTurn, Plan, Planner, RunTool, SinglePlan, ToolRun } from '../planner/types.ts';
import { textReply } from '../reply/types.ts';
import { writeAudit } from './audit.ts';
import { loadContext, saveTurn, threadKey } from './conversation.ts';
import { defaultPlanner } from './default-planner.ts';
import { deliveryFor, othersCanRead } from './delivery.ts';
import { chartsFirst, mergeRuns } from './merge-runs.ts';
import { errorReply, helpReply, NO_PARTNER_TEXT, NOT_FOUND_TEXT, notFoundReply } from './replies.ts';
import { runIntent } from './run-intent.ts';
import { allowance, tokensUsedToday } from './token-budget.ts';
import type { Step, Trace } from './trace.ts';
import type { Outcome, Turn, TurnResult } from './types.ts';
import { validateText } from './validate-text.ts';

export interface AnswerOptions {
  planner?: Planner;
}

/**
 * One question in, one answer out, one audit row written, and — when the turn belongs to a thread
 * and was answered — one conversation turn remembered for follow-ups; nothing else written. Never
 * throws: whatever goes wrong becomes a reply the person can act on.
 */
export async function answer(app: App, turn: Turn, opts: AnswerOptions = {}): Promise<TurnResult> {
  const started = performance.now();
  const trace: Trace = {
    userId: null,
    actor: turn.email?.trim() || turn.platformUserId,
    user: null,
    planner: null,
    intent: null,
    args: {},
  };
  const step = await runTurn(app, turn, opts.planner ?? defaultPlanner(app.config), trace).catch((e: unknown) =>
    failure(e, turn, trace),
  );
  await writeAudit(app.db, {
    userId: trace.userId,
    actor: trace.actor,
    platform: turn.platform,
    text: turn.text,
    intent: trace.auditIntent ?? trace.intent,
    args: trace.intent ? (trace.runs && trace.runs.length > 1 ? { runs: trace.runs } : trace.args) : null,
    outcome: step.outcome,
    detail: auditDetail(step.detail, trace.limit),
    tokens: trace.tokens ?? null,
  });
  const key = threadKey(turn);
  if (key && trace.userId !== null && step.outcome === 'ok' && trace.runs && trace.runs.length > 0) {
    await saveTurn(app.db, trace.userId, key, { text: turn.text, runs: trace.runs, summary: step.reply.summary });
  }
  app.metrics.answered({ intent: intentLabel(trace.intent), planner: trace.planner, outcome: step.outcome }, (performance.now() - started) / 1000);
  const delivered = deliveryFor(turn, step.outcome, step.reply);
  return {
    intent: trace.intent,
    planner: trace.planner,
    args: trace.args,
    user: trace.user,
    reply: step.reply,
    data: step.data ?? {},
    outcome: step.outcome,
    ...delivered,
    ...(trace.tokens !== undefined ? { tokens: trace.tokens } : {}),
    ...(step.runs && step.runs.length > 1 ? { runs: step.runs.map(({ intent, args, outcome, data }) => ({ intent, args, outcome, data })) } : {}),
  };
}

/**
 * A turn that leaves nothing behind: no audit row, no conversation turn, no metrics and no
 * actions (a subscription or a push cannot happen); the terminal's identity, which is never
 * linked. A server answers a few before it says ready (src/core/rehearse.ts).
 */
export async function rehearse(app: App, email: string, text: string, planner: Planner): Promise<Outcome> {
  const turn: Turn = { ...consoleIdentity(email), text };
  const trace: Trace = { userId: null, actor: email, user: null, planner: null, intent: null, args: {} };
  const step = await runTurn(app, turn, planner, trace, false).catch((e: unknown) => failure(e, turn, trace));
  return step.outcome;
}

/** A metric label from a known set: a name a model made up is 'unknown', not a new series. */
const intentLabel = (intent: string | null): string | null =>
  intent === null || intent === 'clarify' || intentByName(intent) ? intent : 'unknown';

/** The audit row's detail: what the step said, and the LLM budget limit the question reached. */
const auditDetail = (detail: string | undefined, limit: string | undefined): string | null =>
  [detail, limit && `llm limit reached: ${limit}`].filter(Boolean).join('; ') || null;

async function runTurn(app: App, turn: Turn, planner: Planner, trace: Trace, acts = true): Promise<Step> {
  const at = now();
  const asOf = at.toISOString();
  const text = validateText(turn.text);
  if (!text.ok) return { outcome: 'bad_input', reply: textReply(text.error.message, asOf), detail: text.error.message };

  // Where others read, the answer never carries the asker's email (a Slack Connect channel is
  // read by another company).
  const open = othersCanRead(turn);
  // One server for all of this answer's reads (the replica, or the primary when it lags or is
  // down), so its figures, asOf and cached cohorts agree. The data's stamp does not depend on who
  // asks: it is read while the asker is looked up.
  const reads = app.readDb();
  const stamp = dataStamp(reads);
  stamp.catch(() => undefined);
  const userId = await resolveUser(app.db, turn);
  if (!userId.ok) {
    return { outcome: 'not_linked', reply: textReply(open ? notLinkedMessage() : userId.error.message, asOf), detail: 'no link, no user with that email' };
  }
  trace.userId = userId.value;

  // A person added since the replica last replayed is read from the primary rather than turned away.
  const principal = await loadPrincipal(reads, userId.value).then((r) => (r.ok || reads === app.db ? r : loadPrincipal(app.db, userId.value)));
  if (!principal.ok) {
    const text = open && principal.error.code === 'no_partner' ? NO_PARTNER_TEXT : principal.error.message;
    return { outcome: 'not_linked', reply: textReply(text, asOf), detail: principal.error.code };
  }
  const p = principal.value;
  trace.actor = p.email;
  trace.user = { email: p.email, role: p.role, partner: p.partnerName };

  // The asker's own calendar day: "today", "this week", "this quarter" are theirs, not UTC's.
  const today = dayIn(at, p.timeZone);
  const data = createPartnerData(reads, p, today, programMetrics(app.program), stamp);
  // Built for this turn only: another person asking at the same moment gets their own.
  const format = formatterForReader(app.program, p.locale);
  const ctx: IntentContext = {
    principal: p,
    program: app.program,
    data,
    format,
    today,
    now: at,
    ...(acts ? { actions: intentActions(app.db, app.program, { email: app.config.SMTP_URL !== undefined }) } : {}),
  };
  const key = threadKey(turn);
  const context: ContextTurn[] = key ? await loadContext(app.db, userId.value, key) : [];
  const tokenAllowance =
    planner.name === 'llm' ? allowance(app.config.PULSE_LLM_DAILY_TOKENS, await tokensUsedToday(app.db, userId.value)) : undefined;
  trace.planner = planner.name;
  const plan = await planner.plan({
    text: text.value,
    principal: p,
    program: app.program,
    data,
    today,
    context,
    run: toolRunner(ctx),
    ...(tokenAllowance !== undefined ? { tokenAllowance } : {}),
  });
  trace.planner = plan.via ?? planner.name;
  if (plan.tokens !== undefined) trace.tokens = plan.tokens;
  if (plan.limit !== undefined) trace.limit = plan.limit;
  const planned = await planStep(plan, ctx, trace, asOf);
  // The reply carries the style it was written in, so adapters draw its charts and rows alike.
  const step = { ...planned, reply: withStyle(planned.reply, format.style) };
  return plan.present === 'chart' && step.outcome === 'ok' ? { ...step, reply: chartsFirst(step.reply) } : step;
}

async function planStep(plan: Plan, ctx: IntentContext, trace: Trace, asOf: string): Promise<Step> {
  switch (plan.kind) {
    case 'help':
      return helpStep(plan.reason, ctx, trace);
    case 'clarify':
      return {
        outcome: 'clarify',
        reply: { ...textReply(plan.clarify.question, asOf), clarify: plan.clarify },
        detail: plan.clarify.question,
      };
    case 'intent': {
      const def = intentByName(plan.intent);
      // Only a model can name an intent that does not exist; the person still gets help.
      if (!def) return { ...(await helpStep("I can't answer that yet.", ctx, trace)), detail: `unknown intent ${plan.intent}` };
      const step = await runIntent(def, plan.args, ctx, trace);
      trace.runs = [{ intent: def.name, args: trace.args }];
      return def.name === HELP_INTENT && step.outcome === 'ok' ? { ...step, outcome: 'help' } : step;
    }
    case 'ran':
      return ranStep(plan.runs, plan.prose, ctx, trace);
    case 'parts': {
      // Two or three questions in one message: each answered in order, under the same scope.
      const run = toolRunner(ctx);
      const runs: ToolRun[] = [];
      for (const part of plan.parts) runs.push(await partRun(part, run, ctx, asOf));
      return ranStep(runs, undefined, ctx, trace);
    }
  }
}

/**
 * One question of several, as the planner planned it: an intent run like a tool call, a clarifying
 * question or help as a run of its own.
 */
async function partRun(part: SinglePlan, run: RunTool, ctx: IntentContext, asOf: string): Promise<ToolRun> {
  switch (part.kind) {
    case 'intent':
      return run(part.intent, part.args);
    case 'clarify':
      return { intent: 'clarify', args: {}, outcome: 'clarify', reply: { ...textReply(part.clarify.question, asOf), clarify: part.clarify }, data: {}, detail: part.clarify.question };
    case 'help':
      return { ...(await run(HELP_INTENT, {})), detail: part.reason };
  }
}

/** The LLM's tool calls, already run under the asker's scope, as one step. */
async function ranStep(runs: ToolRun[], prose: string | undefined, ctx: IntentContext, trace: Trace): Promise<Step> {
  const [only] = runs;
  if (!only) return helpStep("I'm not sure what you're asking.", ctx, trace);
  // The first question's intent and arguments stand for the turn (`--json`'s intent, args and
  // data); the audit row names every intent that ran.
  trace.intent = only.intent;
  if (runs.length > 1) trace.auditIntent = runs.map((r) => r.intent).join('+');
  trace.args = only.args;
  trace.runs = runs.filter((r) => r.outcome === 'ok').map(({ intent, args }) => ({ intent, args }));
  const merged = mergeRuns(runs, prose);
  const details = runs.filter((r) => r.detail).map((r) => (runs.length > 1 ? `${r.intent}: ${r.detail ?? ''}` : (r.detail ?? '')));
  const outcome = runs.length === 1 && only.intent === HELP_INTENT && merged.outcome === 'ok' ? 'help' : merged.outcome;
  return { outcome, reply: merged.reply, data: merged.data, runs, ...(details.length > 0 ? { detail: details.join('; ') } : {}) };
}

/**
 * How a planner runs an intent itself (the LLM's tool calls): the same role check, argument
 * check and scoped handler as any plan, with the asker's own context. Names out of scope come back
 * as "can't find", exactly as they would for a person typing them.
 */
function toolRunner(ctx: IntentContext): RunTool {
  return async (intent, args) => {
    const def = intentByName(intent);
    const asOf = ctx.now.toISOString();
    if (!def) return { intent, args, outcome: 'bad_input', reply: textReply(`No intent ${intent}.`, asOf), data: {}, detail: `unknown intent ${intent}` };
    const t: Trace = { userId: null, actor: '', user: null, planner: null, intent: null, args: {} };
    try {
      const step = await runIntent(def, args, ctx, t);
      return { intent, args: t.args, outcome: step.outcome, reply: step.reply, data: step.data ?? {}, ...(step.detail ? { detail: step.detail } : {}) };
    } catch (e) {
      if (!isDenial(e)) throw e;
      const detail = e instanceof Error ? e.message : String(e);
      return { intent, args: t.args, outcome: 'denied', reply: notFoundReply(asOf), data: { error: { code: 'not_found', message: NOT_FOUND_TEXT } }, detail };
    }
  };
}

const isDenial = (e: unknown): boolean =>
  e instanceof Forbidden || (isPulseError(e) && (e.code === 'forbidden' || e.code === 'not_found'));

const HELP_INTENT = 'help';

/** The help intent's role-aware examples, after the planner's reason for not answering. */
async function helpStep(reason: string, ctx: IntentContext, trace: Trace): Promise<Step> {
  const def = intentByName(HELP_INTENT);
  if (!def) return { outcome: 'help', reply: helpReply(reason, ctx.principal.role, INTENTS, ctx.now.toISOString()), detail: reason };
  const step = await runIntent(def, {}, ctx, trace);
  const summary = reason.trim() ? `${reason.trim()} ${step.reply.summary}` : step.reply.summary;
  return { ...step, outcome: 'help', reply: { ...step.reply, summary }, detail: reason };
}

function failure(e: unknown, turn: Turn, trace: Trace): Step {
  const asOf = new Date().toISOString();
  if (isDenial(e) && e instanceof Error) {
    return { outcome: 'denied', reply: notFoundReply(asOf), detail: e.message };
  }
  // The stack goes to the log only; the person gets a sentence.
  log.error(
    { err: e, platform: turn.platform, actor: trace.actor, intent: trace.intent, args: trace.args },
    'turn failed',
  );
  return { outcome: 'error', reply: errorReply(asOf), detail: e instanceof Error ? e.message.slice(0, 500) : String(e) };
}
