import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../db/admin.ts';
import { safePool, type DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';

// A connection the server ends while a client is checked out (a replica shut down while a read
// falls back to the primary) must fail that client's work, never the process.
let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: false });
});
afterAll(async () => h?.close());

describe('safePool', () => {
  it('survives the server ending a checked-out connection, and serves the next query on a new one', async () => {
    const pool = safePool({ connectionString: h.url, max: 2 });
    try {
      const client = await pool.connect();
      // pg-pool leaves a checked-out client without an error listener; pg emits 'error' on an unexpected end.
      expect(client.listenerCount('error')).toBeGreaterThan(0);
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      const ended = new Promise((resolve) => client.once('end', resolve));
      await withClient(h.url, (c) => c.query('select pg_terminate_backend($1)', [pid]));
      await ended;
      await expect(client.query('select 1')).rejects.toThrow();
      client.release();
      const again = await pool.query<{ x: number }>('select 1 as x');
      expect(again.rows[0]?.x).toBe(1);
      const pidNow = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      expect(pidNow).not.toBe(pid);
    } finally {
      await pool.end();
    }
  });
});
