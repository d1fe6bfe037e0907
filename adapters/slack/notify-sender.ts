import { webApi, type types } from '@slack/bolt';
import type { Config } from '../../src/config.ts';
import type { DeliveryError, Sender } from '../../src/notifications/platform-sender.ts';
import type { SlackMessage } from './render/block-types.ts';
import { renderReply } from './render/reply.ts';
import { slackCall, type SlackFailure } from './slack-errors.ts';

// Digests and alerts as DMs from the bot (chat.postMessage to the user id opens the app's DM).
// The outbox worker owns retries and backoff, so each call here is one try: a 429 goes back to it
// with Slack's Retry-After. No `lookup` yet (reading the DM's history for the message metadata
// would need im:history): an uncertain send is sent again, so Slack is at-least-once.

const ONE_TRY = { maxWaitMs: 0, maxAttempts: 1 };
const UNREACHABLE = new Set(['user_not_found', 'users_not_found', 'channel_not_found', 'account_inactive', 'cannot_dm_bot', 'user_disabled', 'not_in_channel']);
const UNAVAILABLE = new Set(['unknown', 'unknown_error', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function deliveryError(f: SlackFailure): DeliveryError {
  if (f.code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: (f.retryAfterSec ?? 30) * 1000, message: f.message };
  if (UNREACHABLE.has(f.code)) return { kind: 'unreachable', message: f.message };
  if (UNAVAILABLE.has(f.code) || f.code.startsWith('slack_') || f.code === 'ECONNREFUSED') return { kind: 'unavailable', message: f.message };
  return { kind: 'rejected', message: f.message };
}

type Blocks = (types.KnownBlock | types.Block)[];
const asBlocks = (m: SlackMessage): Blocks => m.blocks as unknown as Blocks;

export function createSlackSender(client: webApi.WebClient): Sender {
  return {
    platform: 'slack',
    reachesUnlinked: false,
    async send(recipient, reply, opts) {
      const to = recipient.address?.platform === 'slack' ? recipient.address.platformUserId : undefined;
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
              ...(i === 0 ? { metadata: { event_type: 'pulse_notification', event_payload: { key: opts.idempotencyKey } } } : {}),
            }),
          ONE_TRY,
        );
        // A failure after the first part has landed is still "may have arrived": unavailable.
        if (!r.ok) return { ok: false, error: i === 0 ? deliveryError(r.error) : { kind: 'unavailable', message: r.error.message } };
        first ??= r.value.ts;
      }
      return { ok: true, messageId: first ?? '' };
    },
  };
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
