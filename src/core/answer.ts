import type { App } from '../app.ts';
import type { IntentContext } from '../../intents/types.ts';
import { intentByName, INTENTS } from '../../intents/index.ts';
import { loadPrincipal } from '../access/principal.ts';
import { isoDay, now } from '../clock.ts';
import { Forbidden, isPulseError } from '../errors.ts';
import { resolveUser } from '../identity/resolve-user.ts';
import { log } from '../log.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import { intentActions } from '../notifications/intent-actions.ts';
import type { Planner } from '../planner/types.ts';
import { textReply } from '../reply/types.ts';
import { writeAudit } from './audit.ts';
import { defaultPlanner } from './default-planner.ts';
import { errorReply, helpReply, notFoundReply } from './replies.ts';
import { runIntent } from './run-intent.ts';
import type { Step, Trace } from './trace.ts';
import type { Turn, TurnResult } from './types.ts';
import { validateText } from './validate-text.ts';

export interface AnswerOptions {
  planner?: Planner;
}

/**
 * One question in, one answer out, one audit row written, and nothing else written. Never throws:
 * whatever goes wrong becomes a reply the person can act on.
 */
export async function answer(app: App, turn: Turn, opts: AnswerOptions = {}): Promise<TurnResult> {
  const trace: Trace = {
    userId: null,
    actor: turn.email?.trim() || turn.platformUserId,
    user: null,
    planner: null,
    intent: null,
    args: {},
  };
  const step = await runTurn(app, turn, opts.planner ?? defaultPlanner(), trace).catch((e: unknown) =>
    failure(e, turn, trace),
  );
  await writeAudit(app.db, {
    userId: trace.userId,
    actor: trace.actor,
    platform: turn.platform,
    text: turn.text,
    intent: trace.intent,
    args: trace.intent ? trace.args : null,
    outcome: step.outcome,
    detail: step.detail ?? null,
  });
  const shared = turn.channel !== undefined && turn.channel.kind !== 'dm';
  return {
    intent: trace.intent,
    planner: trace.planner,
    args: trace.args,
    user: trace.user,
    reply: step.reply,
    data: step.data ?? {},
    outcome: step.outcome,
    deliver: shared && step.reply.sensitive ? 'asker_only' : 'in_place',
  };
}

async function runTurn(app: App, turn: Turn, planner: Planner, trace: Trace): Promise<Step> {
  const at = now();
  const asOf = at.toISOString();
  const text = validateText(turn.text);
  if (!text.ok) return { outcome: 'bad_input', reply: textReply(text.error.message, asOf), detail: text.error.message };

  const userId = await resolveUser(app.db, turn);
  if (!userId.ok) return { outcome: 'not_linked', reply: textReply(userId.error.message, asOf), detail: 'no link, no user with that email' };
  trace.userId = userId.value;

  const principal = await loadPrincipal(app.db, userId.value);
  if (!principal.ok) return { outcome: 'not_linked', reply: textReply(principal.error.message, asOf), detail: principal.error.code };
  const p = principal.value;
  trace.actor = p.email;
  trace.user = { email: p.email, role: p.role, partner: p.partnerName };

  const today = isoDay(at);
  const data = createPartnerData(app.db, p, today);
  trace.planner = planner.name;
  const plan = await planner.plan({ text: text.value, principal: p, program: app.program, data, today });

  const ctx: IntentContext = { principal: p, program: app.program, data, today, now: at, actions: intentActions(app.db, app.program) };
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
      return def.name === HELP_INTENT && step.outcome === 'ok' ? { ...step, outcome: 'help' } : step;
    }
  }
}

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
  if (e instanceof Forbidden || (isPulseError(e) && (e.code === 'forbidden' || e.code === 'not_found'))) {
    return { outcome: 'denied', reply: notFoundReply(asOf), detail: e.message };
  }
  // The stack goes to the log only; the person gets a sentence.
  log.error(
    { err: e, platform: turn.platform, actor: trace.actor, intent: trace.intent, args: trace.args },
    'turn failed',
  );
  return { outcome: 'error', reply: errorReply(asOf), detail: e instanceof Error ? e.message.slice(0, 500) : String(e) };
}
