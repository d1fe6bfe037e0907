import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { startHarness, type Harness } from '../slack/harness.ts';

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
