import { z } from 'zod';
import type { Role } from '../../db/schema.ts';
import { METRIC_ARGS } from '../../intents/shared-args.ts';
import type { IntentDef } from '../../intents/types.ts';
import type { ToolSpec } from './model.ts';

/**
 * Argument names that would let the model say who is asking. Who asks, their role and scope come
 * from the verified user only; an intent whose schema had one of these would be a hole, so it is
 * refused here rather than offered.
 */
const IDENTITY_ARGS = /^(user|user_?id|email|role|scope|principal|caller|asker|tenant|workspace)s?$/i;

/**
 * The tools a person with this role may use: one per intent, from the intent's own zod schema.
 * `metrics` are the names the program knows (built-in and its own); every metric argument lists them.
 */
export function toolSpecs(intents: readonly IntentDef[], role: Role, metrics?: readonly string[]): ToolSpec[] {
  return intents.filter((i) => i.roles.includes(role)).map((i) => toolSpec(i, metrics));
}

export function toolSpec(def: IntentDef, metrics?: readonly string[]): ToolSpec {
  const bad = Object.keys(def.args.shape).find((k) => IDENTITY_ARGS.test(k));
  if (bad) throw new Error(`intent ${def.name} takes "${bad}": the caller's identity is never a tool argument`);
  // The input side: what the model may send, before defaults and transforms.
  const schema = z.toJSONSchema(def.args, {
    io: 'input',
    unrepresentable: 'any',
    // A metric argument is one of the program's metrics, by name.
    override: (ctx) => {
      if (metrics && metrics.length > 0 && METRIC_ARGS.has(ctx.zodSchema)) {
        const json = ctx.jsonSchema as { enum?: string[]; minLength?: number; maxLength?: number };
        json.enum = [...metrics];
        delete json.minLength;
        delete json.maxLength;
      }
    },
  }) as Record<string, unknown>;
  const { $schema: _ignored, ...parameters } = schema;
  return { name: def.name, description: def.description, parameters };
}
