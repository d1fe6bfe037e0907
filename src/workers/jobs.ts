import type { SlackJob } from '../../adapters/slack/remote-turn.ts';
import type { SlackAsker } from '../../adapters/slack/turn.ts';
import type { Outcome, Turn, TurnResult } from '../core/types.ts';

/**
 * What an answer worker can be asked to do, and what it hands back. Both cross a thread boundary
 * by structured clone: plain data only, no functions or class instances.
 */
export interface JobTypes {
  /** The core's answer, rendered and sent by the caller (Teams: its reply rides on the request). */
  answer: { payload: { turn: Turn }; result: TurnResult };
  /** A Slack turn from end to end: answer, Block Kit, delivery through response_url or the Web API. */
  slack: { payload: SlackJob; result: { outcome: Outcome | null } };
  /** A person's App Home, answered and published (its four answers are a turn's work each). */
  slackHome: { payload: { asker: SlackAsker }; result: null };
}

export type JobKind = keyof JobTypes;
