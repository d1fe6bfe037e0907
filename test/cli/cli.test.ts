import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { lines, runCli } from './run-cli.ts';

const OWNER = 'owner@northwind.example';
const NO_STACK = /\n\s+at |Error:|node:internal/;

interface AskJson {
  intent: string | null;
  planner: string | null;
  outcome: string;
  user: { email: string; role: string; partner: string | null } | null;
  text: string;
  reply: { summary: string; asOf: string; requirements?: unknown[]; charts: { png?: string }[] };
  data: Record<string, unknown>;
}

describe('pulse CLI', () => {
  let h: DbHandle;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await testDb({ demo: true });
    env = { DATABASE_URL: h.url };
  });

  it('ask --json answers with requirements, and writes one audit row', async () => {
    const before = await h.db.selectFrom('audit_log').select('id').execute();
    const r = await runCli(['ask', '--as', OWNER, '--json', 'how close am I to Gold tier?'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as AskJson;
    expect(out.outcome).toBe('ok');
    expect(out.planner).toBe('rules');
    expect(out.user).toMatchObject({ email: OWNER });
    expect(out.data.requirements).toBeDefined();
    expect(out.reply.requirements?.length).toBeGreaterThan(0);
    expect(out.reply.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(out.text).toContain(out.reply.summary);
    expect(out.text).toMatch(/Data as of /);
    const after = await h.db.selectFrom('audit_log').select('id').execute();
    expect(after.length).toBe(before.length + 1);
  });

  it('ask prints terminal text without colours when not a TTY', async () => {
    const r = await runCli(['ask', '--as', OWNER, 'how', 'close', 'am', 'I', 'to', 'Gold', 'tier?'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/[✓✗]/);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout).toMatch(/Data as of \w{3} \d+, \d{4}/);
  });

  it('ask reads one question per line from stdin and prints one JSON object per line', async () => {
    const r = await runCli(['ask', '--as', OWNER, '--json'], env, 'how close am I to Gold tier?\n\nhow close am I to Platinum?\n');
    expect(r.code).toBe(0);
    const objs = lines(r.stdout).map((l) => JSON.parse(l) as AskJson);
    expect(objs).toHaveLength(2);
    expect(objs.every((o) => o.outcome === 'ok')).toBe(true);
  });

  it('ask --png-dir writes chart PNGs and reports their paths', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulse-png-'));
    const r = await runCli(['ask', '--as', OWNER, '--json', '--png-dir', dir, 'how close am I to Gold tier?'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as AskJson;
    expect(out.reply.charts.length).toBeGreaterThan(0);
    for (const c of out.reply.charts) {
      expect(c.png).toBeTruthy();
      const png = readFileSync(c.png ?? '');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('an unknown flag exits 2 with one line', async () => {
    const r = await runCli(['ask', '--as', OWNER, '--frobnicate', 'hi'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('unknown option --frobnicate; see pulse --help');
    expect(r.stdout).toBe('');
  });

  it('an unknown email exits 1 with one line on stderr', async () => {
    const r = await runCli(['ask', '--as', 'ghost@nowhere.example', 'how close am I to Gold?'], env);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      "You're not linked to Partner Pulse yet — ask your channel manager to add ghost@nowhere.example.",
    ]);
    expect(r.stdout).toBe('');
  });

  it('bad input exits 1; a partner it cannot see exits 0 with the can\u2019t-find answer', async () => {
    const bad = await runCli(['ask', '--as', OWNER, '   '], env);
    expect(bad.code).toBe(1);
    expect(lines(bad.stderr)).toHaveLength(1);
    const other = await runCli(['ask', '--as', OWNER, 'how is Fabrikam Systems doing?'], env);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain("I can't find a partner called “Fabrikam Systems” among the partners you can see.");
    expect(other.stdout).not.toMatch(/\$\d/);
  });

  it('an unreachable DATABASE_URL exits 1 with one line naming it, and no fallback', async () => {
    const r = await runCli(['ask', '--as', OWNER, 'how close am I to Gold?'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('127.0.0.1:1/x');
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stdout).toBe('');
  });

  it('a bad configuration value exits 1 naming the variable', async () => {
    const r = await runCli(['ask', '--as', OWNER, 'hi'], { DATABASE_URL: 'mysql://x' });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^DATABASE_URL /);
  });

  it('program check: OK for program.yml, every problem with its path for a broken file', async () => {
    const good = await runCli(['program', 'check', 'program.yml']);
    expect(good.code).toBe(0);
    expect(good.stdout.trim()).toBe('program.yml: OK (4 tiers, 12 requirements)');

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pulse-prog-')), 'broken.yml');
    writeFileSync(
      file,
      'vendor: X\nportal: not-a-url\ntiers:\n  - name: A\n    requirements:\n      - metric: revnue\n        min: -1\n  - name: a\n',
    );
    const bad = await runCli(['program', 'check', file]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('portal:');
    expect(bad.stdout).toContain('tiers[0].requirements[0].metric:');
    expect(bad.stdout).toContain('tiers[0].requirements[0].min:');

    const dup = path.join(path.dirname(file), 'dup.yml');
    writeFileSync(dup, readFileSync('program.yml', 'utf8').replace('name: Silver', 'name: gold'));
    const dupCheck = await runCli(['program', 'check', dup]);
    expect(dupCheck.code).toBe(1);
    expect(dupCheck.stdout).toContain('tiers[2].name: duplicate tier "Gold"');
    expect(bad.stdout).not.toMatch(NO_STACK);

    const missing = await runCli(['program', 'check', '/nonexistent/p.yml']);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toEqual(['/nonexistent/p.yml: cannot read (no such file)']);
  });

  it('an invalid PULSE_PROGRAM stops ask with one line naming the path of the problem', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pulse-prog-')), 'p.yml');
    writeFileSync(file, readFileSync('program.yml', 'utf8').replace('metric: won_deals', 'metric: wins'));
    const r = await runCli(['ask', '--as', OWNER, 'how close am I to Gold?'], { ...env, PULSE_PROGRAM: file });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/tiers\[1\]\.requirements\[2\]\.metric/);
  });

  it('help and version', async () => {
    const [help, helpCmd, version] = await Promise.all([runCli(['--help']), runCli(['help']), runCli(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pulse ask --as EMAIL');
    expect(helpCmd.stdout).toBe(help.stdout);
    expect(version.stdout.trim()).toMatch(/^pulse \d+\.\d+\.\d+$/);
  });

  it('usage errors exit 2 with one line', async () => {
    const [unknown, noAs, missingValue, scale, reset] = await Promise.all([
      runCli(['frob']),
      runCli(['ask', 'hi']),
      runCli(['ask', '--as']),
      runCli(['db', 'seed', '--scale', '--partners', '0'], env),
      runCli(['db', 'reset'], env),
    ]);
    for (const r of [unknown, noAs, missingValue, scale, reset]) {
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(unknown.stderr.trim()).toBe('unknown command "frob"; see pulse --help');
    expect(missingValue.stderr.trim()).toBe('option --as needs a value; see pulse --help');
    expect(scale.stderr).toMatch(/--partners must be a whole number from 1 to 100,000/);
    expect(reset.stderr).toContain('--yes');
  });

  it('chat with piped stdin answers each line as the demo default user and exits 0', async () => {
    const r = await runCli(['chat'], env, 'how close am I to Gold tier?\n/as nobody@x.example\n/quit\nnever asked\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`chatting as`);
    expect(r.stdout).toContain(OWNER);
    expect(r.stdout).toMatch(/[✓✗]/);
    expect(r.stdout).toContain("You're not linked to Partner Pulse yet");
    expect(r.stdout).not.toContain('never asked');
    expect(r.stderr).toBe('');
  });

  it('chat --as answers as that user, and /as switches to another', async () => {
    const before = await h.db.selectFrom('audit_log').select('id').execute();
    const r = await runCli(['chat', '--as', OWNER], env, 'how close am I to Gold tier?\n/as manager@contoso.example\nhow is Northwind Traders doing?\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Now chatting as Morgan Manager <manager@contoso.example>, channel manager.');
    const audits = await h.db.selectFrom('audit_log').select(['actor', 'outcome']).orderBy('id').execute();
    expect(audits.slice(before.length)).toEqual([
      { actor: OWNER, outcome: 'ok' },
      { actor: 'manager@contoso.example', outcome: 'ok' },
    ]);
  });

  it('chat --as with an unknown email exits 1 with one line', async () => {
    const r = await runCli(['chat', '--as', 'ghost@nowhere.example'], env, 'hello\n');
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
