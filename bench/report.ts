import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { round } from './stats.ts';

/** One line of the bench table and of bench/results.json. */
export interface ResultRow {
  name: string;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  ratio_to_bare: number | null;
  target: string;
  /** null: nothing to judge (not available, or a figure without a target). */
  met: boolean | null;
  /** Counts, rates and anything else worth a word (qps, errors, RSS, rows). */
  note?: string;
  /** The same measurement run again (`--runs`), so a reader sees the spread; its figures only. */
  again?: RunFigures[];
}

export type RunFigures = Pick<ResultRow, 'p50_ms' | 'p95_ms' | 'p99_ms' | 'ratio_to_bare' | 'met' | 'note'>;

const figuresOf = (r: ResultRow): RunFigures => ({ p50_ms: r.p50_ms, p95_ms: r.p95_ms, p99_ms: r.p99_ms, ratio_to_bare: r.ratio_to_bare, met: r.met, note: r.note });

/**
 * One row per measurement from the rows of several runs of a section: the first run's row, with
 * each later run's figures for the same name under `again`. A row only a later run has is kept.
 */
export function pairRuns(runs: readonly (readonly ResultRow[])[]): ResultRow[] {
  const out: ResultRow[] = [];
  const byName = new Map<string, ResultRow>();
  for (const rows of runs) {
    for (const r of rows) {
      const first = byName.get(r.name);
      if (!first) {
        const row = { ...r };
        byName.set(r.name, row);
        out.push(row);
      } else {
        first.again = [...(first.again ?? []), figuresOf(r)];
      }
    }
  }
  return out;
}

/** Met in every run; null when no run had anything to judge. */
export const metInAll = (r: ResultRow): boolean | null => {
  const all = [r.met, ...(r.again ?? []).map((a) => a.met)].filter((m): m is boolean => m !== null);
  return all.length === 0 ? null : all.every(Boolean);
};

const one = (v: number | null, digits = 1): string => (v === null || !Number.isFinite(v) ? '-' : round(v, digits).toFixed(digits));

/** A figure of every run, "first / second". */
const cells = (r: ResultRow, key: 'p50_ms' | 'p95_ms' | 'p99_ms' | 'ratio_to_bare', digits = 1): string =>
  [r[key], ...(r.again ?? []).map((a) => a[key])].map((v) => one(v, digits)).join(' / ');

const metCell = (r: ResultRow, no: string): string => {
  const all = [r.met, ...(r.again ?? []).map((a) => a.met)];
  if (all.every((m) => m === null)) return '-';
  return all.map((m) => (m === null ? '-' : m ? 'yes' : no)).join(' / ');
};

export function formatTable(rows: readonly ResultRow[]): string {
  const head = ['name', 'p50 ms', 'p95 ms', 'p99 ms', 'x bare', 'target', 'met', 'note'];
  const body = rows.map((r) => [
    r.name,
    cells(r, 'p50_ms'),
    cells(r, 'p95_ms'),
    cells(r, 'p99_ms'),
    cells(r, 'ratio_to_bare', 2),
    r.target,
    metCell(r, 'NO'),
    [r.note, ...(r.again ?? []).map((a, i) => (a.note && a.note !== r.note ? `run ${i + 2}: ${a.note}` : undefined))].filter(Boolean).join('; '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The same table as markdown, for the README. */
export function formatMarkdown(rows: readonly ResultRow[]): string {
  const out = ['| name | p50 ms | p95 ms | p99 ms | × bare | target | met | note |', '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |'];
  for (const r of rows) {
    out.push(
      `| ${r.name} | ${cells(r, 'p50_ms')} | ${cells(r, 'p95_ms')} | ${cells(r, 'p99_ms')} | ${cells(r, 'ratio_to_bare', 2)} | ${r.target} | ${metCell(r, '**no**')} | ${r.note ?? ''} |`,
    );
  }
  return out.join('\n');
}

export interface ResultsFile {
  generatedAt: string;
  mode: 'full' | 'quick';
  partners: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  /** How many times each timed section ran (rows carry the later runs under `again`). */
  runs: number;
  dataset: Record<string, unknown>;
  correctness: { checked: number; mismatches: string[] };
  rows: ResultRow[];
}

export async function writeResults(file: string, results: ResultsFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const rounded = <T extends RunFigures>(r: T): T => ({
    ...r,
    p50_ms: r.p50_ms === null ? null : round(r.p50_ms),
    p95_ms: r.p95_ms === null ? null : round(r.p95_ms),
    p99_ms: r.p99_ms === null ? null : round(r.p99_ms),
    ratio_to_bare: r.ratio_to_bare === null ? null : round(r.ratio_to_bare),
  });
  const rows = results.rows.map((r) => ({ ...rounded(r), ...(r.again ? { again: r.again.map(rounded) } : {}) }));
  await writeFile(file, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
}
