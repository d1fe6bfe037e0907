import type { Logger } from 'pino';
import type { App } from '../../src/app.ts';
import type { Planner } from '../../src/planner/types.ts';
import type { TurnGate } from '../../src/core/turn-gate.ts';
import type { AnswerPool } from '../../src/workers/answer-pool.ts';
import type { Chart } from '../../src/reply/types.ts';
import { TtlCache } from './ttl-cache.ts';

export type ChannelKind = 'dm' | 'channel' | 'shared';

/** What users.info told us about a person: their home team and the email Slack verified. */
export interface SlackPerson {
  teamId: string;
  email?: string;
}

/** Everything a listener needs, built once per adapter. */
export interface SlackDeps {
  core: App;
  /** The planner for `answer()`; the core's default when unset. */
  planner?: Planner;
  log: Logger;
  /** After this long without an answer, a "working on it" message appears (then is replaced). */
  slowAfterMs: number;
  renderPng: (chart: Chart) => Promise<Buffer>;
  /** Bounds the turns worked at once and the line waiting for them. */
  gate: TurnGate;
  /** Answer workers: admitted turns are answered and delivered there, off the acknowledging thread. */
  pool?: AnswerPool;
  /** Event ids already handled: Slack's retries of them are dropped. */
  seenEvents: TtlCache<true>;
  people: TtlCache<SlackPerson>;
  channelKinds: TtlCache<ChannelKind>;
}

export function createCaches(): Pick<SlackDeps, 'seenEvents' | 'people' | 'channelKinds'> {
  return {
    // Slack retries an event up to three times over about five minutes; keep ids for an hour.
    seenEvents: new TtlCache<true>(50_000, 60 * 60_000),
    // A changed email or a channel turned into a shared one shows up within five minutes.
    people: new TtlCache<SlackPerson>(20_000, 5 * 60_000),
    channelKinds: new TtlCache<ChannelKind>(20_000, 5 * 60_000),
  };
}
