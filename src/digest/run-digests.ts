import { loadPrincipal } from '../access/principal.ts';
import type { App } from '../app.ts';
import { now } from '../clock.ts';
import { log } from '../log.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import { programMetrics } from '../program/metrics.ts';
import { dedupeKey } from '../notifications/kinds.ts';
import { enqueue } from '../notifications/enqueue.ts';
import { buildDigest } from './build-digest.ts';
import { digestReply } from './digest-reply.ts';
import { dueSlot } from './schedule.ts';
import { enabledSubscriptions, ensureDefaultSubscriptions, type Subscription } from './subscriptions.ts';

export interface DigestRunOptions {
  /** How late a missed slot may still be sent (default 6 hours). */
  lookbackMs?: number;
  /** Treat every enabled subscription as due in this slot (the bench, tests). */
  forceSlot?: string;
  /** Digests built at once (default 4: the pool and a 2-core machine). */
  concurrency?: number;
}

export interface DigestRunSummary {
  due: number;
  enqueued: number;
  /** Due, but this slot's digest already exists (another process, an earlier run). */
  alreadyQueued: number;
  failed: number;
}

const DEFAULT_LOOKBACK_MS = 6 * 3_600_000;

interface Due {
  sub: Subscription;
  slot: string;
  key: string;
}

/**
 * Builds and enqueues every digest due at `at`, each in the recipient's own time zone. The
 * outbox key (digest, user, slot, user) makes this safe to run from several processes and
 * more than once: a slot's digest is stored, and sent, once.
 */
export async function runDigests(app: App, at: Date = now(), opts: DigestRunOptions = {}): Promise<DigestRunSummary> {
  await ensureDefaultSubscriptions(app.db);
  const subs = await enabledSubscriptions(app.db);
  const lookback = opts.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const due: Due[] = [];
  for (const sub of subs) {
    const slot = opts.forceSlot ?? dueSlot(sub.schedule, sub.timeZone, at, lookback)?.id;
    if (!slot) continue;
    // A slot that fired before the subscription was made or changed is not owed.
    if (!opts.forceSlot && !sub.isDefault && slotBefore(sub, at, lookback)) continue;
    due.push({ sub, slot, key: dedupeKey('digest', `user-${sub.userId}`, slot, sub.userId) });
  }
  const summary: DigestRunSummary = { due: due.length, enqueued: 0, alreadyQueued: 0, failed: 0 };
  if (due.length === 0) return summary;

  const existing = new Set(
    (await app.db.selectFrom('notifications').select('dedupe_key').where('dedupe_key', 'in', due.map((d) => d.key)).execute()).map((r) => r.dedupe_key),
  );
  const todo = due.filter((d) => !existing.has(d.key));
  summary.alreadyQueued = due.length - todo.length;

  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const d = todo[next++];
      if (!d) break;
      try {
        // Awaited first: `summary.enqueued += await …` reads the count before the await, and the
        // workers running meanwhile lost their increments (the bench's "26 of 100 enqueued").
        const created = await digestFor(app, d);
        summary.enqueued += created;
      } catch (e) {
        summary.failed += 1;
        log.error({ err: e, user: d.sub.userId, slot: d.slot }, 'digest failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return summary;
}

function slotBefore(sub: Subscription, at: Date, lookback: number): boolean {
  const slot = dueSlot(sub.schedule, sub.timeZone, at, lookback);
  return slot !== undefined && slot.at.getTime() < sub.updatedAt.getTime();
}

async function digestFor(app: App, d: Due): Promise<number> {
  const principal = await loadPrincipal(app.db, d.sub.userId);
  if (!principal.ok) {
    log.warn({ user: d.sub.userId, reason: principal.error.message }, 'digest skipped');
    return 0;
  }
  // The slot's local date is the digest's "today": Monday's digest covers the week to Monday.
  const today = d.slot.slice(0, 10);
  const digest = await buildDigest(createPartnerData(app.db, principal.value, today, programMetrics(app.program)), app.program, principal.value);
  return app.db.transaction().execute((trx) =>
    enqueue(trx, [
      { kind: 'digest', subject: `user-${d.sub.userId}`, period: d.slot, recipientUserId: d.sub.userId, payload: { reply: digestReply(digest) } },
    ]),
  );
}
