import type { Principal } from '../access/principal.ts';
import type { PartnerData } from '../metrics/partner-data.ts';
import type { Program } from '../program/schema.ts';
import type { Clarification } from '../reply/types.ts';

export type Plan =
  | { kind: 'intent'; intent: string; args: Record<string, unknown> }
  | { kind: 'clarify'; clarify: Clarification }
  | { kind: 'help'; reason: string };

export interface PlanInput {
  text: string;
  principal: Principal;
  program: Program;
  /** Scoped, so partner names are matched only among partners the asker may see. */
  data: PartnerData;
  today: string;
}

/** Both planners (rules, LLM) honour this one contract. */
export interface Planner {
  readonly name: 'rules' | 'llm';
  plan: (input: PlanInput) => Promise<Plan>;
}
