import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { log } from '../log.ts';
import type { Outcome } from './types.ts';

export const AUDIT_TEXT_CHARS = 500;

export interface AuditEntry {
  userId: number | null;
  /** The user's email when known, else the platform's user id. */
  actor: string;
  platform: string;
  text: string;
  intent: string | null;
  args: Record<string, unknown> | null;
  outcome: Outcome;
  detail: string | null;
  /** Model tokens the question cost; null when no model was asked. */
  tokens?: number | null;
}

// Cut on code points so an emoji is never split into a lone surrogate; drop NUL, which Postgres rejects.
const clip = (s: string, n: number): string => [...s.replaceAll('\u0000', '')].slice(0, n).join('');

/**
 * Exactly one row per turn. A failure to write it is logged and swallowed: the person still gets
 * their answer, and the log keeps what the table could not.
 */
export async function writeAudit(db: Db, e: AuditEntry): Promise<void> {
  try {
    // One row per question must not cost a disk flush per question (5–15 ms, more than the whole
    // answer's budget): the commit returns before the WAL reaches disk. A Postgres crash can lose
    // the last fraction of a second of audit rows, never corrupt them; data tables keep full
    // durability because the setting is local to this statement's own transaction. One round
    // trip: set_config(…, true) in the statement itself instead of BEGIN, SET LOCAL, INSERT, COMMIT.
    await sql`
      insert into audit_log (user_id, actor, platform, text, intent, args, outcome, detail, llm_tokens)
      select ${e.userId}::int, ${clip(e.actor, 320)}, ${e.platform}, ${clip(e.text, AUDIT_TEXT_CHARS)}, ${e.intent},
             ${e.args === null ? null : JSON.stringify(e.args)}::jsonb, ${e.outcome}, ${e.detail === null ? null : clip(e.detail, 2000)},
             ${e.tokens ?? null}::int
        from (select set_config('synchronous_commit', 'off', true)) as async_commit`.execute(db);
  } catch (err) {
    log.error({ err, audit: { ...e, text: clip(e.text, AUDIT_TEXT_CHARS) } }, 'audit log write failed');
  }
}
