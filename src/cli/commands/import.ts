import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { loadColumnMap, type ColumnMap } from '../../import/column-map.ts';
import { entitySpecs } from '../../import/entities.ts';
import { ENTITY_NAMES, isEntityName } from '../../import/entity-spec.ts';
import type { ImportFormat } from '../../import/read-rows.ts';
import { problemLines, summaryLine } from '../../import/report.ts';
import { importData } from '../../import/run-import.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { withApp } from '../with-app.ts';

export const IMPORT_USAGE = `pulse import <entity> FILE [--dry-run] [--map FILE.yml]
  Loads FILE (.csv or .jsonl) into one of: ${ENTITY_NAMES.join(', ')}.
  All or nothing: every bad row is listed (line, column, value, reason) and nothing is written.
  Rows are upserted by external_id, so importing the same file again changes nothing.
  With an updated_at column (ISO 8601), a row older than the stored one is skipped and counted.
  --dry-run   validate and count what would change, write nothing
  --map FILE  YAML mapping of your column names to ours, e.g. "Partner ID": external_id
              (a column mapped to ~ is ignored)
  Columns per entity and sample files: examples/import/README.md.
  Exit 0 when imported, 1 when refused (nothing written), 2 on a usage mistake.`;

const FORMATS: Record<string, ImportFormat> = { '.csv': 'csv', '.txt': 'csv', '.tsv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

async function readable(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? undefined : 'not a file';
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable');
  }
}

/** `pulse import <entity> FILE [--dry-run] [--map FILE.yml]`. */
export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      map: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, IMPORT_USAGE);
    return EXIT_OK;
  }
  const [entity, file, ...extra] = positionals;
  if (entity === undefined || file === undefined) throw new UsageError(`usage: pulse import <entity> FILE [--dry-run] [--map FILE.yml]; see pulse import --help`);
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}; pulse import takes one entity and one FILE`);
  if (!isEntityName(entity)) throw new UsageError(`unknown entity "${entity}" (one of ${ENTITY_NAMES.join(', ')})`);
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) throw new UsageError(`${file}: expected a .csv or .jsonl file`);
  const unreadable = await readable(file);
  if (unreadable) {
    println(io.stderr, `${file}: cannot read (${unreadable})`);
    return EXIT_FAIL;
  }

  // An import into a fresh embedded database must not be mixed with the demo program.
  return withApp(
    io,
    async (app) => {
      let columnMap: ColumnMap | undefined;
      if (values.map !== undefined) {
        const loaded = await loadColumnMap(values.map, entitySpecs(app.program)[entity]);
        if (!loaded.ok) {
          println(io.stderr, loaded.error.message);
          return EXIT_FAIL;
        }
        columnMap = loaded.value;
      }
      const outcome = await importData(
        { pool: app.handle.pool, program: app.program },
        {
          entity,
          format,
          input: createReadStream(file, { highWaterMark: 1 << 18 }),
          fileName: file,
          source: 'import',
          dryRun: values['dry-run'],
          ...(columnMap ? { columnMap } : {}),
        },
      );
      if (outcome.ok) {
        println(io.stdout, summaryLine(outcome.summary, file));
        return EXIT_OK;
      }
      for (const line of problemLines(outcome, file)) println(io.stderr, line);
      return EXIT_FAIL;
    },
    { seedWhenEmpty: false },
  );
}
