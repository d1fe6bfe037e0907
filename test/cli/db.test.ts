import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { rowCounts } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { lines, runCli } from './run-cli.ts';

describe('pulse db', () => {
  let h: DbHandle;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await testDb({ demo: true });
    env = { DATABASE_URL: h.url };
  });

  it('migrate reports an up-to-date database', async () => {
    const r = await runCli(['db', 'migrate'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('database is up to date');
  });

  it('seed --demo replaces everything with the demo data, identical to a fresh seed', async () => {
    const fresh = await rowCounts(h.db);
    await h.db.insertInto('audit_log').values({ actor: 'x', platform: 'console', text: 'hi', outcome: 'ok' }).execute();
    await h.db.updateTable('partners').set({ tier: 'Platinum' }).execute();

    const r = await runCli(['db', 'seed', '--demo'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('demo data loaded (today is 2026-11-23)');
    expect(await rowCounts(h.db)).toEqual(fresh);
    const platinum = await h.db.selectFrom('partners').select('id').where('tier', '=', 'Platinum').execute();
    expect(platinum.length).toBeLessThan(fresh.partners ?? 0);
    // Ids restart, so the demo's users keep the ids a fresh seed gives them.
    const owner = await h.db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect(owner.id).toBe(1);
  });

  it('seed --scale loads N generated partners and reports progress on stderr', async () => {
    const r = await runCli(['db', 'seed', '--scale', '--partners', '3'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scale data loaded in [\d.]+s: 3 partners, /);
    expect(lines(r.stderr).length).toBeGreaterThan(0);
    const n = await h.db.selectFrom('partners').select('id').execute();
    expect(n).toHaveLength(3);
  });

  it('reset --yes undoes every migration, migrates again and loads the demo', async () => {
    const r = await runCli(['db', 'reset', '--yes'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reset: \d+ migrations undone, \d+ applied, demo data loaded/);
    const ask = await runCli(['ask', '--as', 'owner@northwind.example', 'how close am I to Gold tier?'], env);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain('Northwind Traders');
  });
});
