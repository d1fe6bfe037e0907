import type { Principal } from '../access/principal.ts';
import type { Outcome } from '../core/types.ts';
import type { PartnerData } from '../metrics/partner-data.ts';
import type { Program } from '../program/schema.ts';
import type { Clarification, Reply } from '../reply/types.ts';

/** One intent the core ran for a planner (the LLM's tool call), under the asker's scope. */
export interface ToolRun {
  intent: string;
  /** The arguments as the intent's schema parsed them. */
  args: Record<string, unknown>;
  outcome: Outcome;
  reply: Reply;
  data: Record<string, unknown>;
  detail?: string;
}

/** Runs one intent with the verified asker's role and scope; the planner never sees either. */
export type RunTool = (intent: string, args: Record<string, unknown>) => Promise<ToolRun>;

/** What an earlier turn in the same thread asked and what answered it (oldest first). */
export interface ContextTurn {
  text: string;
  runs: { intent: string; args: Record<string, unknown> }[];
  summary: string;
}

/** The plan for one question. */
export type SinglePlan =
  | { kind: 'intent'; intent: string; args: Record<string, unknown> }
  | { kind: 'clarify'; clarify: Clarification }
  | { kind: 'help'; reason: string };

export type Plan = (
  | SinglePlan
  /** Two or three questions in one message, each planned on its own, answered in order. */
  | { kind: 'parts'; parts: SinglePlan[] }
  /** Intents already run through `PlanInput.run` (the LLM's tool calls), with the model's prose if grounded. */
  | { kind: 'ran'; runs: ToolRun[]; prose?: string }
) & {
  /** Which planner made the plan when it differs from the one asked (the LLM falling back to rules). */
  via?: 'rules' | 'llm';
  /** Model tokens this question cost. */
  tokens?: number;
  /** "Show that as a chart": the answer's charts first. */
  present?: 'chart';
  /** The LLM question's budget limit that stopped it ("tool calls per round (6)"); the audit row names it. */
  limit?: string;
};

export interface PlanInput {
  text: string;
  principal: Principal;
  program: Program;
  /** Scoped, so partner names are matched only among partners the asker may see. */
  data: PartnerData;
  today: string;
  /** Earlier turns of this thread, for follow-ups ("and last quarter?"). */
  context?: readonly ContextTurn[];
  /** Present when the core lets the planner run intents itself (the LLM's tool rounds). */
  run?: RunTool;
  /** Model tokens the asker has left today; the LLM planner hands over to rules at 0. */
  tokenAllowance?: number;
}

/** Both planners (rules, LLM) honour this one contract. */
export interface Planner {
  readonly name: 'rules' | 'llm';
  plan: (input: PlanInput) => Promise<Plan>;
}
