import { z } from 'zod';

// Arguments several intents take, worded once: the same words reach the LLM in every tool.

/** Another partner than the asker's own; resolved only among the partners in the asker's scope. */
export const otherPartnerArg = z
  .string()
  .max(120)
  .optional()
  .describe('Partner name as the user wrote it, only when asking about a partner other than their own.');

/** The tier a partner is measured against. */
export const targetTierArg = z
  .string()
  .max(40)
  .optional()
  .describe('Tier to measure against, by name as in the program (e.g. "Gold"). Omit for the next tier up.');

/**
 * Arguments that name a metric. Which names exist is the program's (the built-in catalog and its
 * own `metrics:`), so the schema is a string marked here: the model's tool schema lists the
 * program's names for it (src/llm/tools.ts), and every run checks the name against the program
 * before the handler (src/core/run-intent.ts), so a handler only ever sees a metric that exists.
 */
export const METRIC_ARGS = z.registry<{ metric: true }>();

/** A metric by name: `description` says which one the intent wants. */
export function metricArg(description: string): z.ZodString {
  const s = z.string().min(1).max(60).describe(description);
  METRIC_ARGS.add(s, { metric: true });
  return s;
}

/** The argument keys of a schema that name metrics (a metric, optional or in a list). */
export function metricArgKeys(schema: z.ZodObject): string[] {
  const named = (t: z.core.$ZodType): boolean => {
    if (METRIC_ARGS.has(t)) return true;
    const def = t._zod.def as { innerType?: z.core.$ZodType; element?: z.core.$ZodType };
    if (def.innerType) return named(def.innerType);
    if (def.element) return named(def.element);
    return false;
  };
  return Object.entries(schema.shape).filter(([, t]) => named(t as z.core.$ZodType)).map(([k]) => k);
}
