import type { Db } from '../../db/connect.ts';
import { pushService, type PushService } from '../alerts/push.ts';
import { subscriptionStore, type SubscriptionStore } from '../digest/subscriptions.ts';
import type { Program } from '../program/schema.ts';

/**
 * The writes chat intents may make, as ports: intents never see `db`. Each method takes the
 * verified asker (or their id) from the intent's context, never from the message text.
 */
export interface IntentActions {
  subscriptions: SubscriptionStore;
  pushes: PushService;
  /** Email delivery is configured (SMTP_URL): the digest may be sent by email. */
  email: boolean;
}

export function intentActions(db: Db, program: Program, opts: { email?: boolean } = {}): IntentActions {
  return { subscriptions: subscriptionStore(db), pushes: pushService(db, program), email: opts.email ?? false };
}
