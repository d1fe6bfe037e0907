import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { enforceAuditRetention } from '../../src/audit/retention.ts';
import { loadConfig } from '../../src/config.ts';
import { testDb } from '../helpers/db.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

describe('audit retention', () => {
  let h: DbHandle;

  beforeAll(async () => {
    h = await testDb({ demo: false });
  });

  it('deletes exactly the rows older than N days, in batches, and keeps the rest', async () => {
    await h.db.deleteFrom('audit_log').execute();
    const ages = [
      { name: 'ancient', at: new Date(NOW.getTime() - 900 * DAY) },
      { name: 'just past', at: new Date(NOW.getTime() - 30 * DAY - 1) },
      ...Array.from({ length: 5 }, (_, i) => ({ name: `old ${i}`, at: new Date(NOW.getTime() - (31 + i) * DAY) })),
      { name: 'exactly 30 days', at: new Date(NOW.getTime() - 30 * DAY) },
      { name: 'just inside', at: new Date(NOW.getTime() - 30 * DAY + 1) },
      { name: 'today', at: NOW },
    ];
    for (const a of ages) {
      // `at` is generated in the table's types; a test sets it, so plain SQL.
      await sql`insert into audit_log (at, actor, platform, text, outcome) values (${a.at}, 'x@example.com', 'console', ${a.name}, 'ok')`.execute(h.db);
    }
    const summary = await enforceAuditRetention(h.db, 30, NOW, 2);
    expect(summary).toEqual({ cutoff: new Date(NOW.getTime() - 30 * DAY).toISOString(), deleted: 7, batches: 4 });
    const left = await h.db.selectFrom('audit_log').select('text').orderBy('at').execute();
    expect(left.map((r) => r.text)).toEqual(['exactly 30 days', 'just inside', 'today']);
    expect(await enforceAuditRetention(h.db, 30, NOW, 2)).toMatchObject({ deleted: 0, batches: 0 });
  });

  it('PULSE_AUDIT_RETENTION_DAYS defaults to 400 and is validated', () => {
    const d = loadConfig({});
    expect(d.ok && d.value.PULSE_AUDIT_RETENTION_DAYS).toBe(400);
    const set = loadConfig({ PULSE_AUDIT_RETENTION_DAYS: '90' });
    expect(set.ok && set.value.PULSE_AUDIT_RETENTION_DAYS).toBe(90);
    for (const bad of ['0', '-1', '1.5', 'forever']) {
      const r = loadConfig({ PULSE_AUDIT_RETENTION_DAYS: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/^PULSE_AUDIT_RETENTION_DAYS must be a whole number of at least 1/);
    }
  });
});
