import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entitySpecs } from '../../src/import/entities.ts';
import { openApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { answer } from '../../src/core/answer.ts';
import { testDb } from '../helpers/db.ts';
import { EXAMPLES, expectOk, importFile, SAMPLES, snapshot, testProgram, type Deps, type Snapshot } from './helpers.ts';

// Every sample file into an empty database, then all of them again: the second pass must change
// nothing at all, and the data must answer Northwind's tier question.
describe('the sample files', () => {
  let deps: Deps;
  let first: Snapshot;
  let handle: Awaited<ReturnType<typeof testDb>>;

  beforeAll(async () => {
    handle = await testDb({ demo: false });
    deps = { pool: handle.pool, program: testProgram() };
  });

  it('import into an empty database, every row inserted', async () => {
    for (const [entity, file] of SAMPLES) {
      const s = expectOk(await importFile(deps, entity, join(EXAMPLES, file)));
      expect(s, file).toMatchObject({ entity, inserted: s.rows, updated: 0, unchanged: 0, dryRun: false });
      expect(s.rows, file).toBeGreaterThan(0);
    }
    first = await snapshot(deps.pool);
    expect(first.partners?.rows).toBe(5);
    expect(first.users?.rows).toBe(10);
    expect(first.data_sources?.rows).toBe(SAMPLES.length);
    const ds = await deps.pool.query(`select entity, source, file_name, rows from data_sources where entity = 'revenue'`);
    expect(ds.rows).toEqual([{ entity: 'revenue', source: 'import', file_name: join(EXAMPLES, 'revenue.csv'), rows: 62 }]);
  });

  it('import again: every row unchanged, every table identical', async () => {
    for (const [entity, file] of SAMPLES) {
      const s = expectOk(await importFile(deps, entity, join(EXAMPLES, file)));
      expect(s, file).toMatchObject({ inserted: 0, updated: 0, unchanged: s.rows });
    }
    const second = await snapshot(deps.pool);
    // Bookkeeping, not data: data_sources records each import, and data_version (the cache key
    // of peer cohorts) moves with every writing statement, even one that changed no row.
    const { data_sources: ds1, data_version: v1, ...rest1 } = first;
    const { data_sources: ds2, data_version: v2, ...rest2 } = second;
    expect(rest2).toEqual(rest1);
    expect(v2?.rows).toBe(v1?.rows);
    // Each import is recorded, the second pass included.
    expect(ds2?.rows).toBe((ds1?.rows ?? 0) + SAMPLES.length);
  });

  it('the same deals as a CRM writes them (--map, US dates, "Closed Won", CRLF) change nothing', async () => {
    const before = await snapshot(deps.pool);
    const s = expectOk(
      await importFile(deps, 'deal_registrations', join(EXAMPLES, 'crm/opportunities.csv'), {
        map: join(EXAMPLES, 'crm/opportunities.map.yml'),
      }),
    );
    expect(s).toMatchObject({ rows: 70, inserted: 0, updated: 0, unchanged: 70 });
    const after = await snapshot(deps.pool);
    expect(after.deal_registrations).toEqual(before.deal_registrations);
  });

  it('resolves references by external id, by name and by email, within the file too', async () => {
    const { rows } = await deps.pool.query(
      `select p.name, parent.name as parent, cm.email as manager
         from partners p left join partners parent on parent.id = p.parent_id left join users cm on cm.id = p.channel_manager_id
        order by p.external_id`,
    );
    expect(rows).toEqual([
      { name: 'Northwind Traders', parent: 'Tailspin Distribution', manager: 'maria.lopez@contoso.example' },
      { name: 'Adventure Works Cloud', parent: null, manager: 'sam.okafor@contoso.example' },
      { name: 'Wide World Importers, Ltd.', parent: 'Tailspin Distribution', manager: 'maria.lopez@contoso.example' },
      { name: 'Litware Systems', parent: null, manager: 'sam.okafor@contoso.example' },
      { name: 'Tailspin Distribution', parent: null, manager: 'maria.lopez@contoso.example' },
    ]);
    const owner = await deps.pool.query(
      `select u.role, u.time_zone, p.name as partner from users u join partners p on p.id = u.partner_id where u.email = 'owner@northwind.example'`,
    );
    expect(owner.rows).toEqual([{ role: 'partner_admin', time_zone: 'Europe/London', partner: 'Northwind Traders' }]);
    const tom = await deps.pool.query(`select role, time_zone from users where external_id = 'U-1003'`);
    expect(tom.rows).toEqual([{ role: 'partner_user', time_zone: 'UTC' }]);
    const holders = await deps.pool.query(
      `select c.external_id, u.email, c.holder_name from certifications c left join users u on u.id = c.holder_user_id
        where c.external_id in ('C-0001', 'C-0002', 'C-0004') order by 1`,
    );
    expect(holders.rows).toEqual([
      { external_id: 'C-0001', email: 'owner@northwind.example', holder_name: 'Nora Winters' },
      { external_id: 'C-0002', email: 'nina.berg@northwind.example', holder_name: 'Nina Berg' },
      { external_id: 'C-0004', email: null, holder_name: 'Jonas Müller' },
    ]);
  });

  it("holds what Northwind's Gold question needs (today 2026-11-23, trailing 12 months from 2025-11-24)", async () => {
    const q = async (sql: string) => (await deps.pool.query(sql)).rows[0] as Record<string, unknown>;
    const nw = `(select id from partners where name = 'Northwind Traders')`;
    expect(await q(`select sum(amount_cents)::bigint as c from revenue where partner_id = ${nw} and booked_on >= '2025-11-24' and booked_on < '2026-11-24'`)).toEqual({ c: 41_000_000 });
    expect(await q(`select count(*)::int as n from deal_registrations where partner_id = ${nw} and status = 'won' and closed_on >= '2025-11-24' and closed_on < '2026-11-24'`)).toEqual({ n: 12 });
    expect(await q(`select count(*)::int as n from certifications where partner_id = ${nw} and earned_on <= '2026-11-23' and expires_on >= '2026-11-23'`)).toEqual({ n: 4 });
    expect(
      await q(`select count(*) filter (where status = 'renewed')::int as renewed, count(*) filter (where status = 'churned')::int as churned
                 from renewals where partner_id = ${nw} and due_on >= '2025-11-24' and due_on < '2026-11-24'`),
    ).toEqual({ renewed: 5, churned: 1 });
    expect(await q(`select tier from partners where id = ${nw}`)).toEqual({ tier: 'Silver' });
  });

  it('answers "how close am I to Gold tier?" for owner@northwind.example from the imported data, as of the last import', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: handle.url });
    if (!config.ok) throw new Error(config.error.message);
    const opened = await openApp(config.value, { handle, seedWhenEmpty: false });
    if (!opened.ok) throw new Error(opened.error.message);
    const r = await answer(opened.value, { platform: 'console', workspaceId: 'local', platformUserId: 'owner@northwind.example', email: 'owner@northwind.example', text: 'how close am I to Gold tier?' });
    expect(r.outcome).toBe('ok');
    expect(r.intent).toBe('tier_progress');
    expect(r.reply.summary).toMatch(/^Northwind Traders is Silver\./);
    const byLabel = Object.fromEntries(r.reply.facts.map((f) => [f.label, f.display]));
    expect(byLabel).toMatchObject({ Revenue: '$410,000 of $500,000', 'Active certifications': '4 of 5', 'Won deals': '12 of 15' });
    const { rows } = await deps.pool.query<{ at: Date }>('select max(as_of) as at from data_sources');
    expect(r.reply.asOf).toBe(rows[0]!.at.toISOString());
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const before = await snapshot(deps.pool);
    const text = `external_id,partner,product_line,customer,amount,booked_on\nINV-00001,P-1001,Cloud,Fabrikam Ltd,"$41,250.01",2025-12-03\nNEW-1,Northwind Traders,Cloud,Coho Winery,10,2026-11-01\n`;
    const { importBytes } = await import('./helpers.ts');
    const s = expectOk(await importBytes(deps, 'revenue', text, { dryRun: true }));
    expect(s).toEqual({ entity: 'revenue', rows: 2, inserted: 1, updated: 1, unchanged: 0, stale: 0, dryRun: true });
    expect(await snapshot(deps.pool)).toEqual(before);
  });

  it('README documents every column of every entity, and every sample file', async () => {
    const readme = await readFile(join(EXAMPLES, 'README.md'), 'utf8');
    for (const spec of Object.values(entitySpecs(deps.program))) {
      const section = readme.split(`### ${spec.name}\n`)[1]?.split('\n### ')[0] ?? '';
      expect(section, spec.name).not.toBe('');
      for (const c of spec.columns) expect(section, `${spec.name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.required ? 'yes' : ''} |`);
    }
    for (const [entity, file] of SAMPLES) expect(readme).toMatch(new RegExp(`pulse import ${entity} +examples/import/${file.replace('.', '\\.')}`));
  });
});
