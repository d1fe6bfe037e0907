import type { Db } from '../../db/connect.ts';
import { intentByName } from '../../intents/index.ts';
import type { IntentContext, IntentResult } from '../../intents/types.ts';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import { isoDay, now } from '../../src/clock.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { createRulesPlanner } from '../../src/planner/rules.ts';
import type { Plan } from '../../src/planner/types.ts';
import { loadProgram } from '../../src/program/load.ts';
import type { Program } from '../../src/program/schema.ts';
import { programMetrics } from '../../src/program/metrics.ts';
import { formatterForReader } from '../../src/reply/format.ts';

// The real pieces wired as the core wires them: principal from the database, scoped data,
// the rules planner, the intent's own schema and handler. Nothing here is a stand-in.

// One Program object for every question, as the app has: the planner learns its model once per
// program object, so a fresh parse per question would retrain it each time.
let loaded: Program | undefined;
export function program(): Program {
  if (loaded) return loaded;
  const p = loadProgram('program.yml');
  if (!p.ok) throw new Error(p.error.message);
  loaded = p.value;
  return loaded;
}

export async function contextFor(db: Db, email: string): Promise<IntentContext> {
  const id = await userIdByEmail(db, email);
  if (id === undefined) throw new Error(`no demo user ${email}`);
  const principal = await loadPrincipal(db, id);
  if (!principal.ok) throw new Error(principal.error.message);
  const at = now();
  const today = isoDay(at);
  const p = program();
  return {
    principal: principal.value,
    program: p,
    data: createPartnerData(db, principal.value, today, programMetrics(p)),
    format: formatterForReader(p, principal.value.locale),
    today,
    now: at,
  };
}

const planner = createRulesPlanner();

export async function plan(ctx: IntentContext, text: string): Promise<Plan> {
  return planner.plan({ text, principal: ctx.principal, program: ctx.program, data: ctx.data, today: ctx.today });
}

/** Runs one intent with arguments as the planner or a model would give them. */
export async function run(ctx: IntentContext, intent: string, args: Record<string, unknown>): Promise<IntentResult> {
  const def = intentByName(intent);
  if (!def) throw new Error(`no intent ${intent}`);
  return def.handler(def.args.parse(args), ctx);
}

export interface Asked {
  plan: Plan;
  result?: IntentResult;
}

/** A question end to end: plan, then the chosen intent. */
export async function ask(db: Db, email: string, text: string): Promise<Asked> {
  return askIn(await contextFor(db, email), text);
}

/** The same, in a context already built (many questions from one person). */
export async function askIn(ctx: IntentContext, text: string): Promise<Asked> {
  const p = await plan(ctx, text);
  return p.kind === 'intent' ? { plan: p, result: await run(ctx, p.intent, p.args) } : { plan: p };
}
