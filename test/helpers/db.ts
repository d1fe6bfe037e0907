import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { withClient, withDatabase } from '../../db/admin.ts';
import { createDb, type DbHandle } from '../../db/connect.ts';

// Registered once per test file when the file imports this module, so a database created inside
// beforeAll or a test is dropped too (a hook registered there would never run).
const open = new Set<DbHandle>();
afterAll(async () => {
  for (const h of open) await h.close();
  open.clear();
});

/**
 * A database of this test file's own, cloned from the migrated template (with the demo data when
 * `demo` is true), dropped after the file's tests.
 */
export async function testDb(opts: { demo: boolean }): Promise<DbHandle> {
  const { adminUrl, templates } = inject('pulseDb');
  const name = `pulse_t_${randomBytes(5).toString('hex')}`;
  const template = opts.demo ? templates.demo : templates.empty;
  await withClient(adminUrl, (c) => c.query(`create database ${name} template ${template}`));
  const url = withDatabase(adminUrl, name);
  const { db, pool } = createDb(url, 4);
  const handle: DbHandle = {
    db,
    pool,
    url,
    embedded: false,
    close: async () => {
      if (!open.delete(handle)) return;
      await db.destroy();
      await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
  open.add(handle);
  return handle;
}
