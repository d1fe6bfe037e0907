import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/** Rows deleted per statement: short transactions, no long lock on a busy audit_log. */
export const RETENTION_BATCH = 5_000;

export interface RetentionSummary {
  /** Rows older than this instant were deleted. */
  cutoff: string;
  deleted: number;
  batches: number;
}

/**
 * Deletes audit_log rows older than `days` days before `now`, `batchSize` at a time until none
 * are left. Safe to run twice at once: each batch deletes what is still there.
 */
export async function enforceAuditRetention(db: Db, days: number, now: Date, batchSize = RETENTION_BATCH): Promise<RetentionSummary> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const r = await sql`
      delete from audit_log
       where id in (select id from audit_log where at < ${cutoff} order by id limit ${batchSize})`.execute(db);
    const n = Number(r.numAffectedRows ?? 0n);
    if (n === 0) break;
    deleted += n;
    batches++;
    if (n < batchSize) break;
  }
  return { cutoff: cutoff.toISOString(), deleted, batches };
}
