import type { ColumnMap } from './column-map.ts';
import { CsvParser, detectDelimiter, MAX_RECORD_CHARS, type CsvFault, type CsvRecord } from './csv.ts';
import type { EntitySpec } from './entity-spec.ts';
import { resolveHeader, slotFor, type Slot } from './header.ts';
import { repeatedKey } from './json-keys.ts';
import { InputFault, type ImportProblem } from './problems.ts';

export type ImportFormat = 'csv' | 'jsonl';

/**
 * What the readers hand on, in batches (one await per chunk, not per row):
 * - `columns`: which of our columns the file has (CSV: from the header, before any row;
 *   JSONL: every key seen, after the last row), with header problems;
 * - `row`: one data row; `cells` aligned with the entity's columns, undefined where absent, or
 *   null when the row cannot be read into columns at all (see `problems`).
 */
export type RowEvent =
  | { kind: 'columns'; present: boolean[]; problems: ImportProblem[] }
  | { kind: 'row'; line: number; cells: unknown[] | null; problems: ImportProblem[] };

const isBlank = (r: CsvRecord): boolean => r.fields.length === 1 && r.fields[0]!.trim() === '';

export async function* readCsv(text: AsyncIterable<string>, spec: EntitySpec, map: ColumnMap | undefined): AsyncGenerator<RowEvent[]> {
  let parser: CsvParser | undefined;
  let head = '';
  let plan: { slots: (number | null)[]; width: number } | undefined;
  let badHeader = false;
  const records: CsvRecord[] = [];

  const drain = function* (): Generator<RowEvent[]> {
    const out: RowEvent[] = [];
    for (const r of records) {
      if (isBlank(r)) continue;
      if (!plan) {
        const h = resolveHeader(r.fields, r.line, spec, map);
        out.push({ kind: 'columns', present: h.plan.present, problems: h.problems });
        if (h.problems.length) {
          badHeader = true;
          yield out;
          return;
        }
        plan = { slots: h.plan.slots, width: r.fields.length };
        continue;
      }
      if (r.fields.length !== plan.width) {
        const n = r.fields.length;
        const message =
          n > plan.width
            ? `too many fields: ${n}, the header has ${plan.width} (a value with a delimiter in it needs "quotes")`
            : `too few fields: ${n}, the header has ${plan.width}`;
        out.push({ kind: 'row', line: r.line, cells: null, problems: [{ line: r.line, message }] });
        continue;
      }
      const cells: unknown[] = new Array<unknown>(spec.columns.length);
      for (let i = 0; i < r.fields.length; i++) {
        const slot = plan.slots[i];
        if (slot !== null && slot !== undefined) cells[slot] = r.fields[i];
      }
      out.push({ kind: 'row', line: r.line, cells, problems: [] });
    }
    records.length = 0;
    if (out.length) yield out;
  };

  // Rows read before a fault are still checked, so the report holds their problems too.
  const fault = (f: CsvFault | undefined): void => {
    if (f) throw new InputFault(f.line, f.message);
  };

  for await (const chunk of text) {
    let f: CsvFault | undefined;
    if (!parser) {
      head += chunk;
      const nl = head.indexOf('\n');
      if (nl === -1 && head.length < MAX_RECORD_CHARS) continue;
      parser = new CsvParser(detectDelimiter(head.slice(0, nl === -1 ? head.length : nl)));
      f = parser.push(head, records);
      head = '';
    } else {
      f = parser.push(chunk, records);
    }
    for (const batch of drain()) {
      yield batch;
      if (badHeader) return;
    }
    fault(f);
  }
  let f: CsvFault | undefined;
  if (!parser && head !== '') {
    parser = new CsvParser(detectDelimiter(head));
    f = parser.push(head, records);
  }
  if (parser && !f) f = parser.end(records);
  for (const batch of drain()) yield batch;
  if (badHeader) return;
  fault(f);
  if (!plan && !badHeader) throw new InputFault(undefined, 'the file has no header line (it is empty or blank)');
}

/** One JSON object per line, keyed by our column names (or theirs, through --map). */
export async function* readJsonl(text: AsyncIterable<string>, spec: EntitySpec, map: ColumnMap | undefined): AsyncGenerator<RowEvent[]> {
  const present = spec.columns.map(() => false);
  const slots = new Map<string, Slot>();
  const unknownSeen = new Set<string>();
  let pending = '';
  let line = 0;

  const parseLine = (raw: string): RowEvent | undefined => {
    line++;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s.trim() === '') return undefined;
    let obj: unknown;
    try {
      obj = JSON.parse(s);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { kind: 'row', line, cells: null, problems: [{ line, message: `not valid JSON (${why})` }] };
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      return { kind: 'row', line, cells: null, problems: [{ line, message: 'expected a JSON object ({"column": value, …})' }] };
    }
    const cells: unknown[] = new Array<unknown>(spec.columns.length);
    const problems: ImportProblem[] = [];
    const entries = Object.entries(obj);
    const twice = repeatedKey(s, entries.length);
    if (twice !== undefined) {
      // JSON.parse kept only the last value: which one the sender meant is anyone's guess.
      problems.push({ line, column: twice, message: 'the same key twice in one object; give each key once' });
    }
    for (const [key, value] of entries) {
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = slotFor(key, spec, map);
        slots.set(key, slot);
      }
      if (slot === 'unknown') {
        if (!unknownSeen.has(key)) {
          unknownSeen.add(key);
          problems.push({
            line,
            column: key,
            message: `unknown column for ${spec.name} (columns: ${spec.columns.map((c) => c.name).join(', ')}); rename or ignore it with --map`,
          });
        }
        continue;
      }
      if (slot === null) continue;
      if (cells[slot] !== undefined) {
        problems.push({ line, column: spec.columns[slot]!.name, message: `given twice (as "${key}" and another key)` });
      }
      cells[slot] = value === null ? '' : value;
      present[slot] = true;
    }
    spec.columns.forEach((c, i) => {
      if (c.required && cells[i] === undefined) problems.push({ line, column: c.name, message: 'required, but missing' });
    });
    return { kind: 'row', line, cells, problems };
  };

  for await (const chunk of text) {
    pending += chunk;
    const out: RowEvent[] = [];
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
      const ev = parseLine(pending.slice(start, nl));
      if (ev) out.push(ev);
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_RECORD_CHARS) throw new InputFault(line + 1, 'a line longer than 1 MiB');
    if (out.length) yield out;
  }
  const last = pending === '' ? undefined : parseLine(pending);
  const tail: RowEvent[] = last ? [last] : [];
  tail.push({ kind: 'columns', present, problems: [] });
  yield tail;
}
