import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { enqueue, type NewNotification } from '../../src/notifications/enqueue.ts';
import type { OutboxSettings } from '../../src/notifications/outbox-worker.ts';
import { textReply } from '../../src/reply/types.ts';

/** Short settings: backoff in milliseconds, so "down for a while" takes a moment, not minutes. */
export const FAST: Partial<OutboxSettings> = {
  batchSize: 50,
  leaseMs: 5_000,
  sendTimeoutMs: 2_000,
  maxAttempts: 50,
  backoffBaseMs: 5,
  backoffMaxMs: 40,
  pollMs: 10,
};

export async function userId(db: Db, email: string): Promise<number> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

export function note(recipientUserId: number, n: number): NewNotification {
  return {
    kind: 'push',
    subject: `test-${n}`,
    period: '2026-11-23',
    recipientUserId,
    payload: { reply: textReply(`Test message ${n}`, '2026-11-23T00:00:00Z') },
  };
}

export async function enqueueAll(db: Db, items: NewNotification[]): Promise<number> {
  return db.transaction().execute((trx) => enqueue(trx, items));
}

export async function statuses(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('notifications').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `step` until `done` or `rounds` run out (the test then fails on its own assertion). */
export async function until(done: () => Promise<boolean>, step: () => Promise<unknown>, rounds = 400): Promise<void> {
  for (let i = 0; i < rounds && !(await done()); i++) {
    await step();
    await pause(5);
  }
}
