import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { startHarness, untilReady, type Harness } from '../slack/harness.ts';

// GET /readyz on `pulse serve`'s server: ready when the database answers and every migration of
// this build is applied. The harness's database is this file's own, so a migration row can go.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('GET /readyz', () => {
  it('is 200 on a migrated database, then 503 naming the migration once one is missing; /healthz stays 200', async () => {
    const ready = await fetch(`${h.serve.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ready\n');

    const last = Object.keys(MIGRATIONS).sort().at(-1) ?? '';
    const deleted = await h.handle.pool.query('delete from kysely_migration where name = $1', [last]);
    expect(deleted.rowCount).toBe(1);

    const missing = await fetch(`${h.serve.url}/readyz`);
    expect(missing.status).toBe(503);
    const line = await missing.text();
    expect(line).toBe(`not ready: migration ${last} not applied\n`);
    // Liveness is another question: the process and its database are fine.
    expect((await fetch(`${h.serve.url}/healthz`)).status).toBe(200);
  });

  it('is 503 with the database error when the database does not answer', async () => {
    await h.handle.pool.query('alter table kysely_migration rename to kysely_migration_gone');
    try {
      const res = await fetch(`${h.serve.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/^not ready: database: no migrations applied \(run pulse db migrate\)\n$/);
    } finally {
      await h.handle.pool.query('alter table kysely_migration_gone rename to kysely_migration');
    }
  });
});

describe('GET /readyz while the instance reads ahead', () => {
  it('is 503 "warming up" until the first read of cohorts and portfolios is done, then ready', async () => {
    // The read ahead starts with the stored figures; a lock on them holds it at its first step.
    let holder: pg.Client | undefined;
    const w = await startHarness({
      untilReady: false,
      beforeServe: async (handle) => {
        holder = new pg.Client({ connectionString: handle.url });
        await holder.connect();
        await holder.query('begin');
        await holder.query('lock table figure_sets in access exclusive mode');
      },
    });
    try {
      const cold = await fetch(`${w.serve.url}/readyz`);
      expect(cold.status).toBe(503);
      expect(await cold.text()).toBe('not ready: warming up (reading peer cohorts and portfolios ahead, rehearsing answers)\n');
      expect((await fetch(`${w.serve.url}/healthz`)).status).toBe(200);
      await holder?.query('commit');
      await untilReady(w.serve.url);
      const warm = await fetch(`${w.serve.url}/readyz`);
      expect(warm.status).toBe(200);
      expect(await warm.text()).toBe('ready\n');
    } finally {
      await holder?.end();
      await w.close();
    }
  });
});
