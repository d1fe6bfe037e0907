import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { NotificationStatus } from '../../db/schema.ts';
import { fail, ok, type Result } from '../errors.ts';
import { BOSS_SCHEMA, QUEUES } from '../jobs/queues.ts';
import { payloadReply } from './payload.ts';

export interface NotificationRow {
  id: number;
  kind: string;
  recipient: string;
  status: NotificationStatus;
  attempts: number;
  platform: string | null;
  platformMessageId: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
  summary: string;
}

export interface DeadJob {
  id: string;
  /** The queue the job failed in (its copy waits in the dead-letter queue). */
  queue: string;
  createdOn: string;
  failedOn: string | null;
  /** Tries made: the first and every retry. */
  attempts: number;
  /** The last error's message. */
  error: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

/** The outbox, newest first; `failed` shows what needs a person: failed and undeliverable rows. */
export async function listNotifications(db: Db, opts: { failed?: boolean; limit?: number } = {}): Promise<NotificationRow[]> {
  let q = db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.recipient_user_id')
    .select([
      'n.id',
      'n.kind',
      'u.email',
      'n.status',
      'n.attempts',
      'n.platform',
      'n.platform_message_id',
      'n.last_error',
      'n.created_at',
      'n.sent_at',
      'n.next_attempt_at',
      'n.payload',
    ])
    .orderBy('n.id', 'desc')
    .limit(Math.min(Math.max(1, opts.limit ?? 50), 1000));
  if (opts.failed) q = q.where('n.status', 'in', ['failed', 'undeliverable']);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    recipient: r.email,
    status: r.status,
    attempts: r.attempts,
    platform: r.platform,
    platformMessageId: r.platform_message_id,
    lastError: r.last_error,
    createdAt: iso(r.created_at),
    sentAt: r.sent_at === null ? null : iso(r.sent_at),
    nextAttemptAt: iso(r.next_attempt_at),
    summary: payloadReply(r.payload)?.summary ?? '(unreadable payload)',
  }));
}

/**
 * Puts a failed or undeliverable notification back in the queue with fresh attempts. It stays
 * `uncertain` when an earlier attempt may have arrived, so the worker asks the platform first.
 */
export async function retryNotification(db: Db, id: number): Promise<Result<NotificationRow['status']>> {
  const row = await db.selectFrom('notifications').select(['status']).where('id', '=', id).executeTakeFirst();
  if (!row) return fail('not_found', `There is no notification ${id}; see pulse notifications --failed.`);
  if (row.status !== 'failed' && row.status !== 'undeliverable') {
    return fail('bad_input', `Notification ${id} is ${row.status}; only failed or undeliverable ones can be retried.`);
  }
  await db
    .updateTable('notifications')
    .set({ status: 'pending', attempts: 0, next_attempt_at: sql`now()` as never, updated_at: sql`now()` as never })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'undeliverable'])
    .execute();
  return ok('pending');
}

/**
 * Jobs (digest runs, sweeps) that used up their retries, newest first, with the last error;
 * none when the job queue never started. pg-boss copies each to the dead-letter queue and keeps
 * the failed original with its error, which is what a person needs to read.
 */
export async function deadJobs(db: Db, limit = 50): Promise<DeadJob[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass(${`${BOSS_SCHEMA}.job`}) as t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const rows = await sql<{ id: string; name: string; created_on: Date; completed_on: Date | null; retry_count: number; error: string | null }>`
    select id, name, created_on, completed_on, retry_count, coalesce(output->>'message', output::text) as error
      from ${sql.table(`${BOSS_SCHEMA}.job`)}
     where state = 'failed' and name <> ${QUEUES.deadLetter} and dead_letter = ${QUEUES.deadLetter}
     order by completed_on desc nulls last, created_on desc
     limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    queue: r.name,
    createdOn: iso(r.created_on),
    failedOn: r.completed_on ? iso(r.completed_on) : null,
    attempts: r.retry_count + 1,
    error: r.error ?? 'no error recorded',
  }));
}
