import { sql } from 'kysely';
import type { Db } from './connect.ts';

/**
 * Runs `fn` while holding a session advisory lock named `key`, so processes sharing the database
 * take turns. The lock lives on one pooled connection and is released whatever `fn` does (a
 * connection that dies releases it too).
 */
export async function oneAtATime<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtextextended(${key}, 0))`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn);
    }
  });
}
