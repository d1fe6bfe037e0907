import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.ts';
import { createReadRouter, type FallbackReason, type ReadRouter, type ReadRouterOptions } from '../../src/db/read-router.ts';
import { replicaFailure } from '../../src/db/replica-errors.ts';
import { testDb } from '../helpers/db.ts';
import { freePort } from '../helpers/free-port.ts';

// The router's decisions without a standby (test/db/replica.test.ts runs a real one): the lag it
// is told, a "replica" that refuses connections, and the log lines and fallbacks that follow.

let primary: Db;
let primaryUrl: string;
const routers: ReadRouter[] = [];

beforeAll(async () => {
  const h = await testDb({ demo: false });
  primary = h.db;
  primaryUrl = h.url;
});
afterEach(async () => {
  for (const r of routers.splice(0)) await r.close();
});

interface Lines {
  info: string[];
  warn: string[];
}

function router(pool: pg.Pool, more: Partial<ReadRouterOptions> = {}): { r: ReadRouter; lines: Lines; fallbacks: FallbackReason[] } {
  const lines: Lines = { info: [], warn: [] };
  const fallbacks: FallbackReason[] = [];
  const log = {
    info: (_o: unknown, msg: string) => void lines.info.push(msg),
    warn: (_o: unknown, msg: string) => void lines.warn.push(msg),
  } as unknown as ReadRouterOptions['log'];
  const r = createReadRouter({ primary, replicaPool: pool, replicaName: 'replica:5432/pulse', maxLagMs: 1000, log, onFallback: (why) => fallbacks.push(why), ...more });
  routers.push(r);
  return { r, lines, fallbacks };
}

const who = async (db: Db): Promise<string> => (await sql<{ port: string }>`select current_setting('port') as port`.execute(db)).rows[0]?.port ?? '';

describe('read router', () => {
  it('reads from the replica within the lag limit, from the primary past it, logging once per change', async () => {
    const lags = [200, 5000, 7000, 9000, 300];
    // The "replica" here is the same server (a second pool): which Kysely is handed out is what is checked.
    const { r, lines, fallbacks } = router(new pg.Pool({ connectionString: primaryUrl, max: 2 }), { readLag: async () => lags.shift() ?? 0 });
    expect(r.readDb()).toBe(primary);
    expect(r.readiness()).toEqual({ ok: true, detail: 'replica not measured yet: answers read from the primary' });

    await r.probe();
    expect(r.readDb()).not.toBe(primary);
    expect(r.readiness()).toEqual({ ok: true, detail: 'replica lag 0.2 s' });

    for (let i = 0; i < 3; i++) await r.probe();
    expect(r.state()).toEqual({ kind: 'lagging', lagMs: 9000 });
    expect(r.readDb()).toBe(primary);
    expect(r.readDb()).toBe(primary);
    expect(fallbacks).toEqual(['lag', 'lag']);
    expect(r.readiness()).toEqual({ ok: true, detail: 'replica lag 9.0 s, past 1.0 s: answers read from the primary' });

    await r.probe();
    expect(r.state().kind).toBe('serving');
    // Three probes past the limit, one line; one line each way.
    expect(lines.warn).toEqual(['replica at replica:5432/pulse is 5.0 s behind, past PULSE_MAX_REPLICA_LAG (1.0 s); answers read from the primary until it catches up']);
    expect(lines.info).toEqual(['answers read from the replica at replica:5432/pulse', 'replica at replica:5432/pulse is back (lag 0.3 s); answers read from it again']);
  });

  it('a replica that stops answering mid-question: the read runs on the primary, the replica is marked down, logged once', async () => {
    const port = await freePort();
    const gone = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/pulse`, max: 2, connectionTimeoutMillis: 1000 });
    gone.on('error', () => {});
    // Told it is serving (as it was a moment ago), so the question is handed the replica's Kysely.
    const { r, lines, fallbacks } = router(gone, { readLag: async () => 0 });
    await r.probe();
    const reads = r.readDb();
    expect(reads).not.toBe(primary);

    const [a, b] = await Promise.all([who(reads), who(reads)]);
    expect(a).toBe(await who(primary));
    expect(b).toBe(a);
    expect(r.state()).toEqual({ kind: 'down', reason: 'ECONNREFUSED' });
    expect(fallbacks).toEqual(['down', 'down']);
    expect(lines.warn).toEqual(['replica at replica:5432/pulse does not answer (ECONNREFUSED); answers read from the primary']);
    expect(r.readDb()).toBe(primary);
    expect(r.readiness()).toEqual({ ok: true, detail: 'replica down (ECONNREFUSED): answers read from the primary' });
  });

  it('an error the primary would give too (bad SQL) is thrown, not retried', async () => {
    const { r, fallbacks } = router(new pg.Pool({ connectionString: primaryUrl, max: 1 }), { readLag: async () => 0 });
    await r.probe();
    await expect(sql`select * from no_such_table`.execute(r.readDb())).rejects.toThrow(/no_such_table/);
    expect(fallbacks).toEqual([]);
    expect(r.state().kind).toBe('serving');
  });

  it('a probe that does not answer marks the replica down', async () => {
    const { r } = router(new pg.Pool({ connectionString: primaryUrl, max: 1 }), { readLag: () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) });
    expect(await r.probe()).toEqual({ kind: 'down', reason: 'ECONNREFUSED' });
  });
});

describe('replicaFailure', () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  it.each([
    [err('connect ECONNREFUSED 127.0.0.1:5433', 'ECONNREFUSED'), 'down'],
    [err('terminating connection due to administrator command', '57P01'), 'down'],
    [err('Connection terminated unexpectedly'), 'down'],
    [err('timeout exceeded when trying to connect'), 'down'],
    [err('could not receive data from client', '08006'), 'down'],
    [err('canceling statement due to conflict with recovery', '40001'), 'conflict'],
    [err('relation "x" does not exist', '42P01'), undefined],
    [err('division by zero', '22012'), undefined],
  ])('%s → %s', (e, want) => {
    expect(replicaFailure(e)).toBe(want);
  });
});
