import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export type AuditFormat = 'csv' | 'jsonl';

/** One exported row: who asked what, where, the answer's intent and outcome, scope and timing. */
export interface AuditExportRow {
  id: number;
  at: string;
  user_email: string;
  platform: string;
  role: string | null;
  partner_id: number | null;
  question: string;
  intent: string | null;
  args: unknown;
  outcome: string;
  detail: string | null;
  llm_tokens: number | null;
}

export const AUDIT_COLUMNS: readonly (keyof AuditExportRow)[] = [
  'id', 'at', 'user_email', 'platform', 'role', 'partner_id', 'question', 'intent', 'args', 'outcome', 'detail', 'llm_tokens',
];

/** Rows read per query; memory holds one batch whatever the range. */
export const EXPORT_BATCH = 1_000;

interface DbRow extends Omit<AuditExportRow, 'at'> {
  at: Date;
  /** `at` at full (microsecond) precision, for the cursor; a Date keeps milliseconds only. */
  at_cursor: string;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Streams audit_log rows with `since <= at < until` to `out`, oldest first, in keyset batches of
 * `batchSize` (at, id), so a year of questions costs one batch of memory. Returns the row count.
 */
export async function exportAudit(
  db: Db,
  out: Writable,
  opts: { since: Date; until?: Date; format: AuditFormat; batchSize?: number },
): Promise<number> {
  const batchSize = opts.batchSize ?? EXPORT_BATCH;
  if (opts.format === 'csv') await write(out, `${AUDIT_COLUMNS.join(',')}\r\n`);
  let after: { at: string; id: number } | undefined;
  let count = 0;
  for (;;) {
    const r = await sql<DbRow>`
      select a.id, a.at, a.at::text as at_cursor, coalesce(u.email, a.actor) as user_email, a.platform, u.role, u.partner_id,
             a.text as question, a.intent, a.args, a.outcome, a.detail, a.llm_tokens
        from audit_log a left join users u on u.id = a.user_id
       where a.at >= ${opts.since}
         ${opts.until ? sql`and a.at < ${opts.until}` : sql``}
         ${after ? sql`and (a.at, a.id) > (${after.at}::timestamptz, ${after.id}::int)` : sql``}
       order by a.at, a.id
       limit ${batchSize}`.execute(db);
    for (const row of r.rows) {
      const { at_cursor: _cursor, ...rest } = row;
      const rec: AuditExportRow = { ...rest, at: row.at.toISOString() };
      await write(out, opts.format === 'csv' ? `${AUDIT_COLUMNS.map((c) => csvField(rec[c])).join(',')}\r\n` : `${JSON.stringify(rec)}\n`);
    }
    count += r.rows.length;
    const last = r.rows.at(-1);
    if (!last || r.rows.length < batchSize) break;
    after = { at: last.at_cursor, id: last.id };
  }
  return count;
}
