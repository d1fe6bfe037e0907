// Slack Web API failures as one clear line for the log, and as a code the adapter can branch on.
// The Web API client throws; everything in this adapter that calls Slack goes through
// `slackCall`, which turns those throws into values.

export type SlackFailure = { code: string; message: string; retryAfterSec?: number; httpStatus?: number };
export type SlackResult<T> = { ok: true; value: T } | { ok: false; error: SlackFailure };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

const HINTS: Record<string, string> = {
  not_in_channel: 'the app is not a member of this channel; invite it with /invite',
  channel_not_found: 'the channel does not exist or the app cannot see it (a private channel it was not added to?)',
  invalid_auth: 'SLACK_BOT_TOKEN was rejected; copy the Bot User OAuth Token from the app settings again',
  not_authed: 'no token was sent; set SLACK_BOT_TOKEN',
  token_revoked: 'SLACK_BOT_TOKEN was revoked; reinstall the app to the workspace',
  account_inactive: 'the token belongs to a deactivated app or user; reinstall the app',
  is_archived: 'the channel is archived',
  user_not_found: 'Slack does not know that user',
  users_not_found: 'Slack does not know that user',
  invalid_blocks: 'Slack rejected the message blocks',
  msg_too_long: 'the message text is too long for Slack',
  expired_trigger_id: 'the modal trigger expired (more than 3 seconds passed)',
  ratelimited: 'rate limited by Slack',
};

/** The Slack error code and a sentence saying what to do about it. */
export function describeSlackError(e: unknown, method: string): SlackFailure {
  const code = isObj(e) && typeof e.code === 'string' ? e.code : 'unknown';
  if (code === 'slack_webapi_platform_error' && isObj(e) && isObj(e.data)) {
    const slackCode = typeof e.data.error === 'string' ? e.data.error : 'unknown_error';
    let hint = HINTS[slackCode] ?? 'see the Slack API documentation for this error';
    if (slackCode === 'missing_scope' && typeof e.data.needed === 'string') {
      hint = `the bot token lacks the ${e.data.needed} scope; reinstall the app from manifest.yml`;
    }
    const details = isObj(e.data.response_metadata) && Array.isArray(e.data.response_metadata.messages)
      ? ` (${e.data.response_metadata.messages.map(String).join('; ').slice(0, 500)})`
      : '';
    return { code: slackCode, message: `Slack ${method} failed: ${slackCode} — ${hint}${details}` };
  }
  if (code === 'slack_webapi_rate_limited_error' && isObj(e) && typeof e.retryAfter === 'number') {
    return { code: 'ratelimited', retryAfterSec: e.retryAfter, message: `Slack ${method} failed: rate limited, retry after ${e.retryAfter}s` };
  }
  if (code === 'slack_webapi_http_error' && isObj(e)) {
    const httpStatus = typeof e.statusCode === 'number' ? e.statusCode : undefined;
    return { code: 'http_error', ...(httpStatus ? { httpStatus } : {}), message: `Slack ${method} failed: HTTP ${String(e.statusCode)} from the Web API` };
  }
  if (code === 'slack_webapi_request_error' && isObj(e) && e.original instanceof Error) {
    return { code: 'request_error', message: `Slack ${method} failed: could not reach the Web API (${e.original.message})` };
  }
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return { code, message: `Slack ${method} failed: ${msg}` };
}

export interface RetryPolicy {
  /** The longest total wait for Retry-After before giving up: short where a person is waiting. */
  maxWaitMs: number;
  maxAttempts: number;
}

/** A person is waiting: wait out a short Retry-After, give up on a long one. */
export const INTERACTIVE: RetryPolicy = { maxWaitMs: 5_000, maxAttempts: 3 };
/** Nobody is waiting (App Home refreshes, notifications): honour Retry-After for longer. */
export const BACKGROUND: RetryPolicy = { maxWaitMs: 60_000, maxAttempts: 5 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls Slack, honouring Retry-After on a 429 within the policy's bound (the client is built with
 * `rejectRateLimitedCalls`, so the wait happens here, per call, not by pausing every request).
 * Never throws.
 */
export async function slackCall<T>(method: string, fn: () => Promise<T>, policy: RetryPolicy = INTERACTIVE): Promise<SlackResult<T>> {
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      const failure = describeSlackError(e, method);
      const waitMs = (failure.retryAfterSec ?? 0) * 1000;
      const canRetry = failure.code === 'ratelimited' && attempt < policy.maxAttempts && waited + waitMs <= policy.maxWaitMs;
      if (!canRetry) return { ok: false, error: failure };
      waited += waitMs;
      await sleep(waitMs);
    }
  }
}
