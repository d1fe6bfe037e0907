import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/**
 * Model tokens this user has spent today (UTC), from the audit log: one source for both the
 * per-question record and the daily budget.
 */
export async function tokensUsedToday(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(sql<number>`coalesce(sum(llm_tokens), 0)::int`.as('used'))
    .where('user_id', '=', userId)
    .where(sql<boolean>`at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'`)
    .executeTakeFirst();
  return row?.used ?? 0;
}

/** What is left of a daily budget; 0 as the budget means no limit. */
export function allowance(budget: number, used: number): number {
  return budget === 0 ? Number.POSITIVE_INFINITY : Math.max(0, budget - used);
}
