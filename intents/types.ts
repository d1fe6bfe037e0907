import type { z } from 'zod';
import type { Role } from '../db/schema.ts';
import type { Principal } from '../src/access/principal.ts';
import type { IntentLanguage } from './language.ts';
import type { IntentActions } from '../src/notifications/intent-actions.ts';
import type { PartnerData } from '../src/metrics/partner-data.ts';
import type { Program } from '../src/program/schema.ts';
import type { Formatter } from '../src/reply/format.ts';
import type { Reply } from '../src/reply/types.ts';

export interface IntentContext {
  principal: Principal;
  program: Program;
  /** Scoped reads; `data.metrics` are the metrics this program names (built-in and the vendor's). */
  data: PartnerData;
  /** Numbers, money and dates for this asker: the program's currency, the asker's locale (else the program's). */
  format: Formatter;
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
 * One intent = one file = one LLM tool. The same definition feeds the rules planner (its
 * language: examples, evidence, slots, label, rephrasing) and the model (name, description, JSON
 * schema from `args`).
 */
export interface IntentDef<S extends ArgsSchema = ArgsSchema> extends Omit<IntentLanguage, 'examples'> {
  name: string;
  description: string;
  args: S;
  /** Messages that ask for this intent; the rules planner learns from these (tests use different phrasings). */
  examples: readonly string[];
  roles: readonly Role[];
  handler: (args: z.infer<S>, ctx: IntentContext) => Promise<IntentResult>;
}
