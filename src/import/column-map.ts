import { readFile } from 'node:fs/promises';
import { parse, YAMLParseError } from 'yaml';
import { fail, ok, type Result } from '../errors.ts';
import type { EntitySpec } from './entity-spec.ts';

/**
 * Their column name (trimmed, lower case) → ours, or null for a column to ignore. From a YAML
 * mapping such as `{ "Partner ID": external_id, "Account": partner, "Notes": ~ }`.
 */
export type ColumnMap = ReadonlyMap<string, string | null>;

export const headerKey = (name: string): string => name.trim().toLowerCase();

export function parseColumnMap(text: string, spec: EntitySpec, source = '--map'): Result<ColumnMap> {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}` : '';
    return fail('bad_input', `${source}: not valid YAML${where}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('bad_input', `${source}: expected a mapping of their column names to ours, e.g. "Partner ID": external_id`);
  }
  const ours = new Set(spec.columns.map((c) => c.name));
  const map = new Map<string, string | null>();
  const problems: string[] = [];
  for (const [theirs, value] of Object.entries(raw)) {
    if (value === null || value === '') {
      map.set(headerKey(theirs), null);
    } else if (typeof value !== 'string') {
      problems.push(`"${theirs}" maps to ${JSON.stringify(value)}; expected one of our column names, or ~ to ignore it`);
    } else if (!ours.has(value.trim())) {
      problems.push(`"${theirs}" maps to "${value}", which is not a ${spec.name} column (${[...ours].join(', ')})`);
    } else {
      map.set(headerKey(theirs), value.trim());
    }
  }
  if (problems.length) return fail('bad_input', `${source}: ${problems.join('; ')}`);
  return ok(map);
}

export async function loadColumnMap(file: string, spec: EntitySpec): Promise<Result<ColumnMap>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    return fail('bad_input', `${file}: cannot read the column map (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`);
  }
  return parseColumnMap(text, spec, file);
}
