import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { AUDIT_COLUMNS, csvField, exportAudit } from '../../src/audit/export.ts';
import { runCli } from '../cli/run-cli.ts';
import { testDb } from '../helpers/db.ts';

const TRICKY = 'deals, "won" in Q3\nand Q4?';

/** A minimal RFC 4180 reader: enough to check that quoting round-trips. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

async function collect(h: DbHandle, opts: Parameters<typeof exportAudit>[2]): Promise<{ text: string; count: number }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const count = await exportAudit(h.db, out, opts);
  out.end();
  return { text, count };
}

describe('pulse audit export', () => {
  let h: DbHandle;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await testDb({ demo: false });
    env = { DATABASE_URL: h.url };
    const user = await h.db
      .insertInto('users')
      .values({ email: 'ana@acme.example', name: 'Ana', role: 'partner_admin', partner_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = [
      { at: '2026-10-31T23:59:59.999Z', text: 'before the range', user: null },
      { at: '2026-11-01T00:00:00Z', text: TRICKY, user: user.id },
      // Two rows in one millisecond, microseconds apart: the cursor must keep them apart.
      { at: '2026-11-02T10:00:00.000100Z', text: 'micro one', user: user.id },
      { at: '2026-11-02T10:00:00.000200Z', text: 'micro two', user: null },
      { at: '2026-11-30T23:00:00Z', text: 'last day of November', user: user.id },
      { at: '2026-12-01T00:00:00Z', text: 'December', user: null },
    ];
    for (const r of rows) {
      // `at` is generated in the table's types; a test sets it, so plain SQL.
      await sql`
        insert into audit_log (at, user_id, actor, platform, text, intent, args, outcome)
        values (${r.at}::timestamptz, ${r.user}::int, ${r.user ? 'ana@acme.example' : 'U123SLACK'}, ${r.user ? 'slack' : 'teams'},
                ${r.text}, 'tier_progress', ${JSON.stringify({ partner: 'Acme, Inc.' })}::jsonb, 'ok')`.execute(h.db);
    }
  });

  it('csv: a header, oldest first, commas, quotes and newlines quoted so they read back', async () => {
    const r = await runCli(['audit', 'export', '--since', '2026-11-01', '--until', '2026-11-30'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readCsv(r.stdout);
    expect(rows[0]).toEqual([...AUDIT_COLUMNS]);
    const q = AUDIT_COLUMNS.indexOf('question');
    expect(rows.slice(1).map((row) => row[q])).toEqual([TRICKY, 'micro one', 'micro two', 'last day of November']);
    const first = Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
    expect(first).toMatchObject({ at: '2026-11-01T00:00:00.000Z', user_email: 'ana@acme.example', platform: 'slack', role: 'partner_admin', intent: 'tier_progress', outcome: 'ok' });
    expect(JSON.parse(first.args ?? '')).toEqual({ partner: 'Acme, Inc.' });
    expect(r.stdout).toContain('"deals, ""won"" in Q3\nand Q4?"');
  });

  it('jsonl: one object a line; --since inclusive, no --until runs to now', async () => {
    const r = await runCli(['audit', 'export', '--since', '2026-11-02', '--format', 'jsonl'], env);
    expect(r.code).toBe(0);
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.map((o) => o.question)).toEqual(['micro one', 'micro two', 'last day of November', 'December']);
    expect(objs[1]).toMatchObject({ user_email: 'U123SLACK', platform: 'teams', role: null, args: { partner: 'Acme, Inc.' } });
  });

  it('instants as bounds: --until is exclusive', async () => {
    const r = await runCli(['audit', 'export', '--since', '2026-10-31T23:59:59.999Z', '--until', '2026-11-02T10:00:00+00:00', '--format', 'jsonl'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { question: string }).question)).toEqual(['before the range', TRICKY]);
  });

  it('batches of one give the same rows as one batch (the cursor skips and repeats nothing)', async () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const whole = await collect(h, { since, format: 'jsonl' });
    const small = await collect(h, { since, format: 'jsonl', batchSize: 1 });
    expect(small.count).toBe(6);
    expect(small.text).toBe(whole.text);
  });

  it('an empty range is a header alone in csv and nothing in jsonl', async () => {
    const csv = await collect(h, { since: new Date('2027-01-01T00:00:00Z'), format: 'csv' });
    expect(csv.text).toBe(`${AUDIT_COLUMNS.join(',')}\r\n`);
    expect((await collect(h, { since: new Date('2027-01-01T00:00:00Z'), format: 'jsonl' })).text).toBe('');
  });

  it('csvField quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it.each([
    [['audit'], 'needs a subcommand'],
    [['audit', 'purge'], 'unknown audit subcommand "purge"'],
    [['audit', 'export'], 'needs --since DATE'],
    [['audit', 'export', '--since'], 'option --since needs a value'],
    [['audit', 'export', '--since', 'yesterday'], '--since must be a date such as 2026-11-01'],
    [['audit', 'export', '--since', '2026-02-30'], '--since "2026-02-30" is not a real date'],
    [['audit', 'export', '--since', '2026-11-01T10:00'], '--since must be a date'],
    [['audit', 'export', '--since', '2026-11-01T10:00:00.000001Z'], '--since must be a date'],
    [['audit', 'export', '--since', '2026-11-05', '--until', '2026-11-01'], '--until (2026-11-01) must be after --since (2026-11-05)'],
    [['audit', 'export', '--since', '2026-11-01', '--format', 'xml'], '--format must be csv or jsonl, got "xml"'],
    [['audit', 'export', '--since', '2026-11-01', '--limit', '3'], 'unknown option --limit'],
    [['audit', 'export', 'extra', '--since', '2026-11-01'], 'unexpected argument extra'],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await runCli(args, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('--help describes the columns', async () => {
    const r = await runCli(['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pulse audit export --since DATE');
    expect((await runCli(['--help'])).stdout).toContain('pulse audit export');
  });
});
