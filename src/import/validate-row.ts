import type { EntitySpec } from './entity-spec.ts';
import type { Value } from './fields.ts';
import type { ImportProblem } from './problems.ts';

export const cellText = (cell: unknown): string =>
  typeof cell === 'string' ? cell : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);

/**
 * One row through the entity's zod fields, then its cross-column rules. Every bad cell is named,
 * not just the first. `values` keeps what did parse (null elsewhere) so the row can still be staged
 * for the checks that look across rows (duplicates, references).
 */
export function validateRow(
  spec: EntitySpec,
  cells: readonly unknown[],
  line: number,
  problems: ImportProblem[],
): (Value | undefined)[] {
  const values: (Value | undefined)[] = new Array<Value | undefined>(spec.columns.length);
  const before = problems.length;
  for (let i = 0; i < spec.columns.length; i++) {
    const cell = cells[i];
    if (cell === undefined) continue;
    const col = spec.columns[i]!;
    const r = col.schema.safeParse(cell);
    if (r.success) {
      values[i] = r.data;
    } else {
      values[i] = null;
      problems.push({ line, column: col.name, value: cellText(cell), message: r.error.issues[0]?.message ?? 'invalid' });
    }
  }
  if (problems.length === before && spec.check) {
    const row: Record<string, Value | undefined> = {};
    spec.columns.forEach((c, i) => (row[c.name] = values[i]));
    for (const issue of spec.check(row)) {
      const i = spec.columns.findIndex((c) => c.name === issue.column);
      const cell = cells[i];
      problems.push({ line, column: issue.column, ...(cell !== undefined ? { value: cellText(cell) } : {}), message: issue.message });
    }
  }
  return values;
}
