import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { expect } from 'vitest';
import { parseColumnMap } from '../../src/import/column-map.ts';
import { entitySpecs } from '../../src/import/entities.ts';
import type { EntityName } from '../../src/import/entity-spec.ts';
import type { ImportFormat } from '../../src/import/read-rows.ts';
import { importData, type ImportOutcome, type ImportSummary } from '../../src/import/run-import.ts';
import { loadProgram } from '../../src/program/load.ts';
import type { Program } from '../../src/program/schema.ts';

export const EXAMPLES = new URL('../../examples/import/', import.meta.url).pathname;

export function testProgram(): Program {
  const p = loadProgram(new URL('../../program.yml', import.meta.url).pathname);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

/** The order examples/import/README.md gives: staff, partners, partner users, then the rest. */
export const SAMPLES: ReadonlyArray<readonly [EntityName, string]> = [
  ['users', 'users-vendor-staff.csv'],
  ['partners', 'partners.csv'],
  ['users', 'users.csv'],
  ['deal_registrations', 'deal_registrations.csv'],
  ['revenue', 'revenue.csv'],
  ['leads', 'leads.jsonl'],
  ['certifications', 'certifications.csv'],
  ['mdf', 'mdf.csv'],
  ['incentives', 'incentives.jsonl'],
  ['renewals', 'renewals.csv'],
];

export interface Deps {
  pool: pg.Pool;
  program: Program;
}

interface Options {
  dryRun?: boolean;
  map?: string;
  format?: ImportFormat;
  chunk?: number;
}

/** Imports text or bytes, cut into chunks (default 7 bytes, to cross every boundary there is). */
export async function importBytes(deps: Deps, entity: EntityName, body: string | Buffer, opts: Options = {}): Promise<ImportOutcome> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const size = opts.chunk ?? 7;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const map = opts.map === undefined ? undefined : parseColumnMap(opts.map, entitySpecs(deps.program)[entity]);
  if (map && !map.ok) throw new Error(map.error.message);
  return importData(deps, {
    entity,
    format: opts.format ?? 'csv',
    input: chunks,
    fileName: 'test.csv',
    source: 'import',
    dryRun: opts.dryRun ?? false,
    ...(map ? { columnMap: map.value } : {}),
  });
}

export async function importFile(deps: Deps, entity: EntityName, file: string, opts: Options = {}): Promise<ImportOutcome> {
  const map = opts.map === undefined ? undefined : parseColumnMap(await readFile(opts.map, 'utf8'), entitySpecs(deps.program)[entity]);
  if (map && !map.ok) throw new Error(map.error.message);
  return importData(deps, {
    entity,
    format: file.endsWith('.jsonl') ? 'jsonl' : 'csv',
    input: createReadStream(file),
    fileName: file,
    source: 'import',
    dryRun: opts.dryRun ?? false,
    ...(map ? { columnMap: map.value } : {}),
  });
}

export function expectOk(outcome: ImportOutcome): ImportSummary {
  if (!outcome.ok) throw new Error(`import refused:\n${outcome.problems.map((p) => JSON.stringify(p)).join('\n')}`);
  return outcome.summary;
}

export function expectProblems(outcome: ImportOutcome): Extract<ImportOutcome, { ok: false }>['problems'] {
  expect(outcome.ok).toBe(false);
  return outcome.ok ? [] : outcome.problems;
}

export type Snapshot = Record<string, { rows: number; md5: string }>;

/** Row count and a checksum of the full contents of every table: "unchanged" means all equal. */
export async function snapshot(pool: pg.Pool): Promise<Snapshot> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Snapshot = {};
  // The standard figures are the server's own copy of the data, computed by its job whenever the
  // data version moves (src/metrics/figures): not something a request writes.
  const derived = new Set(['figure_sets', 'partner_figures', 'partner_series']);
  for (const { name } of tables.filter((t) => !derived.has(t.name))) {
    const { rows } = await pool.query<{ rows: number; md5: string | null }>(
      `select count(*)::int as rows, md5(string_agg(t::text, E'\\n' order by t::text)) as md5 from "${name}" t`,
    );
    out[name] = { rows: rows[0]!.rows, md5: rows[0]!.md5 ?? '' };
  }
  return out;
}
