import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/connect.ts';
import { writeAudit } from '../../src/core/audit.ts';
import { testDb } from '../helpers/db.ts';

// The audit row is written with an asynchronous commit in one round trip; the setting must not
// outlive that statement, or every later write on the same connection would lose durability.
let handle: DbHandle;
beforeAll(async () => {
  handle = await testDb({ demo: false });
});
afterAll(async () => handle?.close());

describe('writeAudit', () => {
  it('writes the row, and leaves synchronous_commit on for the connection', async () => {
    const one = createDb(handle.url, 1);
    try {
      // The test server runs with synchronous_commit=off; this connection asks for durability.
      await one.pool.query('set synchronous_commit = on');
      await writeAudit(one.db, { userId: null, actor: 'U1', platform: 'slack', text: 'hi\u0000 there', intent: 'help', args: { a: 1 }, outcome: 'ok', detail: null, tokens: 12 });
      const row = await one.db.selectFrom('audit_log').select(['actor', 'text', 'args', 'llm_tokens']).executeTakeFirstOrThrow();
      expect(row).toEqual({ actor: 'U1', text: 'hi there', args: { a: 1 }, llm_tokens: 12 });
      const { rows } = await one.pool.query<{ synchronous_commit: string }>('show synchronous_commit');
      expect(rows[0]?.synchronous_commit).toBe('on');
    } finally {
      await one.db.destroy();
    }
  });
});
