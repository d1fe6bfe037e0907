import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { firstSeenMessage } from '../../src/core/seen-messages.ts';
import { testDb } from '../helpers/db.ts';

let db: Db;
beforeAll(async () => {
  db = (await testDb({ demo: false })).db;
});

describe('firstSeenMessage', () => {
  it('is true once per key, for every caller sharing the database', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => firstSeenMessage(db, 'slack:C1:1.000100')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await firstSeenMessage(db, 'slack:C1:1.000200')).toBe(true);
    expect(await firstSeenMessage(db, 'slack:C2:1.000100')).toBe(true);
  });

  it('deletes keys past their day as new ones come in', async () => {
    await sql`insert into seen_messages (key, expires_at) values ('slack:OLD:1.0', now() - interval '1 minute')`.execute(db);
    expect(await firstSeenMessage(db, 'slack:C3:1.000100')).toBe(true);
    const left = await sql<{ n: number }>`select count(*)::int as n from seen_messages where key = 'slack:OLD:1.0'`.execute(db);
    expect(left.rows[0]?.n).toBe(0);
    const kept = await sql<{ hours: number }>`select round(extract(epoch from expires_at - now()) / 3600)::int as hours from seen_messages where key = 'slack:C3:1.000100'`.execute(db);
    expect(kept.rows[0]?.hours).toBe(24);
  });
});
