import { webApi, type types } from '@slack/bolt';
import type { Config } from '../../src/config.ts';
import type { DeliveryError, LookupOutcome, Recipient, Sender } from '../../src/notifications/platform-sender.ts';
import type { SlackMessage } from './render/block-types.ts';
import { renderReply } from './render/reply.ts';
import { slackCall, type SlackFailure } from './slack-errors.ts';

// Digests and alerts as DMs from the bot (chat.postMessage to the user id opens the app's DM).
// The outbox worker owns retries and backoff, so each call here is one try: a 429 goes back to it
// with Slack's Retry-After. An uncertain send (a 5xx, a timeout, a process killed mid-send) is
// reconciled by `lookup`: the outbox key travels as message metadata, and the DM's history since
// the first attempt is searched for it (im:write to open the DM, im:history to read it). Without
// those scopes lookup answers 'unknown' and the worker sends again: at-least-once, never lost.

const ONE_TRY = { maxWaitMs: 0, maxAttempts: 1 };
const EVENT_TYPE = 'pulse_notification';
/** Slack's clock and ours differ a little; look a minute further back than the first attempt. */
const CLOCK_SLACK_SEC = 60;
/** A DM with the bot holds few messages a day; a lookup never pages past this many. */
const MAX_HISTORY_PAGES = 10;
const UNREACHABLE = new Set(['user_not_found', 'users_not_found', 'channel_not_found', 'account_inactive', 'cannot_dm_bot', 'user_disabled', 'not_in_channel']);
const UNAVAILABLE = new Set(['unknown', 'unknown_error', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function deliveryError(f: SlackFailure): DeliveryError {
  if (f.code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: (f.retryAfterSec ?? 30) * 1000, message: f.message };
  if (UNREACHABLE.has(f.code)) return { kind: 'unreachable', message: f.message };
  if (UNAVAILABLE.has(f.code) || f.code.startsWith('slack_') || f.code === 'ECONNREFUSED') return { kind: 'unavailable', message: f.message };
  // A 5xx or no answer at all: Slack may or may not have posted it.
  if (f.code === 'request_error' || (f.code === 'http_error' && (f.httpStatus === undefined || f.httpStatus >= 500))) {
    return { kind: 'unavailable', message: f.message };
  }
  return { kind: 'rejected', message: f.message };
}

type Blocks = (types.KnownBlock | types.Block)[];
const asBlocks = (m: SlackMessage): Blocks => m.blocks as unknown as Blocks;

const slackUserOf = (recipient: Recipient): string | undefined =>
  recipient.address?.platform === 'slack' ? recipient.address.platformUserId : undefined;

/** The outbox key a posted message carries, when it is one of ours. */
function keyOf(message: { metadata?: { event_type?: string; event_payload?: unknown } }): string | undefined {
  const m = message.metadata;
  if (m?.event_type !== EVENT_TYPE || typeof m.event_payload !== 'object' || m.event_payload === null) return undefined;
  const key = (m.event_payload as Record<string, unknown>).key;
  return typeof key === 'string' ? key : undefined;
}

export function createSlackSender(client: webApi.WebClient): Sender {
  return {
    platform: 'slack',
    reachesUnlinked: false,
    async send(recipient, reply, opts) {
      const to = slackUserOf(recipient);
      if (!to) return { ok: false, error: { kind: 'unreachable', message: `${recipient.email} has no linked Slack account` } };
      let first: string | undefined;
      for (const [i, message] of renderReply(reply).entries()) {
        const r = await slackCall(
          'chat.postMessage',
          () =>
            client.chat.postMessage({
              channel: to,
              text: message.text,
              blocks: asBlocks(message),
              // The outbox's key travels with the message, for a later reconciliation by history.
              ...(i === 0 ? { metadata: { event_type: EVENT_TYPE, event_payload: { key: opts.idempotencyKey } } } : {}),
            }),
          ONE_TRY,
        );
        // A failure after the first part has landed is still "may have arrived": unavailable.
        if (!r.ok) return { ok: false, error: i === 0 ? deliveryError(r.error) : { kind: 'unavailable', message: r.error.message } };
        first ??= r.value.ts;
      }
      return { ok: true, messageId: first ?? '' };
    },
    async lookup(recipient, key, since): Promise<LookupOutcome> {
      const to = slackUserOf(recipient);
      if (!to) return { ok: true, found: null };
      const dm = await slackCall('conversations.open', () => client.conversations.open({ users: to }), ONE_TRY);
      if (!dm.ok) return lookupFailure(dm.error);
      const channel = dm.value.channel?.id;
      if (!channel) return { ok: true, found: 'unknown' };
      const oldest = String(Math.floor(since.getTime() / 1000) - CLOCK_SLACK_SEC);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
        const h = await slackCall(
          'conversations.history',
          () => client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }),
          ONE_TRY,
        );
        if (!h.ok) return lookupFailure(h.error);
        const hit = (h.value.messages ?? []).find((m) => keyOf(m) === key);
        if (hit?.ts) return { ok: true, found: { messageId: hit.ts } };
        cursor = h.value.response_metadata?.next_cursor || undefined;
        if (!cursor) return { ok: true, found: null };
      }
      return { ok: true, found: 'unknown' };
    },
  };
}

/** A token without im:write or im:history cannot tell: send again rather than lose it. */
function lookupFailure(f: SlackFailure): LookupOutcome {
  return f.code === 'missing_scope' ? { ok: true, found: 'unknown' } : { ok: false, error: deliveryError(f) };
}

/** The sender for `pulse serve` when Slack is configured (its own client: one try per call). */
export function slackSenderFor(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>): Sender | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  const url = config.SLACK_API_URL;
  return createSlackSender(
    new webApi.WebClient(config.SLACK_BOT_TOKEN, {
      ...(url ? { slackApiUrl: url.endsWith('/') ? url : `${url}/` } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 10_000,
    }),
  );
}
