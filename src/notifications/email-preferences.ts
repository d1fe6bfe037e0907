import type { Db } from '../../db/connect.ts';
import { DEFAULT_SCHEDULE } from '../digest/schedule.ts';
import { subscriptionStore } from '../digest/subscriptions.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { EmailTopic } from './unsubscribe.ts';

// What an unsubscribe link turns off and on again. The digest's link is the chat command "stop my
// digest" (the subscription's `enabled`); alerts have no subscription, so their link records an
// opt-out of alert emails (chat delivery is unaffected).

export interface EmailSubscriptionState {
  topic: EmailTopic;
  email: string;
  /** True while this kind of mail still reaches them. */
  subscribed: boolean;
}

async function userEmail(db: Db, userId: number): Promise<string | undefined> {
  return (await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst())?.email;
}

const gone = () => fail<EmailSubscriptionState>('not_found', 'This unsubscribe link belongs to a person who is no longer in Partner Pulse; nothing more will be sent to them.');

export async function emailSubscription(db: Db, userId: number, topic: EmailTopic): Promise<Result<EmailSubscriptionState>> {
  const email = await userEmail(db, userId);
  if (email === undefined) return gone();
  if (topic === 'digest') {
    const sub = await subscriptionStore(db).get(userId);
    return ok({ topic, email, subscribed: sub?.enabled ?? false });
  }
  const out = await db.selectFrom('email_opt_outs').select('user_id').where('user_id', '=', userId).where('topic', '=', 'alerts').executeTakeFirst();
  return ok({ topic, email, subscribed: out === undefined });
}

/** Turns this kind of mail off (`on` false) or back on; returns the state after. */
export async function setEmailSubscription(db: Db, userId: number, topic: EmailTopic, on: boolean): Promise<Result<EmailSubscriptionState>> {
  const email = await userEmail(db, userId);
  if (email === undefined) return gone();
  if (topic === 'digest') {
    const store = subscriptionStore(db);
    if (!on) await store.stop(userId);
    else {
      const sub = await store.get(userId);
      // Back on as it was (its day, time and channel); a person who never had one gets the default.
      if (sub) await store.set(userId, sub.schedule, sub.timeZone, sub.channel);
      else {
        const user = await db.selectFrom('users').select('time_zone').where('id', '=', userId).executeTakeFirstOrThrow();
        await store.set(userId, DEFAULT_SCHEDULE, user.time_zone, 'email');
      }
    }
    return emailSubscription(db, userId, topic);
  }
  if (on) await db.deleteFrom('email_opt_outs').where('user_id', '=', userId).where('topic', '=', 'alerts').execute();
  else {
    await db
      .insertInto('email_opt_outs')
      .values({ user_id: userId, topic: 'alerts' })
      .onConflict((oc) => oc.columns(['user_id', 'topic']).doNothing())
      .execute();
  }
  return emailSubscription(db, userId, topic);
}
