// Outbound calls to the Bot Framework connector (replies, proactive messages, member lookups)
// are retried on 429, 412, 502, 503 and 504 with jittered exponential backoff, honouring
// Retry-After. botbuilder's connector client runs on @azure/core-rest-pipeline, whose default
// retry policy waits 1 s and more and never retries 412 or a 429 without Retry-After; this policy
// takes its place in every connector client the adapter creates (see auth.ts).

export const RETRY_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** A Retry-After longer than this is not waited out: the caller gets the 429 back. */
  maxRetryAfterMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 3,
  baseMs: 500,
  maxMs: 4_000,
  maxRetryAfterMs: 10_000,
  random: Math.random,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** "Equal jitter": half the exponential step fixed, half random, so retries never synchronise. */
export function backoffMs(attempt: number, o: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'>): number {
  const step = Math.min(o.maxMs, o.baseMs * 2 ** attempt);
  return Math.round(step / 2 + (step / 2) * o.random());
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// The shapes of @azure/core-rest-pipeline this needs, declared here so no Azure type leaks out.
interface PipelineResponseLike {
  status: number;
  headers: { get(name: string): string | undefined };
}
type Next = (request: unknown) => Promise<PipelineResponseLike>;
export interface PipelinePolicyLike {
  name: string;
  sendRequest(request: unknown, next: Next): Promise<PipelineResponseLike>;
}
interface PipelineLike {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicyLike, options?: { phase?: 'Retry' }): void;
}

export const RETRY_POLICY_NAME = 'pulseTeamsRetryPolicy';

export function retryPolicy(options: Partial<RetryOptions> = {}, onRetry?: (status: number, waitMs: number) => void): PipelinePolicyLike {
  const o: RetryOptions = { ...DEFAULT_RETRY, ...options };
  return {
    name: RETRY_POLICY_NAME,
    sendRequest: async (request, next) => {
      for (let attempt = 0; ; attempt++) {
        const res = await next(request);
        if (!RETRY_STATUSES.has(res.status) || attempt >= o.retries) return res;
        const asked = retryAfterMs(res.headers.get('retry-after'));
        if (asked !== undefined && asked > o.maxRetryAfterMs) return res;
        const wait = Math.max(asked ?? 0, backoffMs(attempt, o));
        onRetry?.(res.status, wait);
        await o.sleep(wait);
      }
    },
  };
}

const installed = new WeakSet<object>();

/**
 * Swaps the connector client's default retry policy for ours. The pipeline sits on a field the
 * typings call private; when a botbuilder release moves it, this returns false and the client
 * keeps the SDK's own retries (the adapter logs it once) rather than failing.
 */
export function installRetryPolicy(connectorClient: object, policy: PipelinePolicyLike): boolean {
  if (installed.has(connectorClient)) return true;
  const pipeline = (connectorClient as { client?: { pipeline?: Partial<PipelineLike> } }).client?.pipeline;
  if (!pipeline || typeof pipeline.removePolicy !== 'function' || typeof pipeline.addPolicy !== 'function') return false;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.addPolicy(policy, { phase: 'Retry' });
  installed.add(connectorClient);
  return true;
}
