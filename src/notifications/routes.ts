import type { Db } from '../../db/connect.ts';
import type { Platform } from '../../db/schema.ts';
import type { Recipient, Sender } from './platform-sender.ts';

export type Route = { ok: true; sender: Sender; recipient: Recipient } | { ok: false; reason: string };

interface UserRow {
  id: number;
  email: string;
  name: string;
  time_zone: string;
}

interface IdentityRow {
  user_id: number;
  platform: Platform;
  workspace_id: string;
  platform_user_id: string;
}

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Microsoft Teams', console: 'the terminal' };

/**
 * Where each recipient is reached, for a batch of notifications in two queries: the platform
 * they last linked from among those configured here, else a sender that reaches people
 * without a link (the terminal outbox), else a reason why they cannot be reached.
 */
export async function loadRoutes(db: Db, userIds: readonly number[], senders: readonly Sender[]): Promise<Map<number, Route>> {
  const ids = [...new Set(userIds)];
  const routes = new Map<number, Route>();
  if (ids.length === 0) return routes;
  const [users, identities] = await Promise.all([
    db.selectFrom('users').select(['id', 'email', 'name', 'time_zone']).where('id', 'in', ids).execute(),
    db
      .selectFrom('chat_identities')
      .select(['user_id', 'platform', 'workspace_id', 'platform_user_id'])
      .where('user_id', 'in', ids)
      .orderBy('linked_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  const byUser = new Map<number, IdentityRow[]>();
  for (const row of identities) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  for (const id of ids) {
    const user = users.find((u) => u.id === id);
    routes.set(id, user ? routeFor(user, byUser.get(id) ?? [], senders) : { ok: false, reason: `user ${id} no longer exists` });
  }
  return routes;
}

function routeFor(user: UserRow, identities: readonly IdentityRow[], senders: readonly Sender[]): Route {
  const base: Recipient = { userId: user.id, email: user.email, name: user.name, timeZone: user.time_zone };
  for (const identity of identities) {
    const sender = senders.find((d) => d.platform === identity.platform);
    if (sender) {
      return {
        ok: true,
        sender,
        recipient: {
          ...base,
          address: { platform: identity.platform, workspaceId: identity.workspace_id, platformUserId: identity.platform_user_id },
        },
      };
    }
  }
  const open = senders.find((d) => d.reachesUnlinked);
  if (open) return { ok: true, sender: open, recipient: base };
  const configured = senders.map((d) => PLATFORM_NAMES[d.platform]);
  if (identities.length > 0) {
    const linked = [...new Set(identities.map((i) => PLATFORM_NAMES[i.platform]))].join(' and ');
    return { ok: false, reason: `${user.email} is linked only on ${linked}, which is not configured here` };
  }
  const where = configured.length > 0 ? configured.join(' or ') : 'any chat platform';
  return { ok: false, reason: `${user.email} has no linked ${where} account (they have never used Partner Pulse there)` };
}
