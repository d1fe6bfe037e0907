import type { Logger } from 'pino';
import type { Db } from '../../db/connect.ts';
import { describeError } from '../errors.ts';
import { log as rootLog } from '../log.ts';
import type { Reply } from '../reply/types.ts';
import { claimDue, type ClaimedNotification } from './claim.ts';
import { idempotencyKey, type Sender, type DeliveryError, type LookupOutcome, type Recipient, type SendOutcome } from './platform-sender.ts';
import { markFailed, markRetry, markSent, markUndeliverable, releaseClaims } from './outcomes.ts';
import { payloadReply } from './payload.ts';
import { loadRoutes, routeKey, type Route } from './routes.ts';

export interface OutboxSettings {
  batchSize: number;
  /** How long a claimed row stays ours; well above `sendTimeoutMs`, so a slow send is not taken over. */
  leaseMs: number;
  sendTimeoutMs: number;
  /** Attempts before a row is 'failed' (429s do not count). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Pause between polls when there was nothing to do. */
  pollMs: number;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  batchSize: 25,
  leaseMs: 120_000,
  sendTimeoutMs: 15_000,
  maxAttempts: 8,
  backoffBaseMs: 5_000,
  backoffMaxMs: 30 * 60_000,
  pollMs: 1_000,
};

/** Exponential: base, 2×base, 4×base … capped; attempt counts from 1. */
export function backoffMs(attempt: number, s: Pick<OutboxSettings, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

export interface SendSummary {
  claimed: number;
  sent: number;
  reconciled: number;
  retried: number;
  failed: number;
  undeliverable: number;
}

export interface OutboxWorker {
  /** Claims one batch and delivers it; what happened to each row. */
  runOnce(): Promise<SendSummary>;
  /** Polls until `stop()`; returns at once (the loop runs in the background). */
  start(): void;
  /**
   * Stops polling and finishes the batch in hand; with `haltAt` (epoch ms) a batch still in hand
   * then sends no more and releases what it has not tried, for another sender to take at once.
   */
  stop(haltAt?: number): Promise<void>;
  /** Skips the wait before the next poll (after an enqueue in this process). */
  wake(): void;
}

/**
 * The outbox worker. Several may run on one database (several `pulse serve` processes): rows are
 * claimed with `for update skip locked`, so each is worked by one worker at a time.
 */
export function createOutboxWorker(db: Db, senders: readonly Sender[], settings: Partial<OutboxSettings> = {}, logger: Logger = rootLog): OutboxWorker {
  const s: OutboxSettings = { ...DEFAULT_OUTBOX_SETTINGS, ...settings };
  /** Platforms that answered 429, until when (this process stops sending to them meanwhile). */
  const pausedUntil = new Map<string, number>();
  let running = false;
  let haltAt = Number.POSITIVE_INFINITY;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  async function runOnce(): Promise<SendSummary> {
    const summary: SendSummary = { claimed: 0, sent: 0, reconciled: 0, retried: 0, failed: 0, undeliverable: 0 };
    const claimed = await claimDue(db, s.batchSize, s.leaseMs);
    summary.claimed = claimed.length;
    if (claimed.length === 0) return summary;
    const routes = await loadRoutes(db, claimed, senders);
    for (const [i, n] of claimed.entries()) {
      if (Date.now() >= haltAt) {
        const released = await releaseClaims(db, claimed.slice(i));
        logger.info({ released }, 'shutting down: notifications released to other senders');
        break;
      }
      const outcome = await deliverOne(n, routes.get(routeKey(n))).catch(async (e: unknown) => {
        // Our own failure (the database, a bug): the row goes back with its uncertainty intact.
        logger.error({ err: e, notification: n.id }, 'notification delivery failed unexpectedly');
        await markRetry(db, n, { delayMs: backoffMs(n.attempts, s), error: describeError(e), uncertain: true, countAttempt: true }).catch(() => {});
        return 'retried' as const;
      });
      summary[outcome] += 1;
    }
    return summary;
  }

  type Outcome = 'sent' | 'reconciled' | 'retried' | 'failed' | 'undeliverable';

  async function deliverOne(n: ClaimedNotification, route: Route | undefined): Promise<Outcome> {
    if (!route || !route.ok) {
      await markUndeliverable(db, n, route?.reason ?? 'recipient not found');
      logger.warn({ notification: n.id, reason: route?.reason }, 'notification undeliverable');
      return 'undeliverable';
    }
    const { sender, recipient } = route;
    const platform = sender.platform;
    const paused = pausedUntil.get(platform) ?? 0;
    if (paused > Date.now()) {
      await markRetry(db, n, { delayMs: paused - Date.now(), error: `${platform} asked us to slow down`, uncertain: n.uncertain, countAttempt: false, platform });
      return 'retried';
    }
    const reply = payloadReply(n.payload);
    if (!reply) {
      await markFailed(db, n, `payload of kind ${n.kind} cannot be read`, n.uncertain, platform);
      return 'failed';
    }
    const key = idempotencyKey(n.id, n.dedupeKey, n.createdAt);

    if (n.uncertain && sender.lookup) {
      const lookup = sender.lookup.bind(sender);
      const found = await withTimeout<LookupOutcome>(
        () => lookup(recipient, key, n.createdAt),
        s.sendTimeoutMs,
        () => ({ ok: false, error: { kind: 'unavailable', message: `lookup timed out after ${s.sendTimeoutMs} ms` } }),
      );
      if (!found.ok) return failure(n, found.error, platform, true);
      if (found.found !== null && found.found !== 'unknown') {
        await markSent(db, n, platform, found.found.messageId);
        logger.info({ notification: n.id, platform }, 'notification was already delivered; recorded as sent');
        return 'reconciled';
      }
    }

    const sent = await send(sender, recipient, reply, key, n);
    if (sent.ok) {
      await markSent(db, n, platform, sent.messageId);
      return 'sent';
    }
    return failure(n, sent.error, platform, n.uncertain);
  }

  async function send(sender: Sender, recipient: Recipient, reply: Reply, key: string, n: ClaimedNotification): Promise<SendOutcome> {
    const controller = new AbortController();
    return withTimeout<SendOutcome>(
      () => sender.send(recipient, reply, { idempotencyKey: key, kind: n.kind, signal: controller.signal }),
      s.sendTimeoutMs,
      () => {
        controller.abort();
        return { ok: false, error: { kind: 'unavailable', message: `no answer within ${s.sendTimeoutMs} ms` } };
      },
    );
  }

  async function failure(n: ClaimedNotification, error: DeliveryError, platform: string, wasUncertain: boolean): Promise<Outcome> {
    switch (error.kind) {
      case 'rate_limited': {
        pausedUntil.set(platform, Date.now() + error.retryAfterMs);
        await markRetry(db, n, { delayMs: error.retryAfterMs, error: error.message, uncertain: wasUncertain, countAttempt: false, platform });
        return 'retried';
      }
      case 'unavailable': {
        // It may have arrived: the next attempt asks the platform first.
        if (n.attempts >= s.maxAttempts) {
          await markFailed(db, n, `gave up after ${n.attempts} attempts: ${error.message}`, true, platform);
          logger.warn({ notification: n.id, platform, error: error.message }, 'notification failed');
          return 'failed';
        }
        await markRetry(db, n, { delayMs: backoffMs(n.attempts, s), error: error.message, uncertain: true, countAttempt: true, platform });
        return 'retried';
      }
      case 'deferred': {
        // Refused for now (an SMTP 4xx): nothing arrived, so the uncertainty stays as it was.
        if (n.attempts >= s.maxAttempts) {
          await markFailed(db, n, `gave up after ${n.attempts} attempts: ${error.message}`, wasUncertain, platform);
          logger.warn({ notification: n.id, platform, error: error.message }, 'notification failed');
          return 'failed';
        }
        await markRetry(db, n, { delayMs: backoffMs(n.attempts, s), error: error.message, uncertain: wasUncertain, countAttempt: true, platform });
        return 'retried';
      }
      case 'rejected':
        await markFailed(db, n, error.message, wasUncertain, platform);
        logger.warn({ notification: n.id, platform, error: error.message }, 'notification rejected by the platform');
        return 'failed';
      case 'unreachable':
        await markUndeliverable(db, n, error.message, platform);
        return 'undeliverable';
    }
  }

  async function poll(): Promise<void> {
    while (running) {
      let busy = false;
      try {
        busy = (await runOnce()).claimed > 0;
      } catch (e) {
        logger.error({ err: e }, 'notification sender poll failed');
      }
      if (!running) break;
      if (!busy) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, s.pollMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = undefined;
      }
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    async stop(halt?: number) {
      if (halt !== undefined) haltAt = halt;
      running = false;
      wakeUp?.();
      await loop;
      loop = undefined;
    },
    wake() {
      wakeUp?.();
    },
  };
}

/** `fn()`, or `onTimeout()` when it has not settled within `ms`; a throw counts as unavailable. */
async function withTimeout<T extends SendOutcome | LookupOutcome>(fn: () => Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  try {
    return await Promise.race([
      fn().catch((e: unknown) => ({ ok: false, error: { kind: 'unavailable', message: describeError(e) } }) as T),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
