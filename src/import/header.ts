import { headerKey, type ColumnMap } from './column-map.ts';
import type { EntitySpec } from './entity-spec.ts';
import type { ImportProblem } from './problems.ts';

/** What a file's column name means: one of our columns (its index), ignored (null), or unknown. */
export type Slot = number | null | 'unknown';

/** Resolves one name through `--map` first, then our own names (case-insensitive). */
export function slotFor(name: string, spec: EntitySpec, map: ColumnMap | undefined): Slot {
  const key = headerKey(name);
  const mapped = map?.get(key);
  const ours = mapped === undefined ? key : mapped;
  if (ours === null) return null;
  const i = spec.columns.findIndex((c) => c.name === ours);
  return i >= 0 ? i : 'unknown';
}

export interface HeaderPlan {
  /** Per field of the file: the column it fills, or null when ignored. */
  slots: (number | null)[];
  /** Per column of the entity: whether the file has it. */
  present: boolean[];
}

const names = (spec: EntitySpec): string => spec.columns.map((c) => c.name).join(', ');

/** Every header problem at once: empty names, unknown and duplicate columns, missing required ones. */
export function resolveHeader(
  fields: readonly string[],
  line: number,
  spec: EntitySpec,
  map: ColumnMap | undefined,
): { plan: HeaderPlan; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const slots: (number | null)[] = [];
  const present = spec.columns.map(() => false);
  const firstAt = new Map<number, string>();
  const unknown: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') {
      problems.push({ line, message: `header field ${i + 1} has no name (a stray delimiter at the end of the header?)` });
      slots.push(null);
      return;
    }
    const slot = slotFor(name, spec, map);
    if (slot === 'unknown') {
      unknown.push(name);
      slots.push(null);
      return;
    }
    slots.push(slot);
    if (slot === null) return;
    const column = spec.columns[slot]!.name;
    const earlier = firstAt.get(slot);
    if (earlier !== undefined) {
      problems.push({ line, column, message: `header has "${earlier}" and "${name}", both for column ${column}` });
    }
    firstAt.set(slot, name);
    present[slot] = true;
  });

  if (firstAt.size === 0 && unknown.length > 0) {
    problems.push({
      line,
      message: `the first line is not a ${spec.name} header: none of its fields names a column we know (expected: ${names(spec)}); is the header missing, or is this a file for another entity?`,
    });
    return { plan: { slots, present }, problems };
  }
  for (const name of unknown) {
    problems.push({
      line,
      column: name,
      message: `unknown column for ${spec.name} (columns: ${names(spec)}); rename or ignore it with --map`,
    });
  }
  spec.columns.forEach((c, i) => {
    if (c.required && !present[i]) problems.push({ line, column: c.name, message: 'required column is missing from the header' });
  });
  return { plan: { slots, present }, problems };
}
