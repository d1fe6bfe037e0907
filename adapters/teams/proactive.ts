import type { Reply } from '../../src/reply/types.ts';
import { connectorRetryAfterMs, connectorStatus, describeConnectorError } from './connector-errors.ts';
import type { TeamsDeps } from './context.ts';
import { parseReference } from './reference.ts';
import { sendReply } from './send-card.ts';

// Proactive messages (digests, alerts) to a person's personal chat with the bot. The shapes below
// are the notifications layer's port (src/notifications), restated here so nothing in src/ has to
// know this adapter and nothing of the Bot Framework leaks out.

export interface ProactiveRecipient {
  userId: number;
  email: string;
  /** Their Teams identity (tenant id, AAD object id) when the notifications layer knows it. */
  address?: { platform: string; workspaceId: string; platformUserId: string };
}

export interface ProactiveOptions {
  /** Remembered with the activity id, so `lookup` can tell whether an uncertain send arrived. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export type ProactiveError =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'unavailable' | 'rejected' | 'unreachable'; message: string };

export type ProactiveOutcome = { ok: true; messageId: string } | { ok: false; error: ProactiveError };
export type ProactiveLookup = { ok: true; found: { messageId: string } | 'unknown' };

export interface TeamsSender {
  readonly platform: 'teams';
  /** Teams can only reach people who have a personal chat with the bot. */
  readonly reachesUnlinked: false;
  send(recipient: ProactiveRecipient, reply: Reply, opts?: ProactiveOptions): Promise<ProactiveOutcome>;
  lookup(recipient: ProactiveRecipient, idempotencyKey: string, since: Date): Promise<ProactiveLookup>;
}

/** How long to wait when a 429 outlived our own retries and Teams named no time. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

function failure(e: unknown): ProactiveOutcome {
  const status = connectorStatus(e);
  const message = describeConnectorError(e);
  if (status === 429) return { ok: false, error: { kind: 'rate_limited', retryAfterMs: connectorRetryAfterMs(e) ?? DEFAULT_RATE_LIMIT_WAIT_MS, message } };
  // The person removed or blocked the app, or left the tenant: their chat is gone.
  if (status === 403 || status === 404) return { ok: false, error: { kind: 'unreachable', message } };
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 412) return { ok: false, error: { kind: 'rejected', message } };
  return { ok: false, error: { kind: 'unavailable', message } };
}

export function createTeamsSender(deps: TeamsDeps): TeamsSender {
  async function referenceFor(recipient: ProactiveRecipient) {
    const a = recipient.address;
    const byPerson = a?.platform === 'teams' ? await deps.store.forPerson({ tenantId: a.workspaceId, aadObjectId: a.platformUserId }) : undefined;
    return parseReference(byPerson ?? (await deps.store.forUser(recipient.userId)));
  }

  return {
    platform: 'teams',
    reachesUnlinked: false,
    async send(recipient, reply, opts = {}) {
      const reference = await referenceFor(recipient);
      if (!reference) {
        return {
          ok: false,
          error: {
            kind: 'unreachable',
            message: `${recipient.email} has never chatted with Partner Pulse in Teams, so there is no chat to post in; nothing was sent (they need to open the app or message it once)`,
          },
        };
      }
      if (opts.signal?.aborted) return { ok: false, error: { kind: 'unavailable', message: 'cancelled before sending' } };
      let messageId = '';
      try {
        await deps.adapter.continueIn(deps.appId, reference, async (context) => {
          messageId = await sendReply(deps, context, reply);
        });
      } catch (e) {
        deps.log.warn({ user: recipient.userId, err: describeConnectorError(e) }, 'proactive Teams message failed');
        return failure(e);
      }
      if (opts.idempotencyKey) {
        deps.sentKeys.set(opts.idempotencyKey, messageId);
        // Kept in the database too, so a send whose answer the outbox stopped waiting for, or a
        // restarted process, still finds it.
        await deps.store
          .rememberSent(opts.idempotencyKey, messageId)
          .catch((e: unknown) => deps.log.warn({ err: e, user: recipient.userId }, 'recording a sent Teams message failed'));
      }
      return { ok: true, messageId };
    },
    async lookup(_recipient, idempotencyKey) {
      // The Bot Framework cannot search a chat: what was sent is known only from our own record.
      // A process killed between Teams accepting and the record being written cannot tell
      // ('unknown': sent again, at least once).
      const messageId = deps.sentKeys.get(idempotencyKey) ?? (await deps.store.sentActivity(idempotencyKey));
      return { ok: true, found: messageId !== undefined ? { messageId } : 'unknown' };
    },
  };
}
