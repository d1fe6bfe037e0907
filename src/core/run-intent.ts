import type { z } from 'zod';
import { metricArgKeys } from '../../intents/shared-args.ts';
import type { IntentContext, IntentDef } from '../../intents/types.ts';
import { textReply } from '../reply/types.ts';
import { roleDeniedReply } from './replies.ts';
import type { Step, Trace } from './trace.ts';

/** "tiers[0]: expected a number" — the first problem, one line, for the person who asked. */
export function describeArgsIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'the question is missing something';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Role check, argument check, then the handler. Throws only what the handler throws. */
export async function runIntent(
  def: IntentDef,
  rawArgs: Record<string, unknown>,
  ctx: IntentContext,
  trace: Trace,
): Promise<Step> {
  const asOf = ctx.now.toISOString();
  trace.intent = def.name;
  trace.args = rawArgs;
  const role = ctx.principal.role;
  if (!def.roles.includes(role)) {
    return { outcome: 'denied', reply: roleDeniedReply(def, role, asOf), detail: `role ${role} may not use ${def.name}` };
  }
  const parsed = def.args.safeParse(rawArgs);
  if (!parsed.success) {
    const why = describeArgsIssue(parsed.error);
    return { outcome: 'bad_input', reply: textReply(`I couldn't answer that (${why}); try rephrasing it.`, asOf), detail: why };
  }
  trace.args = parsed.data;
  // A metric is named by a string the program must know (a model may name one it made up).
  const unknown = unknownMetric(def, parsed.data, ctx);
  if (unknown) return { outcome: 'bad_input', reply: textReply(unknown, asOf), detail: unknown };
  const result = await def.handler(parsed.data, ctx);
  const refused = scopeRefusal(result.data);
  if (refused) return { outcome: 'denied', reply: result.reply, data: result.data, detail: refused };
  return { outcome: 'ok', reply: result.reply, data: result.data };
}

/** The first metric argument the program does not know, worded for the asker; undefined when all are known. */
function unknownMetric(def: IntentDef, args: Record<string, unknown>, ctx: IntentContext): string | undefined {
  const metrics = ctx.data.metrics;
  for (const key of metricArgKeys(def.args)) {
    const v = args[key];
    for (const name of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      if (typeof name !== 'string' || !metrics.has(name)) {
        const labels = metrics.all.map((m) => `${m.name} (${m.label})`).join(', ');
        return `I don't know the metric “${String(name).slice(0, 60)}”; I know ${labels}.`;
      }
    }
  }
  return undefined;
}

/**
 * Intents answer an out-of-scope or unknown partner themselves (with the name asked for) and mark
 * it as `data.error.code`; the audit log still records it as a denial.
 */
function scopeRefusal(data: Record<string, unknown>): string | undefined {
  const error = data.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'not_found' && code !== 'forbidden') return undefined;
  return `${code}: ${typeof message === 'string' ? message : ''}`.trim();
}
