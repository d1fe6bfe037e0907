import type { Role } from '../../db/schema.ts';
import type { PlatformIdentity } from '../identity/types.ts';
import type { Reply } from '../reply/types.ts';
import type { Delivery } from './delivery.ts';

/** One message from a person, as an adapter hands it to the core. */
export interface Turn extends PlatformIdentity {
  text: string;
  threadId?: string;
  /** Where it was asked; anything but a DM may be read by others. */
  channel?: { kind: 'dm' | 'channel' | 'shared' };
}

export type Outcome = 'ok' | 'clarify' | 'help' | 'denied' | 'not_linked' | 'bad_input' | 'error';

export interface TurnUser {
  email: string;
  role: Role;
  partner: string | null;
}

export interface TurnResult {
  intent: string | null;
  planner: 'rules' | 'llm' | null;
  args: Record<string, unknown>;
  user: TurnUser | null;
  reply: Reply;
  /** The structured result behind the reply (`--json`'s `data`); empty when no intent ran. */
  data: Record<string, unknown>;
  outcome: Outcome;
  /**
   * Where the reply may be shown (see delivery.ts): 'asker_only' when it carries partner data and
   * others can read the place it was asked (adapters answer ephemerally or by DM);
   * 'asker_if_possible' for a system reply there (help, not linked, an error, a clarifying question).
   */
  deliver: Delivery;
  /** With 'asker_if_possible': the line to show in place when the platform cannot answer privately. */
  brief?: string;
  /** Model tokens the question cost (LLM planner). */
  tokens?: number;
  /**
   * One entry per question when the message asked several (or the model ran several intents);
   * `intent`, `args` and `data` above are the first one's.
   */
  runs?: { intent: string; args: Record<string, unknown>; outcome: Outcome; data: Record<string, unknown> }[];
}
