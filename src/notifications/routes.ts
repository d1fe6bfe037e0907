import type { Db } from '../../db/connect.ts';
import type { Platform } from '../../db/schema.ts';
import type { NotificationKind } from './kinds.ts';
import type { DeliveryChannel, Recipient, Sender } from './platform-sender.ts';

export type Route = { ok: true; sender: Sender; recipient: Recipient } | { ok: false; reason: string };

/** What a notification is routed by: its recipient and its kind (the digest may be asked for by email). */
export interface RouteRequest {
  recipientUserId: number;
  kind: NotificationKind;
}

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

/** A user's choices about email: the digest's channel and whether it is on, alerts unsubscribed. */
interface EmailChoices {
  digestByEmail: boolean;
  /** False once they stopped the digest (chat or unsubscribe link); undefined: no subscription row. */
  digestEnabled: boolean | undefined;
  alertsOptOut: boolean;
}

const CHANNEL_NAMES: Record<DeliveryChannel, string> = { slack: 'Slack', teams: 'Microsoft Teams', console: 'the terminal', email: 'email' };

/** Good enough to hand to an SMTP server: one @, a dot in the domain, no spaces or brackets. */
export const isEmailAddress = (s: string): boolean => /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/.test(s.trim());

export const routeKey = (r: RouteRequest): string => `${r.recipientUserId}:${r.kind}`;

/**
 * Where each notification goes, for a batch in a few queries: the digest by email when its
 * owner asked for that; otherwise the platform the recipient last linked from among those
 * configured here; else a sender that reaches people without a link (email, the terminal
 * outbox); else a reason why they cannot be reached. Keyed by `routeKey`.
 */
export async function loadRoutes(db: Db, requests: readonly RouteRequest[], senders: readonly Sender[]): Promise<Map<string, Route>> {
  const routes = new Map<string, Route>();
  const ids = [...new Set(requests.map((r) => r.recipientUserId))];
  if (ids.length === 0) return routes;
  const email = senders.find((s) => s.platform === 'email');
  const [users, identities, subs, optOuts] = await Promise.all([
    db.selectFrom('users').select(['id', 'email', 'name', 'time_zone']).where('id', 'in', ids).execute(),
    db
      .selectFrom('chat_identities')
      .select(['user_id', 'platform', 'workspace_id', 'platform_user_id'])
      .where('user_id', 'in', ids)
      .orderBy('linked_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    email ? db.selectFrom('digest_subscriptions').select(['user_id', 'channel', 'enabled']).where('user_id', 'in', ids).execute() : [],
    email ? db.selectFrom('email_opt_outs').select(['user_id', 'topic']).where('user_id', 'in', ids).execute() : [],
  ]);
  const byUser = new Map<number, IdentityRow[]>();
  for (const row of identities) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  for (const r of requests) {
    const key = routeKey(r);
    if (routes.has(key)) continue;
    const user = users.find((u) => u.id === r.recipientUserId);
    if (!user) {
      routes.set(key, { ok: false, reason: `user ${r.recipientUserId} no longer exists` });
      continue;
    }
    const sub = subs.find((s) => s.user_id === user.id);
    const choices: EmailChoices = {
      digestByEmail: sub?.channel === 'email',
      digestEnabled: sub?.enabled,
      alertsOptOut: optOuts.some((o) => o.user_id === user.id && o.topic === 'alerts'),
    };
    routes.set(key, routeFor(user, r.kind, byUser.get(user.id) ?? [], choices, senders));
  }
  return routes;
}

function routeFor(user: UserRow, kind: NotificationKind, identities: readonly IdentityRow[], choices: EmailChoices, senders: readonly Sender[]): Route {
  const base: Recipient = { userId: user.id, email: user.email, name: user.name, timeZone: user.time_zone };
  const email = senders.find((s) => s.platform === 'email');
  const byEmail = (): Route => {
    if (!email) return { ok: false, reason: 'email is not configured here' };
    if (!isEmailAddress(user.email)) return { ok: false, reason: `user ${user.id} has no usable email address ("${user.email}")` };
    if (kind === 'digest' && choices.digestEnabled === false) return { ok: false, reason: `${user.email} stopped the digest (unsubscribed)` };
    if (kind !== 'digest' && choices.alertsOptOut) return { ok: false, reason: `${user.email} unsubscribed from alert emails` };
    return { ok: true, sender: email, recipient: base };
  };
  // Asked for by email: email first, chat when email cannot take it (no usable address).
  if (kind === 'digest' && choices.digestByEmail && email && isEmailAddress(user.email)) return byEmail();
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
  if (email) return byEmail();
  const open = senders.find((d) => d.reachesUnlinked);
  if (open) return { ok: true, sender: open, recipient: base };
  const configured = senders.map((d) => CHANNEL_NAMES[d.platform]);
  if (identities.length > 0) {
    const linked = [...new Set(identities.map((i) => CHANNEL_NAMES[i.platform]))].join(' and ');
    return { ok: false, reason: `${user.email} is linked only on ${linked}, which is not configured here` };
  }
  const where = configured.length > 0 ? configured.join(' or ') : 'any chat platform';
  return { ok: false, reason: `${user.email} has no linked ${where} account (they have never used Partner Pulse there); set SMTP_URL to reach them by email` };
}
