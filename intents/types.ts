import type { z } from 'zod';
import type { Role } from '../db/schema.ts';
import type { Principal } from '../src/access/principal.ts';
import type { IntentActions } from '../src/notifications/intent-actions.ts';
import type { PartnerData } from '../src/metrics/partner-data.ts';
import type { Program } from '../src/program/schema.ts';
import type { Reply } from '../src/reply/types.ts';

export interface IntentContext {
  principal: Principal;
  program: Program;
  data: PartnerData;
  /** 'YYYY-MM-DD' of today (PULSE_NOW or the clock). */
  today: string;
  now: Date;
  /** Writes an intent may make for its asker (digest subscriptions, vendor pushes); absent where none are offered. */
  actions?: IntentActions;
}

export interface IntentResult {
  reply: Reply;
  /** The structured result behind the reply (`--json`'s `data`). */
  data: Record<string, unknown>;
}

export type ArgsSchema = z.ZodObject;

/**
 * One intent = one file = one LLM tool. The same definition feeds the rules planner (examples,
 * keywords) and the model (name, description, JSON schema from `args`).
 */
export interface IntentDef<S extends ArgsSchema = ArgsSchema> {
  name: string;
  description: string;
  args: S;
  /** Example utterances; the rules planner learns from these (tests use different phrasings). */
  examples: readonly string[];
  /** Words that point at this intent, with weights the planner adds up. */
  keywords: Readonly<Record<string, number>>;
  roles: readonly Role[];
  /** Argument values this intent reads from the text itself, beyond the planner's shared slots (checked by `args`). */
  readSlots?: (text: string) => Record<string, unknown>;
  handler: (args: z.infer<S>, ctx: IntentContext) => Promise<IntentResult>;
}
