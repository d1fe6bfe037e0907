import { describeError } from '../../src/errors.ts';
import { retryAfterMs } from './retry.ts';

// What the connector client throws (a RestError from @azure/core-rest-pipeline, or a network
// error), read by shape so no Azure type leaves this folder.

interface RestErrorLike {
  statusCode?: unknown;
  code?: unknown;
  response?: { headers?: { get?: (name: string) => string | undefined }; bodyAsText?: unknown };
}

/** The HTTP status of a failed connector call; undefined for a network error or our own bug. */
export function connectorStatus(e: unknown): number | undefined {
  const status = (e as RestErrorLike | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The connector's error code ("ConversationNotFound", "MessageSizeTooBig"), when it sent one. */
export function connectorCode(e: unknown): string | undefined {
  const body = (e as RestErrorLike | null)?.response?.bodyAsText;
  if (typeof body === 'string') {
    try {
      const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
      if (typeof code === 'string') return code;
    } catch {
      // Not JSON: no code.
    }
  }
  const code = (e as RestErrorLike | null)?.code;
  return typeof code === 'string' && code !== 'REQUEST_SEND_ERROR' ? code : undefined;
}

export function connectorRetryAfterMs(e: unknown): number | undefined {
  const get = (e as RestErrorLike | null)?.response?.headers?.get;
  return typeof get === 'function' ? retryAfterMs(get.call((e as RestErrorLike).response?.headers, 'retry-after')) : undefined;
}

/** Teams refuses a message over its size limit with 413 (MessageSizeTooBig). */
export const isTooLarge = (e: unknown): boolean => connectorStatus(e) === 413 || connectorCode(e) === 'MessageSizeTooBig';

export function describeConnectorError(e: unknown): string {
  const status = connectorStatus(e);
  const code = connectorCode(e);
  const first = describeError(e).split('\n')[0] ?? 'unknown error';
  return status ? `Teams connector answered ${status}${code ? ` ${code}` : ''}: ${first}` : `Teams connector unreachable: ${first}`;
}
