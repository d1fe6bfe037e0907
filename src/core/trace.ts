import type { ToolRun } from '../planner/types.ts';
import type { Reply } from '../reply/types.ts';
import type { Outcome, TurnUser } from './types.ts';

/** What a turn learned so far; the audit row and the result are built from it whatever happens. */
export interface Trace {
  userId: number | null;
  actor: string;
  user: TurnUser | null;
  planner: 'rules' | 'llm' | null;
  intent: string | null;
  /** Every intent of a several-question turn, joined ("tier_progress+certifications"), for the audit row. */
  auditIntent?: string;
  args: Record<string, unknown>;
  /** Model tokens the question cost. */
  tokens?: number;
  /** The LLM budget limit the question reached, if any (answered from what had run by then). */
  limit?: string;
  /** Every intent that answered, with its parsed arguments: the context for a follow-up. */
  runs?: { intent: string; args: Record<string, unknown> }[];
}

/** How one step of a turn ended: the reply to give, and what the audit log should say about it. */
export interface Step {
  outcome: Outcome;
  reply: Reply;
  data?: Record<string, unknown>;
  detail?: string;
  /** The intents a planner ran itself (the LLM's tool calls). */
  runs?: ToolRun[];
}
