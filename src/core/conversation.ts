import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { log } from '../log.ts';
import type { ContextTurn } from '../planner/types.ts';
import type { Turn } from './types.ts';

// Per person and thread, the last few answered questions: enough for "and last quarter?" or
// "what about Fabrikam?", bounded so old talk never steers a new question.

/** Turns a planner sees. */
export const CONTEXT_TURNS = 4;
/** Turns kept per thread; older ones are deleted as new ones arrive. */
const KEEP_TURNS = 8;
/** A thread quiet for longer than this starts afresh. */
const CONTEXT_HOURS = 12;
const TEXT_CHARS = 500;

const runsSchema = z.array(z.object({ intent: z.string(), args: z.record(z.string(), z.unknown()) }));

/** The thread a turn belongs to, or undefined when the platform gave none (no context then). */
export function threadKey(turn: Turn): string | undefined {
  const id = turn.threadId?.trim();
  return id ? `${turn.platform}:${turn.workspaceId}:${id}` : undefined;
}

export async function loadContext(db: Db, userId: number, key: string): Promise<ContextTurn[]> {
  const rows = await db
    .selectFrom('conversation_turns')
    .select(['text', 'runs', 'summary'])
    .where('user_id', '=', userId)
    .where('thread_key', '=', key)
    .where(sql<boolean>`at > now() - make_interval(hours => ${CONTEXT_HOURS})`)
    .orderBy('id', 'desc')
    .limit(CONTEXT_TURNS)
    .execute();
  return rows.reverse().flatMap((r) => {
    const runs = runsSchema.safeParse(r.runs);
    return runs.success ? [{ text: r.text, runs: runs.data, summary: r.summary }] : [];
  });
}

/**
 * Remembers an answered question. A failure is logged and swallowed: the answer has been given,
 * and the next question simply has less context.
 */
export async function saveTurn(db: Db, userId: number, key: string, turn: ContextTurn): Promise<void> {
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('conversation_turns')
        .values({
          user_id: userId,
          thread_key: key,
          text: turn.text.slice(0, TEXT_CHARS),
          runs: JSON.stringify(turn.runs),
          summary: turn.summary.slice(0, TEXT_CHARS),
        })
        .execute();
      const keep = tx
        .selectFrom('conversation_turns')
        .select('id')
        .where('user_id', '=', userId)
        .where('thread_key', '=', key)
        .orderBy('id', 'desc')
        .limit(KEEP_TURNS);
      await tx
        .deleteFrom('conversation_turns')
        .where('user_id', '=', userId)
        .where('thread_key', '=', key)
        .where('id', 'not in', keep)
        .execute();
    });
  } catch (err) {
    log.error({ err, thread: key }, 'conversation turn not saved');
  }
}
