import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { DEFAULT_SCHEDULE, parseCron, toCron, type WeeklySchedule } from './schedule.ts';

/** Where the digest goes: chat (the linked platform, email when there is none) or email. */
export type DigestChannel = 'chat' | 'email';

export interface Subscription {
  userId: number;
  channel: DigestChannel;
  schedule: WeeklySchedule;
  cron: string;
  timeZone: string;
  enabled: boolean;
  isDefault: boolean;
  updatedAt: Date;
}

/** What the digest_subscribe intent may do: its own user's subscription only (the id comes from the principal). */
export interface SubscriptionStore {
  /** The user's subscription, or the managers' default they would get, or undefined. */
  get(userId: number): Promise<Subscription | undefined>;
  /** `channel` unchanged when not given (chat for a new subscription). */
  set(userId: number, schedule: WeeklySchedule, timeZone: string, channel?: DigestChannel): Promise<Subscription>;
  /** False when there was nothing to stop. */
  stop(userId: number): Promise<boolean>;
}

type Row = { user_id: number; cron: string; time_zone: string; channel: string; enabled: boolean; is_default: boolean; updated_at: unknown };

// Stored as 'email', or 'auto' (the column's value from before email: chat first).
const toChannel = (stored: string): DigestChannel => (stored === 'email' ? 'email' : 'chat');
const stored = (c: DigestChannel): string => (c === 'email' ? 'email' : 'auto');

const toSub = (r: Row): Subscription => ({
  userId: r.user_id,
  channel: toChannel(r.channel),
  cron: r.cron,
  schedule: parseCron(r.cron) ?? DEFAULT_SCHEDULE,
  timeZone: r.time_zone,
  enabled: r.enabled,
  isDefault: r.is_default,
  updatedAt: r.updated_at instanceof Date ? r.updated_at : new Date(String(r.updated_at)),
});

const COLUMNS = ['user_id', 'cron', 'time_zone', 'channel', 'enabled', 'is_default', 'updated_at'] as const;

/**
 * Channel managers get Monday 08:00 in their own time zone unless they have a row already; a
 * manager who stopped the digest keeps a disabled row, so the default never comes back.
 */
export async function ensureDefaultSubscriptions(db: Db): Promise<number> {
  const r = await sql`
    insert into digest_subscriptions (user_id, cron, time_zone, channel, is_default)
    select u.id, ${toCron(DEFAULT_SCHEDULE)}, u.time_zone, 'auto', true
    from users u
    where u.role = 'channel_manager'
      and not exists (select 1 from digest_subscriptions s where s.user_id = u.id)
    on conflict (user_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export function subscriptionStore(db: Db): SubscriptionStore {
  const read = async (userId: number) => {
    const row = await db.selectFrom('digest_subscriptions').select(COLUMNS).where('user_id', '=', userId).executeTakeFirst();
    return row ? toSub(row) : undefined;
  };
  return {
    async get(userId) {
      const row = await read(userId);
      if (row) return row;
      const user = await db.selectFrom('users').select(['role', 'time_zone']).where('id', '=', userId).executeTakeFirst();
      if (user?.role !== 'channel_manager') return undefined;
      return { userId, channel: 'chat', schedule: DEFAULT_SCHEDULE, cron: toCron(DEFAULT_SCHEDULE), timeZone: user.time_zone, enabled: true, isDefault: true, updatedAt: new Date(0) };
    },
    async set(userId, schedule, timeZone, channel) {
      const cron = toCron(schedule);
      const row = await db
        .insertInto('digest_subscriptions')
        .values({ user_id: userId, cron, time_zone: timeZone, channel: stored(channel ?? 'chat'), enabled: true, is_default: false })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            cron,
            time_zone: timeZone,
            ...(channel ? { channel: stored(channel) } : {}),
            enabled: true,
            is_default: false,
            updated_at: sql<Date>`now()` as never,
          }),
        )
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toSub(row);
    },
    async stop(userId) {
      const current = await this.get(userId);
      if (!current?.enabled) return false;
      await db
        .insertInto('digest_subscriptions')
        .values({ user_id: userId, cron: current.cron, time_zone: current.timeZone, channel: 'auto', enabled: false, is_default: current.isDefault })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ enabled: false, updated_at: sql<Date>`now()` as never }))
        .execute();
      return true;
    },
  };
}

/** Every enabled subscription with its owner's time zone fallback, for the digest run. */
export async function enabledSubscriptions(db: Db): Promise<Subscription[]> {
  const rows = await db.selectFrom('digest_subscriptions').select(COLUMNS).where('enabled', '=', true).orderBy('user_id').execute();
  return rows.map(toSub);
}
