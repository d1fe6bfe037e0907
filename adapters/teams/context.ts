import type { Logger } from 'pino';
import type { App } from '../../src/app.ts';
import type { TeamsConversationStore, TeamsPerson } from '../../src/notifications/teams-conversations.ts';
import type { Planner } from '../../src/planner/types.ts';
import type { TurnGate } from '../../src/core/turn-gate.ts';
import type { AnswerPool } from '../../src/workers/answer-pool.ts';
import type { Chart } from '../../src/reply/types.ts';
import { TtlCache } from '../slack/ttl-cache.ts';
import type { PulseCloudAdapter } from './cloud-adapter.ts';

export type { TeamsPerson };

/** Everything the activity handler and the proactive sender need, built once per adapter. */
export interface TeamsDeps {
  core: App;
  planner?: Planner;
  log: Logger;
  adapter: PulseCloudAdapter;
  /** The bot's Microsoft App ID ('' in a test configuration): the identity proactive turns run as. */
  appId: string;
  /** Set for a single-tenant bot: people from other tenants are never linked. */
  tenantId?: string;
  store: TeamsConversationStore;
  /** After this long without an answer, a typing indicator shows. */
  slowAfterMs: number;
  renderPng: (chart: Chart) => Promise<Buffer>;
  /** Bounds the turns worked at once and the line waiting for them. */
  gate: TurnGate;
  /**
   * Answer workers: the core's answer is worked there, off the thread that acknowledges Slack.
   * The card is rendered and sent here, on the request's own TurnContext (Bot Framework replies
   * ride on it, so that part cannot move).
   */
  pool?: AnswerPool;
  /** Emails from TeamsInfo.getMember, by tenant + AAD object id (null: Teams gave none). */
  emails: TtlCache<string | null>;
  /** Personal chats whose reference is already stored, so a chat of many messages writes once. */
  savedReferences: TtlCache<true>;
  /** Activity ids of proactive messages by idempotency key (the outbox's lookup). */
  sentKeys: TtlCache<string>;
}

export const personKey = (p: TeamsPerson): string => `${p.tenantId}:${p.aadObjectId}`;

export function createCaches(): Pick<TeamsDeps, 'emails' | 'savedReferences' | 'sentKeys'> {
  return {
    // A changed email, or someone newly added to Partner Pulse, shows up within five minutes.
    emails: new TtlCache<string | null>(20_000, 5 * 60_000),
    savedReferences: new TtlCache<true>(50_000, 60 * 60_000),
    // The outbox asks soon after a timeout; older keys are read from teams_sent_messages.
    sentKeys: new TtlCache<string>(100_000, 24 * 60 * 60_000),
  };
}
