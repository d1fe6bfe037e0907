import type pg from 'pg';
import { now as clockNow } from '../clock.ts';
import type { PulseMetrics } from '../ops/metrics.ts';
import type { Program } from '../program/schema.ts';
import { crossRowProblems } from './checks.ts';
import type { ColumnMap } from './column-map.ts';
import { entitySpecs } from './entities.ts';
import type { EntityName, EntitySpec } from './entity-spec.ts';
import { mergeStage } from './merge.ts';
import { InputFault, MAX_PROBLEMS, ProblemList, type ImportProblem } from './problems.ts';
import { readCsv, readJsonl, type ImportFormat, type RowEvent } from './read-rows.ts';
import { createStageSql, encodeCopyRow, StageWriter } from './stage.ts';
import { decodeUtf8 } from './utf8.ts';
import { validateRow } from './validate-row.ts';

export interface ImportDeps {
  pool: pg.Pool;
  program: Program;
  /** "Now" for the data_sources row; the app clock (PULSE_NOW) by default. */
  now?: () => Date;
  /** Counts the rows written or refused (GET /metrics); dry runs are not counted. */
  metrics?: Pick<PulseMetrics, 'imported' | 'importRejected'>;
}

export interface ImportRequest {
  entity: EntityName;
  format: ImportFormat;
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Shown in data_sources and reports; null for a webhook body. */
  fileName: string | null;
  /** data_sources.source: 'import' (CLI) or 'webhook'. */
  source: string;
  dryRun?: boolean;
  columnMap?: ColumnMap;
}

export interface ImportSummary {
  entity: EntityName;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows older (updated_at) than the stored row: skipped, not applied. */
  stale: number;
  dryRun: boolean;
}

/** All or nothing: a summary when every row was good and written, else every problem found. */
export type ImportOutcome =
  | { ok: true; summary: ImportSummary }
  | { ok: false; entity: EntityName; rows: number; problems: ImportProblem[]; moreProblems: number };

/**
 * Reads, validates and upserts one file (or webhook body) in one transaction. Rows stream through
 * a COPY into a staging table while each is validated; cross-row checks and the merge are SQL.
 * Any problem rolls everything back; `dryRun` rolls back a clean import too, after counting.
 */
export async function importData(deps: ImportDeps, req: ImportRequest): Promise<ImportOutcome> {
  const spec = entitySpecs(deps.program)[req.entity];
  const problems = new ProblemList();
  const client = await deps.pool.connect();
  let broken: Error | undefined;
  const at = (deps.now ?? clockNow)();
  try {
    await client.query('begin');
    // The tier-change trigger dates what this import changes by our clock (a pinned PULSE_NOW too).
    await client.query(`select set_config('pulse.now', $1, true)`, [at.toISOString()]);
    // Two imports of one entity at once would race on the same external ids; take turns.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`pulse-import:${spec.name}`]);
    await client.query(createStageSql(spec));
    const read = await stream(client, spec, req, problems);

    if (problems.count === 0 && read.bytes === 0) problems.add({ message: 'the file is empty (0 bytes)' });
    else if (problems.count === 0 && read.rows === 0) problems.add({ message: 'no rows: the file has a header but no data' });
    if (read.present && read.readable) {
      for (const p of await crossRowProblems(client, spec, read.present, MAX_PROBLEMS)) problems.add(p);
    }
    if (problems.count > 0 || !read.present) {
      await client.query('rollback');
      if (!req.dryRun) deps.metrics?.importRejected(spec.name, req.source, read.rows);
      return { ok: false, entity: spec.name, rows: read.rows, problems: problems.sorted(), moreProblems: problems.dropped };
    }

    // Temporary tables are never auto-analyzed; without statistics a million-row merge may pick a
    // nested loop.
    await client.query('analyze import_stage');
    const counts = await mergeStage(client, spec, read.present);
    await client.query(
      'insert into data_sources (entity, source, file_name, rows, as_of, finished_at) values ($1, $2, $3, $4, $5, clock_timestamp())',
      [spec.name, req.source, req.fileName, read.rows, at],
    );
    await client.query(req.dryRun ? 'rollback' : 'commit');
    const summary: ImportSummary = {
      entity: spec.name,
      rows: read.rows,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: read.rows - counts.inserted - counts.updated - counts.stale,
      stale: counts.stale,
      dryRun: req.dryRun === true,
    };
    if (!req.dryRun) deps.metrics?.imported({ ...summary, source: req.source });
    return { ok: true, summary };
  } catch (e) {
    broken = e instanceof Error ? e : new Error(String(e));
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    // A client whose COPY or transaction failed midway is not given back to the pool.
    client.release(broken);
  }
}

interface ReadResult {
  rows: number;
  bytes: number;
  /** Our columns the input has; undefined when no header was read. */
  present: boolean[] | undefined;
  /** False after a fault that stopped reading: the stage holds only part of the file. */
  readable: boolean;
}

async function stream(client: pg.PoolClient, spec: EntitySpec, req: ImportRequest, problems: ProblemList): Promise<ReadResult> {
  const stats = { bytes: 0 };
  const text = decodeUtf8(req.input, stats);
  const events: AsyncIterable<RowEvent[]> =
    req.format === 'csv' ? readCsv(text, spec, req.columnMap) : readJsonl(text, spec, req.columnMap);
  const writer = new StageWriter(client, spec);
  const width = spec.columns.length;
  const result: ReadResult = { rows: 0, bytes: 0, present: undefined, readable: true };
  const rowProblems: ImportProblem[] = [];
  try {
    for await (const batch of events) {
      for (const ev of batch) {
        if (ev.kind === 'columns') {
          for (const p of ev.problems) problems.add(p);
          if (ev.problems.length && req.format === 'csv') result.readable = false;
          else result.present = ev.present;
          continue;
        }
        result.rows++;
        for (const p of ev.problems) problems.add(p);
        if (ev.cells === null) continue;
        rowProblems.length = 0;
        const values = validateRow(spec, ev.cells, ev.line, rowProblems);
        for (const p of rowProblems) problems.add(p);
        await writer.write(encodeCopyRow(ev.line, values, width));
      }
    }
  } catch (e) {
    if (!(e instanceof InputFault)) {
      writer.abort(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
    if (stats.bytes === 0) problems.add({ message: 'the file is empty (0 bytes)' });
    else problems.add({ ...(e.line !== undefined ? { line: e.line } : {}), message: e.message });
    result.readable = false;
  }
  await writer.end();
  result.bytes = stats.bytes;
  if (result.bytes === 0) result.readable = false;
  return result;
}
